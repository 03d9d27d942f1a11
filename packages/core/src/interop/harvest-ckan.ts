// Harvesting a plain CKAN site (2.9–2.11, 004 §9–10) through its documented Action API: its packages are
// read as harvestedContent's CKAN shape already, but their extras are free-form (ckanext-scheming,
// ckanext-dcat) and their fields, when there are any, come from the DataStore's column list
// (datastore_search with limit=0), not from a data package.
import { z } from "zod";
import type { FieldType } from "../catalog/vocabulary";
import type { HarvestedPackage, HarvestedSchema } from "./harvest";

/** Whatever its keys, no extra of a plain CKAN site is read as our classification (a site's "level" is not ours). */
export const plainCkanPackage = (pkg: HarvestedPackage): HarvestedPackage => ({ ...pkg, extras: [] });

/** The `fields` of a datastore_search answer (CKAN's data dictionary adds `info`). */
export const datastoreFieldsSchema = z
  .array(
    z.object({
      id: z.string().min(1).max(1000),
      type: z.string().max(100),
      info: z.object({ label: z.string().max(10_000).nullish(), notes: z.string().max(10_000).nullish() }).nullish(),
    }),
  )
  .max(501);

/** DataStore column types (PostgreSQL's, as CKAN names them) → ours; anything else (json, time, arrays) is text. */
const DATASTORE_TYPES: Readonly<Record<string, FieldType>> = {
  text: "string",
  varchar: "string",
  numeric: "number",
  float4: "number",
  float8: "number",
  "double precision": "number",
  int: "integer",
  int2: "integer",
  int4: "integer",
  int8: "integer",
  integer: "integer",
  smallint: "integer",
  bigint: "integer",
  timestamp: "datetime",
  timestamptz: "datetime",
  date: "date",
  bool: "boolean",
  boolean: "boolean",
};

/** CKAN's own row number: not a column of the data. */
const CKAN_ROW_ID = "_id";

/**
 * A column name as ours must be (lower-case ASCII, a datastore column): CKAN allows any text, so a name
 * is folded, and one with nothing left of it (Chinese, say) becomes `field_<position>`; its original
 * stays the field's title.
 */
function fieldName(id: string, position: number, taken: Set<string>) {
  const folded = id.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 50);
  let name = /^[a-z]/.test(folded) ? folded : folded ? `f_${folded}` : `field_${position}`;
  for (let n = 2; taken.has(name); n++) name = `${name.replace(/_\d+$/, "")}_${n}`;
  taken.add(name);
  return name;
}

/** A DataStore resource's columns as the Table Schema harvestedContent reads. */
export function datastoreSchema(fields: z.infer<typeof datastoreFieldsSchema>): HarvestedSchema {
  const taken = new Set<string>();
  return {
    fields: fields
      .filter((f) => f.id !== CKAN_ROW_ID)
      .slice(0, 500)
      .map((f, i) => ({
        name: fieldName(f.id, i + 1, taken),
        title: (f.info?.label || f.id).slice(0, 100),
        description: f.info?.notes?.slice(0, 1000) || undefined,
        type: DATASTORE_TYPES[f.type.toLowerCase()] ?? "string",
      })),
  };
}
