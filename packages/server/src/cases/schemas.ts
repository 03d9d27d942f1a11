import { z } from "zod";
import { page, pageSize, uuid } from "../identity/schemas";

const name = z.string().trim().regex(/^[a-z][a-z0-9_]*$/).max(50);

/** Opening a case. The payload is the opening transition's data, validated by core against the kind. */
export const openCaseBody = z.strictObject({
  kind: name,
  /** The opening transition when a kind has several (data_demand: submit | submit_to_authority). */
  action: name.optional(),
  /** The organisation the caller acts for; null = as a natural person; default: the caller's first. */
  asOrganisationId: uuid.nullish(),
  handlerOrganisationId: uuid.optional(),
  subject: z.strictObject({ type: z.string().trim().min(1).max(50), id: z.string().trim().min(1).max(100) }).optional(),
  title: z.string().trim().min(1).max(200),
  payload: z.record(z.string(), z.unknown()).default({}),
});

export const caseParams = z.object({ id: uuid });
export const actionParams = z.object({ id: uuid, action: name });
export const attachmentParams = z.object({ id: uuid, attachmentId: uuid });

export const actionBody = z.strictObject({
  /** The version the caller read (optimistic concurrency). */
  expectedVersion: z.int().min(1),
  payload: z.record(z.string(), z.unknown()).default({}),
});

export const listCasesQuery = z.object({
  role: z.enum(["applicant", "handler", "authority", "third_party"]).optional(),
  state: name.optional(),
  kind: name.optional(),
  /** Only cases with a clock due soon (and none overdue), or overdue, today. */
  due: z.enum(["due_soon", "overdue"]).optional(),
  /** newest: newest first; due: the next due date first (cases without a running clock last). */
  sort: z.enum(["newest", "due"]).default("newest"),
  page,
  pageSize,
});

/** Two organisations, comma-separated: `?organisations=<uuid>,<uuid>`. */
export const disputeRoutingQuery = z.object({
  organisations: z
    .string()
    .transform((v) => v.split(",").map((x) => x.trim()))
    .pipe(z.tuple([uuid, uuid])),
});

export const boardQuery = z.object({ status: z.enum(["due_soon", "overdue"]).optional(), page, pageSize });

export const notificationsQuery = z.object({
  unread: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  page,
  pageSize,
});
