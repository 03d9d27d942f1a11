import { CATALOG_KINDS, ENTRY_STATUSES, FORMATS, OPEN_TYPES, SHARE_TYPES, THEMES, UPDATE_FREQUENCIES } from "@shuyuan/core";
import { z } from "zod";
import { page, pageSize, uuid } from "../identity/schemas";

const reasons = z.array(z.string().trim().min(1).max(2000)).min(1).max(50);

/** Search and export filters: closed vocabularies are enums, so nothing else reaches SQL. */
export const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  scope: z.enum(["open", "share", "own", "all"]).optional(),
  sort: z.enum(["relevance", "newest", "most_used", "title"]).default("relevance"),
  provider: uuid.optional(),
  theme: z.enum(THEMES).optional(),
  catalogKind: z.enum(CATALOG_KINDS).optional(),
  openType: z.enum(OPEN_TYPES).optional(),
  shareType: z.enum(SHARE_TYPES).optional(),
  level: z.coerce.number().int().min(1).max(4).optional(),
  format: z.enum(FORMATS).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  region: z.string().regex(/^\d{2,6}$/).optional(),
  updateFrequency: z.enum(UPDATE_FREQUENCIES).optional(),
  status: z.enum(ENTRY_STATUSES).optional(),
  page,
  pageSize,
});

export const datasetParams = z.object({ id: uuid });
export const versionParams = z.object({ id: uuid, version: z.coerce.number().int().min(1).max(1_000_000) });

/** The content is validated by core's checkDataset (with articles), not here. */
export const createBody = z.strictObject({ providerOrganisationId: uuid.optional(), content: z.unknown() });
export const draftBody = z.strictObject({ content: z.unknown(), expectedRevision: z.int().min(1) });
export const submitBody = z.strictObject({ changeSummary: z.string().trim().min(1).max(2000).optional() }).default({});
export const reviewBody = z.strictObject({
  decision: z.enum(["approve", "request_revision"]),
  comments: reasons.optional(),
  expectedVersion: z.int().min(1).optional(),
});
export const changeBody = z.strictObject({ cause: z.enum(["legal_change", "duty_change"]), description: z.string().trim().min(1).max(2000) });
export const revocationBody = z.strictObject({ reasons });
export const revocationDecisionBody = z.strictObject({ decision: z.enum(["approve", "refuse"]), reasons: reasons.optional() });
export const queueQuery = z.object({ page, pageSize });
export const openListQuery = z.object({ organisationId: uuid });
