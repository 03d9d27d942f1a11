// Shapes shared by the datastore's ingest, loader, query and download parts.
import type { DatasetField } from "@shuyuan/core";

/** Where a table version lives: `datastore.<tableName>`. Names are generated, never taken from input. */
export function tableNameFor(datasetId: string, version: number): string {
  const hex = datasetId.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex) || !Number.isInteger(version) || version < 1) throw new Error("bad dataset id or version");
  return `t_${hex}_v${version}`;
}

/** Every datastore table has `_row` (1-based source row order, the primary key and keyset cursor) then one column per field. */
export const ROW_COLUMN = "_row";

/** PostgreSQL column type of a field (the field name is the column name: core's FIELD_NAME pattern). */
export function columnType(field: Pick<DatasetField, "type" | "length">): string {
  switch (field.type) {
    case "string":
      return "text";
    case "integer":
      return "bigint";
    case "number":
      return "numeric";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "timestamptz";
  }
}

export interface RejectedRow {
  /** 1-based row number in the source (the header is row 1 in CSV/XLSX; the array index + 1 in JSON). */
  row: number;
  column: string | null;
  reason: { zh: string; en: string };
  /** The raw values of the row, for the rejected-rows file. */
  values?: readonly string[];
}

export interface FieldQuality {
  name: string;
  /** Non-empty values among loaded rows / loaded rows (0..1). */
  completeness: number;
  empty: number;
}

export interface QualityReport {
  format: "csv" | "xlsx" | "json";
  encoding: string | null;
  delimiter: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** The first rejects (at most 1,000); all of them are in the rejected-rows file. */
  rejects: RejectedRow[];
  fields: FieldQuality[];
  /** Rows whose key (the fields marked `key`) repeats an earlier row's; null when the entry has no key. */
  duplicateKeys: number | null;
  /** Header columns that match no field, and fields missing from the header. */
  unknownColumns: string[];
  missingFields: string[];
  durationMs: number;
}
