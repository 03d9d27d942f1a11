// Frictionless Data Package (v1, specs.frictionlessdata.io) of an entry: its table as a Tabular Data
// Resource whose Table Schema comes from the entry's fields, and its files as plain resources. APIs are
// services, not data files, and are left to DCAT.
import type { DatasetField } from "../catalog/dataset";
import type { FieldType } from "../catalog/vocabulary";
import { datasetPage, type InteropDataset, type PlatformUrls } from "./model";

/** Table Schema types: ours are a subset, named alike. */
const TABLE_SCHEMA_TYPES: Readonly<Record<FieldType, string>> = {
  string: "string",
  integer: "integer",
  number: "number",
  boolean: "boolean",
  date: "date",
  datetime: "datetime",
};

export interface TableSchemaField {
  name: string;
  title: string;
  description?: string;
  type: string;
  constraints?: { required?: boolean; maxLength?: number };
}

/** Table Schema of `fields` (the columns a reader receives): key fields are the primary key, and required. */
export function tableSchema(fields: readonly DatasetField[]) {
  const key = fields.filter((f) => f.key).map((f) => f.name);
  return {
    fields: fields.map((f): TableSchemaField => {
      const constraints = {
        ...(f.required || f.key ? { required: true } : {}),
        ...(f.type === "string" && f.length ? { maxLength: f.length } : {}),
      };
      return {
        name: f.name,
        title: f.title,
        ...(f.description ? { description: f.description } : {}),
        type: TABLE_SCHEMA_TYPES[f.type],
        ...(Object.keys(constraints).length ? { constraints } : {}),
      };
    }),
    ...(key.length ? { primaryKey: key } : {}),
    // The CSV download writes an empty cell for a missing value.
    missingValues: [""],
  };
}

/**
 * The descriptor. `fields` are the columns the caller's download holds (the access decision's), or the
 * entry's own when the caller may not read the data: the schema documents the entry either way.
 */
export function dataPackage(dataset: InteropDataset, fields: readonly DatasetField[], urls: PlatformUrls) {
  const table = dataset.distributions.find((d) => d.kind === "table");
  const files = dataset.distributions.filter((d) => d.kind === "file");
  // The entry's fields define its table whether or not rows are mounted yet, or downloadable at its level;
  // the URL answers once they are, to whoever the access decision allows.
  const tableResource = {
    name: "data",
    title: dataset.title,
    path: table?.downloadUrl ?? `${urls.base}/api/v1/datasets/${dataset.id}/download?format=csv`,
    profile: "tabular-data-resource",
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    ...(table?.rows !== null && table?.rows !== undefined ? { rows: table.rows } : {}),
    schema: tableSchema(fields),
  };
  const fileResources = files.map((f) => ({
    // Resource names are lower-case ASCII; the (often Chinese) file name is the title.
    name: `file-${f.id}`,
    title: f.title,
    path: f.downloadUrl ?? f.accessUrl,
    profile: "data-resource",
    ...(f.format ? { format: f.format } : {}),
    ...(f.mediaType ? { mediatype: f.mediaType } : {}),
    ...(f.byteSize !== null ? { bytes: f.byteSize } : {}),
    ...(f.sha256 ? { hash: `sha256:${f.sha256}` } : {}),
  }));
  return {
    // A package of one table is a Tabular Data Package; files make it a plain one.
    profile: fileResources.length ? "data-package" : "tabular-data-package",
    name: dataset.code.toLowerCase(),
    id: datasetPage(urls, dataset.id),
    title: dataset.title,
    description: dataset.summary,
    homepage: datasetPage(urls, dataset.id),
    ...(dataset.version !== null ? { version: String(dataset.version) } : {}),
    ...(dataset.tags.length ? { keywords: dataset.tags } : {}),
    created: dataset.publishedAt ?? dataset.created,
    contributors: [{ title: dataset.provider.name, role: "publisher" }],
    resources: [tableResource, ...fileResources],
  };
}
