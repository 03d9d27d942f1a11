// Responses of the datastore's routes: table loads and versions, row pages, file and API distributions.
import { z } from "zod";
import { bilingual, isoTimestamp } from "../http/openapi";
import { uuid } from "../identity/schemas";
import type { ConsumerView, EditorView } from "./api-distributions";
import type { QualityReport } from "./types";

const sourceFormat = z.enum(["csv", "xlsx", "json"]);

/** A load's quality report (004 §19). */
export const qualityReport = z
  .object({
    format: sourceFormat,
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
    rowsRead: z.int(),
    rowsLoaded: z.int(),
    rowsRejected: z.int(),
    /** The first rejects (at most 1,000); the rejected-rows file has all of them. */
    rejects: z.array(z.object({ row: z.int(), column: z.string().nullable(), reason: bilingual })),
    fields: z.array(z.object({ name: z.string(), completeness: z.number(), empty: z.int() })),
    duplicateKeys: z.int().nullable(),
    unknownColumns: z.array(z.string()),
    missingFields: z.array(z.string()),
    durationMs: z.number(),
  })
  .meta({ id: "QualityReport" }) satisfies z.ZodType<Omit<QualityReport, "rejects">, unknown>;

export const tableLoaded = z.object({ version: z.int(), report: qualityReport, hasRejects: z.boolean() });

export const tableVersions = z.object({
  items: z.array(
    z
      .object({
        id: uuid,
        version: z.int(),
        status: z.enum(["loading", "ready", "failed", "superseded"]),
        /** The version readers get now. */
        serving: z.boolean(),
        source: z.object({ name: z.string().nullable(), format: sourceFormat.nullable(), encoding: z.string().nullable(), bytes: z.int().nullable() }),
        rowsRead: z.int().nullable(),
        rowsLoaded: z.int().nullable(),
        rowsRejected: z.int().nullable(),
        report: qualityReport.nullable(),
        hasRejects: z.boolean(),
        /** Why a failed load failed: the API error body's fields, as JSON text. */
        error: z.string().nullable(),
        startedAt: isoTimestamp,
        finishedAt: isoTimestamp.nullable(),
      })
      .meta({ id: "TableVersion" }),
  ),
});

/**
 * A page of rows. PostgreSQL renders it (service.rows answers JSON text), so it is documented here and
 * never parsed again on the way out.
 */
export const rowsPage = z
  .object({
    /** `_row` and the readable fields, masked where the reader's access says so. */
    items: z.array(z.record(z.string(), z.unknown())),
    fields: z.array(z.object({ name: z.string(), type: z.string(), masked: z.boolean() })),
    /** The cursor for the next page (`after=`), null at the end. */
    next: z.string().nullable(),
    total: z.int().nullable(),
    totalIsLowerBound: z.boolean(),
    tableVersion: z.int(),
    loadedAt: isoTimestamp.nullable(),
  })
  .meta({ id: "RowsPage" });

export const fileDistribution = z
  .object({ id: uuid, datasetId: uuid, name: z.string(), mediaType: z.string(), size: z.int(), sha256: z.string(), createdAt: isoTimestamp })
  .meta({ id: "FileDistribution" });

export const fileList = z.object({
  items: z.array(fileDistribution),
  /** Whether this reader may download them: the same decision as table downloads. */
  download: z.object({ allowed: z.boolean(), code: z.string().nullable(), message: z.string().nullable(), messageEn: z.string().nullable() }),
});

export const apiDistribution = z
  .object({
    id: uuid,
    name: z.string(),
    methods: z.array(z.string()),
    /** The platform's URL, relative to the server; append a sub-path and query string. */
    url: z.string(),
    createdAt: isoTimestamp,
  })
  .meta({ id: "ApiDistribution" }) satisfies z.ZodType<ConsumerView, unknown>;

/** What the entry's editors see besides: the upstream, never its secret. */
export const editorApiDistribution = apiDistribution
  .extend({
    upstreamUrl: z.string(),
    authHeader: z.string().nullable(),
    hasSecret: z.boolean(),
    timeoutMs: z.int(),
    maxResponseBytes: z.int(),
    createdByUserId: uuid.nullable(),
  })
  .meta({ id: "EditorApiDistribution" }) satisfies z.ZodType<EditorView, unknown>;

export const apiDistributions = z.object({ items: z.array(z.union([editorApiDistribution, apiDistribution])) });
