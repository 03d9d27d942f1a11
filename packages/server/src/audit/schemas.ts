// Responses of the audit record: core's entries, breaks and checkpoints as the service returns them.
import { HASH_ALGORITHMS, type ChainBreak, type ChainedEntry, type SignedCheckpoint } from "@shuyuan/core";
import { z } from "zod";
import { isoTimestamp, timestamp } from "../http/openapi";

const hash = z.string();
const nullableId = z.string().nullable();

export const auditEntry = z
  .object({
    seq: z.int(),
    at: isoTimestamp,
    action: z.string(),
    outcome: z.enum(["success", "denied", "error"]),
    actorUserId: nullableId,
    actorOrganisationId: nullableId,
    tokenId: nullableId,
    regionCode: z.string().nullable(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    datasetId: nullableId,
    fields: z.array(z.string()).nullable(),
    rowCount: z.int().nullable(),
    purpose: z.string().nullable(),
    grantId: nullableId,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    payloadDigest: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    prevHash: hash,
    hash,
  })
  .meta({ id: "AuditEntry" }) satisfies z.ZodType<ChainedEntry, unknown>;

/** Newest first; `nextBeforeSeq` asks for the page after this one, null at the end. */
export const auditPage = z.object({ items: z.array(auditEntry), nextBeforeSeq: z.int().nullable() });

export const auditTrace = z.object({
  items: z.array(
    z.object({
      actorUserId: nullableId,
      actorOrganisationId: nullableId,
      action: z.string(),
      purpose: z.string().nullable(),
      grantId: nullableId,
      uses: z.int(),
      rows: z.int(),
      firstAt: timestamp,
      lastAt: timestamp,
    }),
  ),
});

const chainBreak = z.discriminatedUnion("kind", [
  z.object({ seq: z.int(), kind: z.enum(["content", "link"]), message: z.string() }),
  z.object({ seq: z.int(), kind: z.literal("gap"), message: z.string(), missingFrom: z.int(), missingTo: z.int() }),
]) satisfies z.ZodType<ChainBreak>;

export const verifyReport = z
  .object({
    ok: z.boolean(),
    algorithm: z.enum(HASH_ALGORITHMS),
    fromSeq: z.int(),
    toSeq: z.int(),
    checked: z.int(),
    /** The first broken entries, by seq. */
    breaks: z.array(chainBreak),
    checkpoints: z.object({ checked: z.int(), failed: z.array(z.object({ seq: z.int(), reason: z.string() })) }),
  })
  .meta({ id: "AuditVerifyReport" });

export const signedCheckpoint = z
  .object({
    platform: z.string(),
    seq: z.int(),
    headHash: hash,
    algorithm: z.enum(HASH_ALGORITHMS),
    signedAt: isoTimestamp,
    signatureAlgorithm: z.literal("ed25519"),
    /** base64 */
    signature: z.string(),
    /** SPKI PEM of the signing key */
    publicKey: z.string(),
  })
  .meta({ id: "AuditCheckpoint" }) satisfies z.ZodType<SignedCheckpoint, unknown>;

export const checkpoints = z.object({ items: z.array(signedCheckpoint) });

/** A seq range with what proves it: the entry before it, and the first checkpoint at or after its end. */
export const auditExport = z.object({
  algorithm: z.enum(HASH_ALGORITHMS),
  anchor: z.object({ seq: z.int(), hash }).nullable(),
  entries: z.array(auditEntry),
  checkpoint: signedCheckpoint.nullable(),
  publicKey: z.string(),
});
