// CKAN's Action API dialect (docs.ckan.org, API v3): our entries as CKAN packages, and CKAN's query
// parameters (fq, sort, start/rows, datastore_search's filters/sort/limit/offset) as ours. Anything CKAN
// accepts that we cannot answer faithfully is refused as a validation error rather than half-honoured.
import type { FieldError } from "../cases/types";
import type { CatalogKind, Format, Theme } from "../catalog/vocabulary";
import { FORMATS, THEME_LABELS, THEMES } from "../catalog/vocabulary";
import { MAX_LIMIT, parseRowQuery, type RowQuery } from "../access/row-query";
import type { FieldAccess } from "../access/decide";
import { datasetPage, type InteropDataset, type InteropDistribution, type PlatformUrls } from "./model";

/** CKAN writes timestamps as naive UTC ISO strings ("2026-05-01T08:00:00.000"). */
const ckanTime = (iso: string | null) => (iso === null ? null : iso.replace(/Z$/, ""));

const err = (path: string, zh: string, en: string): FieldError => ({ path, message: { zh, en } });

export interface CkanOrganisation {
  id: string;
  name: string;
  created?: string | null;
  packageCount?: number;
}

/** An organisation as CKAN's organization dict; its `name` (CKAN's URL slug) is our id, which never changes. */
export function ckanOrganization(o: CkanOrganisation) {
  return {
    id: o.id,
    name: o.id,
    title: o.name,
    display_name: o.name,
    description: "",
    image_url: "",
    image_display_url: "",
    created: ckanTime(o.created ?? null),
    is_organization: true,
    approval_status: "approved",
    state: "active",
    type: "organization",
    ...(o.packageCount !== undefined ? { package_count: o.packageCount } : {}),
  };
}

/** A theme as a CKAN group. */
export function ckanGroup(theme: Theme, packageCount?: number) {
  const label = THEME_LABELS[theme];
  return {
    id: theme,
    name: theme,
    title: label.zh,
    display_name: label.zh,
    description: label.en,
    image_display_url: "",
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

export function ckanResource(d: InteropDistribution, packageId: string, position: number) {
  return {
    id: d.id,
    package_id: packageId,
    name: d.title,
    description: "",
    url: d.downloadUrl ?? d.accessUrl,
    format: d.format?.toUpperCase() ?? "",
    mimetype: d.mediaType,
    size: d.byteSize,
    hash: d.sha256 ? `sha256:${d.sha256}` : "",
    // datastore_search answers for table distributions only.
    datastore_active: d.kind === "table",
    created: ckanTime(d.created),
    last_modified: ckanTime(d.modified),
    metadata_modified: ckanTime(d.modified ?? d.created),
    position,
    state: "active",
    url_type: null,
    resource_type: d.kind,
  };
}

/** CKAN's package state: a serving entry is active, a never-published one a draft, a revoked one deleted. */
function packageState(d: InteropDataset) {
  if (d.status === "revoked") return "deleted";
  return d.version === null ? "draft" : "active";
}

export function ckanPackage(d: InteropDataset, urls: PlatformUrls) {
  const extras: Record<string, string | number | null | undefined> = {
    code: d.code,
    catalog_kind: d.catalogKind satisfies CatalogKind,
    share_type: d.shareType,
    open_type: d.openType,
    open_conditions: d.content?.openConditions,
    level: d.level,
    update_frequency: d.updateFrequency,
    // The declared formats (004 §13), whether or not a distribution of each is mounted yet.
    formats: d.formats.join(","),
    region_code: d.regionCode,
    shuyuan_version: d.version,
  };
  return {
    id: d.id,
    name: d.code.toLowerCase(),
    title: d.title,
    notes: d.summary,
    type: "dataset",
    state: packageState(d),
    private: d.openType === "none",
    isopen: d.openType === "unconditional",
    license_id: null,
    license_title: null,
    author: d.provider.name,
    author_email: null,
    maintainer: d.content?.contact.name ?? null,
    maintainer_email: d.content?.contact.email ?? null,
    url: datasetPage(urls, d.id),
    version: d.version === null ? null : String(d.version),
    metadata_created: ckanTime(d.created),
    metadata_modified: ckanTime(d.updatedAt),
    owner_org: d.provider.id,
    organization: ckanOrganization(d.provider),
    num_resources: d.distributions.length,
    resources: d.distributions.map((r, i) => ckanResource(r, d.id, i)),
    num_tags: d.tags.length,
    tags: d.tags.map((t) => ({ id: t, name: t, display_name: t, state: "active", vocabulary_id: null })),
    groups: d.theme ? [ckanGroup(d.theme)] : [],
    extras: Object.entries(extras)
      .filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined)
      .map(([key, value]) => ({ key, value: String(value) })),
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

// ---------------------------------------------------------------------------------------------------
// package_search

/** The catalog search's filters a CKAN `fq` can name. */
export interface CkanFilters {
  provider?: string;
  format?: Format;
  theme?: Theme;
  tag?: string;
}

const FQ_TERM = /^([a-z_]+):(?:"((?:[^"\\]|\\.)*)"|(\S+))$/;

/**
 * `fq` (Solr filter query): `organization:<name>`, `res_format:<FORMAT>`, `groups:<theme>` and `tags:<tag>`,
 * joined by spaces or AND, each at most once.
 */
export function parseFq(fq: string): { ok: true; filters: CkanFilters } | { ok: false; errors: FieldError[] } {
  const filters: CkanFilters = {};
  const errors: FieldError[] = [];
  const terms = fq
    .trim()
    .split(/\s+(?:AND\s+)?(?=[+a-z_]+:)/)
    .map((t) => t.replace(/^\+/, ""))
    .filter(Boolean);
  for (const term of terms) {
    const m = FQ_TERM.exec(term);
    if (!m) {
      errors.push(err("fq", `无法识别的筛选条件"${term}"`, `Unsupported filter query term "${term}"`));
      continue;
    }
    const value = (m[2] ?? m[3]).replace(/\\(.)/g, "$1");
    const key = m[1];
    if (key === "organization" || key === "owner_org") filters.provider = value;
    else if (key === "res_format") {
      const format = value.toLowerCase() as Format;
      if (FORMATS.includes(format)) filters.format = format;
      else errors.push(err("fq", `未知的资源格式"${value}"`, `Unknown resource format "${value}"`));
    } else if (key === "tags") {
      filters.tag = value;
    } else if (key === "groups") {
      if ((THEMES as readonly string[]).includes(value)) filters.theme = value as Theme;
      else errors.push(err("fq", `未知的主题"${value}"`, `Unknown group "${value}"`));
    } else {
      errors.push(err("fq", `不支持按"${key}"筛选（可用：organization、res_format、groups、tags）`, `Cannot filter on "${key}" (use organization, res_format, groups or tags)`));
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, filters };
}

export type CatalogOrder = "relevance" | "newest" | "most_used" | "title";

/** CKAN's sort strings → the catalog search's orders (CKAN's default is relevance, then newest). */
const SORTS: Readonly<Record<string, CatalogOrder>> = {
  "score desc, metadata_modified desc": "relevance",
  "score desc": "relevance",
  "metadata_modified desc": "newest",
  "metadata_created desc": "newest",
  "title_string asc": "title",
  "name asc": "title",
  "views_recent desc": "most_used",
  "views_total desc": "most_used",
};

export function catalogOrder(sort: string | undefined): CatalogOrder | null {
  if (sort === undefined) return "relevance";
  return SORTS[sort.trim().replace(/\s+/g, " ").replace(/\s*,\s*/g, ", ").toLowerCase()] ?? null;
}
export const CKAN_SORTS = Object.keys(SORTS);

/**
 * CKAN pages by `start`/`rows`, the catalog by page/pageSize: the catalog page where the window begins and
 * how many of its rows to skip; a window that does not begin on a page boundary ends on the next page, so
 * a deep `start` never reads more than two pages. `rows=0` asks for the count and facets only.
 */
export function pageWindow(start: number, rows: number): { page: number; pageSize: number; skip: number } {
  if (rows === 0) return { page: 1, pageSize: 1, skip: 0 };
  return { page: Math.floor(start / rows) + 1, pageSize: rows, skip: start % rows };
}

// ---------------------------------------------------------------------------------------------------
// datastore_search

export const DATASTORE_DEFAULT_LIMIT = 100;

export interface DatastoreSearchInput {
  filters?: Record<string, unknown>;
  q?: string;
  fields?: string[] | string;
  sort?: string;
  limit?: number;
  offset?: number;
}

export interface DatastoreSearch {
  /** Fields, filters and sort, checked against the readable fields by core's parseRowQuery. */
  query: RowQuery;
  offset: number;
  /** Free text matched in the text fields that are not masked (searching masked ones would reveal them). */
  q: string | null;
  searchable: FieldAccess[];
}

const scalar = (v: unknown) => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : null);

/**
 * datastore_search's parameters as our query language: `filters` {field: value | [values]} become eq/in
 * filters, `sort` ("field [asc|desc]", one field) the sort, `limit` is clamped to our maximum as CKAN
 * clamps to its own. Masked fields can be neither filtered nor sorted: parseRowQuery refuses them.
 */
export function parseDatastoreSearch(input: DatastoreSearchInput, readable: readonly FieldAccess[]): { ok: true; search: DatastoreSearch } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const params: Record<string, string | string[]> = {};
  const wanted = (Array.isArray(input.fields) ? input.fields : (input.fields?.split(",") ?? [])).map((f) => f.trim()).filter((f) => f && f !== "_id");
  if (wanted.length) params.fields = wanted.join(",");
  for (const [field, value] of Object.entries(input.filters ?? {})) {
    const values = (Array.isArray(value) ? value : [value]).map(scalar);
    if (!values.length || values.some((v) => v === null || (values.length > 1 && v.includes(",")))) {
      errors.push(err(`filters.${field}`, "筛选值须为文字、数字、布尔值或其数组（数组中的值不能含逗号）", "A filter value is a string, number or boolean, or an array of them (array values without commas)"));
    } else params[`f.${field}`] = values.length === 1 ? `eq.${values[0]}` : `in.${values.join(",")}`;
  }
  const sorts = (input.sort ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (sorts.length > 1) errors.push(err("sort", "只能按一个字段排序", "Sort by one field"));
  else if (sorts.length === 1) {
    const m = /^"?([a-z_][a-z0-9_]*)"?(?:\s+(asc|desc))?$/i.exec(sorts[0]);
    if (!m) errors.push(err("sort", `无法识别的排序"${sorts[0]}"`, `Cannot sort by "${sorts[0]}"`));
    // _id is the source row order, which every query ends with anyway.
    else if (m[1] !== "_id") params.sort = `${m[2]?.toLowerCase() === "desc" ? "-" : ""}${m[1]}`;
  }
  const limit = Math.min(input.limit ?? DATASTORE_DEFAULT_LIMIT, MAX_LIMIT);
  params.limit = String(limit);
  const parsed = parseRowQuery(params, readable);
  if (!parsed.ok) errors.push(...parsed.errors);
  if (errors.length || !parsed.ok) return { ok: false, errors };
  const q = input.q?.trim() || null;
  return {
    ok: true,
    search: { query: parsed.query, offset: input.offset ?? 0, q, searchable: readable.filter((f) => f.type === "string" && !f.mask) },
  };
}

/** datastore_search's field types, as CKAN names PostgreSQL's. */
export const DATASTORE_TYPES: Readonly<Record<FieldAccess["type"], string>> = {
  string: "text",
  integer: "int8",
  number: "numeric",
  boolean: "bool",
  date: "date",
  datetime: "timestamptz",
};
