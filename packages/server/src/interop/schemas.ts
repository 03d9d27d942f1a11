// What the interop module's /api/v1 routes take and answer (harvesting, harvest sources, data packages),
// as zod schemas: the OpenAPI document describes them and the serializer checks every answer against
// them. Answers are strict objects, so a key a presenter adds without its schema fails loudly in tests
// instead of being dropped silently. (CKAN's and DCAT's documents follow their own standards: not here.)
import { z } from "zod";
import { fieldErrorSchema } from "../http/errors";
import { uuid } from "../identity/schemas";

/** Times this module renders with toISOString(). */
const isoTime = z.iso.datetime();
const sourceUrl = z.url({ protocol: /^https?$/ }).max(500);

export const harvestBody = z.strictObject({
  /** A platform's address (its CKAN API at /api/3/action: another Shuyuan or any CKAN site), or the URL of a DCAT-AP catalog in Turtle or JSON-LD. */
  url: sourceUrl,
  /** The local organisation the harvested entries are compiled for. */
  organisationId: uuid,
});

const remoteIds = z.array(z.string()).describe("Remote dataset ids (a CKAN package id, a DCAT dataset IRI)");

export const harvestOutcome = z
  .strictObject({
    /** The source as read: a platform's origin, or a catalog document's URL. */
    source: z.string(),
    created: remoteIds,
    /** Changed at the source since the last harvest: the entry's working copy was updated. */
    updated: remoteIds,
    /** Not changed at the source (same modified time): the entry was left alone. */
    unchanged: remoteIds,
    /** Harvested before and gone from the source now: marked in the provenance, the entry stays. */
    removed: remoteIds,
    failed: z.array(z.strictObject({ remoteId: z.string(), code: z.string(), message: z.string(), messageEn: z.string(), fields: z.array(fieldErrorSchema).optional() })),
  })
  .meta({ id: "HarvestOutcome" });

export const provenance = z
  .strictObject({
    sourceUrl: z.string(),
    remoteId: z.string(),
    remotePage: z.string(),
    /** The source's modified time as it wrote it. */
    remoteModified: z.string().nullable(),
    remoteOrganisation: z.string().nullable(),
    remoteLicense: z.string().nullable(),
    /** The source's resources (an entry has no place for their addresses). */
    remoteResources: z.array(z.strictObject({ id: z.string().nullable(), name: z.string().nullable(), description: z.string().nullable(), url: z.string().nullable(), format: z.string().nullable() })),
    firstHarvestedAt: isoTime,
    harvestedAt: isoTime,
    /** When a harvest found the dataset gone from the source; null while it is there. */
    removedUpstreamAt: isoTime.nullable(),
  })
  .meta({ id: "HarvestProvenance" });

export const sourceBody = z.strictObject({
  /** A lower-level platform's address (its CKAN API), or the URL of its DCAT-AP catalog. */
  url: sourceUrl,
  /** The authority organisation the harvested entries are compiled for. */
  organisationId: uuid,
  /** Between an hour and a (leap) year. */
  intervalMinutes: z.number().int().min(60).max(527_040),
});
export const idParams = z.object({ id: uuid });

export const harvestSource = z
  .strictObject({
    id: uuid,
    url: z.string(),
    organisation: z.strictObject({ id: uuid, name: z.string() }),
    intervalMinutes: z.int(),
    /** The user the runs act as. */
    registeredBy: uuid,
    createdAt: isoTime,
    nextRunAt: isoTime,
    running: z.boolean(),
  })
  .meta({ id: "HarvestSource" });
export const harvestSourceList = z.strictObject({ items: z.array(harvestSource) });

export const harvestRunList = z.strictObject({
  items: z.array(
    z
      .strictObject({
        id: uuid,
        startedAt: isoTime,
        finishedAt: isoTime.nullable(),
        created: z.int(),
        updated: z.int(),
        unchanged: z.int(),
        removed: z.int(),
        failed: z.int(),
        /** What stopped the run, if anything. */
        error: z.strictObject({ code: z.string(), message: z.string().nullable(), messageEn: z.string().nullable() }).nullable(),
      })
      .meta({ id: "HarvestRun" }),
  ),
});

/** A Table Schema field as core's tableSchema writes it. */
const tableSchemaField = z.strictObject({
  name: z.string(),
  title: z.string(),
  description: z.string().optional(),
  type: z.string(),
  constraints: z.strictObject({ required: z.boolean().optional(), maxLength: z.int().optional() }).optional(),
});

/** Frictionless Data Package v1 (specs.frictionlessdata.io) as core's dataPackage writes it. */
export const dataPackageDescriptor = z
  .strictObject({
    /** "tabular-data-package" for a table alone, "data-package" with files. */
    profile: z.string(),
    name: z.string(),
    id: z.string(),
    title: z.string(),
    description: z.string(),
    homepage: z.string(),
    version: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    created: z.string(),
    contributors: z.array(z.strictObject({ title: z.string(), role: z.string() })),
    resources: z.array(
      z.union([
        z.strictObject({
          name: z.string(),
          title: z.string(),
          path: z.string(),
          profile: z.string(),
          format: z.string(),
          mediatype: z.string(),
          encoding: z.string(),
          rows: z.int().optional(),
          schema: z.strictObject({ fields: z.array(tableSchemaField), primaryKey: z.array(z.string()).optional(), missingValues: z.array(z.string()) }),
        }),
        z.strictObject({
          name: z.string(),
          title: z.string(),
          path: z.string(),
          profile: z.string(),
          format: z.string().optional(),
          mediatype: z.string().optional(),
          bytes: z.int().optional(),
          hash: z.string().optional(),
        }),
      ]),
    ),
  })
  .meta({ id: "DataPackage" });
