// Harvesting (004 §9–10): a CKAN package (from another Shuyuan platform, a plain CKAN site, or read from
// DCAT), with a Table Schema of its fields when the source has one, as the content of a local catalog
// entry. Remote JSON is untrusted: it is read through loose schemas here, and the result still goes
// through checkDataset like any entry a department compiles.
import { z } from "zod";
import type { DatasetInput } from "../catalog/dataset";
import { CATALOG_KINDS, FIELD_TYPES, FORMATS, LEVELS, OPEN_TYPES, SHARE_TYPES, THEMES, UPDATE_FREQUENCIES, type FieldType, type Format } from "../catalog/vocabulary";

const str = z.string().max(10_000);

/** A resource as CKAN describes it; DCAT distributions carry a format only. */
export const harvestedResourceSchema = z.object({
  id: z.string().min(1).max(200).nullish(),
  name: str.nullish(),
  description: str.nullish(),
  url: str.nullish(),
  format: str.nullish(),
  datastore_active: z.boolean().nullish(),
});
export type HarvestedResource = z.infer<typeof harvestedResourceSchema>;

/** Each resource read on its own: a malformed one is left out, not the package with it. */
const resourcesSchema = z
  .array(z.unknown())
  .max(1000)
  .default([])
  .transform((rs) => rs.flatMap((r) => {
    const parsed = harvestedResourceSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  }));

/** The parts of a CKAN package a harvest reads (ckanPackage writes them; a plain CKAN site has more). */
export const harvestedPackageSchema = z.object({
  id: z.string().min(1).max(200),
  name: str,
  title: str,
  notes: str.nullish(),
  author: str.nullish(),
  maintainer: str.nullish(),
  maintainer_email: str.nullish(),
  author_email: str.nullish(),
  license_id: str.nullish(),
  license_title: str.nullish(),
  license_url: str.nullish(),
  metadata_modified: str.nullish(),
  url: str.nullish(),
  organization: z.object({ name: str, title: str }).nullish(),
  tags: z.array(z.object({ name: str })).max(100).default([]),
  groups: z.array(z.object({ name: str })).max(100).default([]),
  resources: resourcesSchema,
  extras: z.array(z.object({ key: str, value: str })).max(100).default([]),
});
export type HarvestedPackage = z.infer<typeof harvestedPackageSchema>;

/** The table resource's Table Schema in a data package (dataPackage writes it first). */
export const harvestedSchemaSchema = z.object({
  fields: z
    .array(
      z.object({
        name: str,
        title: str.optional(),
        description: str.optional(),
        type: str.optional(),
        constraints: z.object({ required: z.boolean().optional(), maxLength: z.number().int().positive().optional() }).optional(),
      }),
    )
    .max(500),
  primaryKey: z.union([str, z.array(str)]).optional(),
});
export type HarvestedSchema = z.infer<typeof harvestedSchemaSchema>;

/** CKAN sites write formats freely ("CSV", ".csv", "text/csv", "Shapefile"): ours, where one is meant. */
const FORMAT_ALIASES: Readonly<Record<string, Format>> = {
  "text/csv": "csv",
  "application/json": "json",
  "application/xml": "xml",
  "text/xml": "xml",
  "application/pdf": "pdf",
  "application/zip": "zip",
  "application/geo+json": "geojson",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  shapefile: "shp",
  esri_shapefile: "shp",
  png: "image",
  jpg: "image",
  jpeg: "image",
  tiff: "image",
};
const formatOf = (format: string | null | undefined) => {
  const f = (format ?? "").trim().toLowerCase().replace(/^\./, "");
  return FORMAT_ALIASES[f] ?? f;
};

const oneOf = <T extends string>(values: readonly T[], value: string | undefined, fallback: T): T => (values as readonly string[]).includes(value ?? "") ? (value as T) : fallback;

/**
 * A remote without a Table Schema (a plain CKAN or DCAT catalog) names no fields, and an entry needs one:
 * this placeholder says so, for the department to replace before it submits the entry for review.
 */
const undescribedField = (level: DatasetInput["level"]) => ({
  name: "record",
  title: "记录（来源未说明信息项）",
  description: "采集来源未提供字段说明，提交审核前请补充信息项。The source describes no fields: add them before submitting.",
  type: "string" as const,
  level,
  required: false,
  key: false,
});

/** A conditional entry must state its conditions (004 §33); a DCAT catalog has no place for them. */
const UNSTATED_CONDITIONS = "来源目录未说明开放条件，提供部门须补充后方可提交审核。The source states no conditions: the providing department adds them before submitting.";

/**
 * The local entry's content. What the remote does not say takes the cautious value: field levels are the
 * entry's own (a field is never classified below what its entry says), an unknown frequency is irregular.
 */
export function harvestedContent(pkg: HarvestedPackage, schema: HarvestedSchema | null): DatasetInput {
  const extra = (key: string) => pkg.extras.find((e) => e.key === key)?.value;
  const level = oneOf(LEVELS.map(String), extra("level"), "1");
  const openType = oneOf(OPEN_TYPES, extra("open_type"), "unconditional");
  const key = new Set(typeof schema?.primaryKey === "string" ? [schema.primaryKey] : (schema?.primaryKey ?? []));
  // The declared formats (a Shuyuan extra), else those of the resources present.
  const declared = extra("formats")?.split(",") ?? pkg.resources.map((r) => formatOf(r.format));
  const formats = [...new Set(declared.filter((f) => (FORMATS as readonly string[]).includes(f)))];
  // The maintainer with their address, else the author with theirs; an address that is none is left out.
  const [contactName, contactEmail] = pkg.maintainer ? [pkg.maintainer, pkg.maintainer_email] : pkg.author ? [pkg.author, pkg.author_email] : [pkg.organization?.title || pkg.title, pkg.maintainer_email];
  return {
    title: pkg.title,
    code: extra("code") ?? pkg.name,
    summary: pkg.notes || pkg.title,
    catalogKind: oneOf(CATALOG_KINDS, extra("catalog_kind"), "department"),
    theme: THEMES.find((t) => pkg.groups.some((g) => g.name === t)),
    fields: schema?.fields.length ? schema.fields.map((f) => ({
      name: f.name,
      title: f.title ?? f.name,
      description: f.description,
      type: oneOf<FieldType>(FIELD_TYPES, f.type, "string"),
      length: f.type === "string" ? f.constraints?.maxLength : undefined,
      level: Number(level) as DatasetInput["level"],
      required: f.constraints?.required ?? false,
      key: key.has(f.name),
    })) : [undescribedField(Number(level) as DatasetInput["level"])],
    formats: (formats.length ? formats : ["csv"]) as DatasetInput["formats"],
    updateFrequency: oneOf(UPDATE_FREQUENCIES, extra("update_frequency"), "irregular"),
    shareType: oneOf(SHARE_TYPES, extra("share_type"), "unconditional"),
    openType,
    openConditions: extra("open_conditions") ?? (openType === "conditional" ? UNSTATED_CONDITIONS : undefined),
    level: Number(level) as DatasetInput["level"],
    tags: pkg.tags.map((t) => t.name).slice(0, 20),
    contact: { name: contactName, email: z.email().safeParse(contactEmail).data },
  };
}
