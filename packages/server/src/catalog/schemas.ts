import {
  CATALOG_KINDS,
  datasetContentSchema,
  ENTRY_STATUSES,
  FORMATS,
  levelSchema,
  OPEN_TYPES,
  SHARE_TYPES,
  THEMES,
  UPDATE_FREQUENCIES,
  type DatasetChange,
  type Freshness,
} from "@shuyuan/core";
import { z } from "zod";
import { caseClock } from "../cases/schemas";
import { fieldErrorSchema } from "../http/errors";
import { asValidatedBy, bilingual, isoDate, isoTimestamp, pageOf } from "../http/openapi";
import { page, pageSize, uuid } from "../identity/schemas";
import { FACETS } from "./repository";

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

// Responses (docs/catalog.md): what the presenters return, checked on the way out.

const segment = z.object({ text: z.string(), match: z.boolean() });
const caseRef = z.object({ caseId: uuid, state: z.string() });

export const datasetContent = asValidatedBy(datasetContentSchema, "DatasetContent");

export const datasetSummary = z
  .object({
    id: uuid,
    code: z.string(),
    title: z.string(),
    summary: z.string(),
    provider: z.object({ id: uuid, name: z.string() }),
    regionCode: z.string(),
    catalogKind: z.enum(CATALOG_KINDS),
    theme: z.enum(THEMES).nullable(),
    shareType: z.enum(SHARE_TYPES),
    openType: z.enum(OPEN_TYPES),
    level: levelSchema,
    formats: z.array(z.enum(FORMATS)),
    updateFrequency: z.enum(UPDATE_FREQUENCIES),
    tags: z.array(z.string()),
    status: z.enum(ENTRY_STATUSES),
    /** Latest published version, null before the first publication. */
    version: z.int().nullable(),
    publishedAt: isoTimestamp.nullable(),
    updatedAt: isoTimestamp,
    usageCount: z.number(),
    /** Stretches of the title and summary, `match` where the query matched. */
    highlight: z.object({ title: z.array(segment), summary: z.array(segment) }),
  })
  .meta({ id: "DatasetSummary" });
export type DatasetSummary = z.infer<typeof datasetSummary>;

/** 001 §15: how the last load compares with the declared update frequency (core's `freshness`). */
export const freshnessSchema = z
  .discriminatedUnion("state", [
    z.object({ state: z.enum(["unscheduled", "no_data"]) }),
    z.object({ state: z.enum(["fresh", "stale"]), lastLoadedOn: isoDate, dueOn: isoDate, overdueDays: z.int() }),
  ])
  .meta({ id: "Freshness" }) satisfies z.ZodType<Freshness>;

export const datasetDetail = datasetSummary
  .extend({
    content: datasetContent.nullable(),
    draft: z.object({ content: datasetContent, revision: z.int(), savedAt: isoTimestamp.nullable() }).nullable(),
    draftRevision: z.int().nullable(),
    review: caseRef.nullable(),
    pending: z.object({ update: caseRef.nullable(), revocation: caseRef.nullable() }),
    revokeOn: isoDate.nullable(),
    freshness: freshnessSchema,
    permissions: z.object({ edit: z.boolean(), submit: z.boolean(), review: z.boolean(), requestRevocation: z.boolean(), recordChange: z.boolean() }),
  })
  .meta({ id: "DatasetDetail" });

export const datasetSearchResult = pageOf(datasetSummary)
  .extend({
    /** false when `total` and the facet counts are estimates. */
    totalExact: z.boolean(),
    facets: z.partialRecord(z.enum(FACETS), z.array(z.object({ value: z.string(), count: z.int(), label: bilingual }))),
  })
  .meta({ id: "DatasetSearchResult" });

export const datasetSaved = z.object({ dataset: datasetDetail, warnings: z.array(fieldErrorSchema) }).meta({ id: "DatasetSaved" });
export const datasetAnswer = z.object({ dataset: datasetDetail });
export const caseOpened = z.object({ caseId: uuid });

const datasetChange = z.discriminatedUnion("kind", [
  z.object({ path: z.string(), kind: z.literal("changed"), before: z.unknown(), after: z.unknown() }),
  z.object({ path: z.string(), kind: z.literal("added"), after: z.unknown() }),
  z.object({ path: z.string(), kind: z.literal("removed"), before: z.unknown() }),
]) satisfies z.ZodType<DatasetChange>;

export const datasetVersion = z
  .object({
    version: z.int(),
    publishedAt: isoTimestamp,
    publishedBy: z.object({ id: uuid, name: z.string() }).nullable(),
    changeSummary: z.string().nullable(),
    changes: z.array(datasetChange),
  })
  .meta({ id: "DatasetVersion" });
export const datasetVersions = z.object({ items: z.array(datasetVersion) });
export const datasetVersionDetail = datasetVersion.extend({ content: datasetContent }).meta({ id: "DatasetVersionDetail" });

export const importResult = z.object({
  created: z.int(),
  updated: z.int(),
  warnings: z.array(z.object({ sheet: z.string(), row: z.int(), column: z.string().optional(), field: z.string().optional(), message: z.string(), messageEn: z.string() })),
});

export const reviewQueue = pageOf(
  z.object({
    caseId: uuid,
    state: z.string(),
    openedOn: isoDate,
    clocks: z.array(caseClock),
    dataset: datasetSummary,
  }),
);

export const staleList = pageOf(datasetSummary.extend({ freshness: freshnessSchema })).extend({ asOf: isoDate });

export const openList = z.object({
  organisation: z.object({ id: uuid, name: z.string() }),
  items: z.array(
    z.object({
      id: uuid,
      code: z.string(),
      title: z.string(),
      openType: z.enum(OPEN_TYPES),
      openConditions: z.string().nullable(),
      formats: z.array(z.enum(FORMATS)),
      updateFrequency: z.enum(UPDATE_FREQUENCIES),
      fields: z.array(z.object({ name: z.string(), title: z.string(), type: z.string() })),
    }),
  ),
});
