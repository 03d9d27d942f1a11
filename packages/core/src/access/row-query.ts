// The data API's small query language, parsed and type-checked here, compiled to parameterized SQL by
// the server (never string-built from input). PostgREST-like and URL-safe:
//   fields=a,b            the fields to return (default: every readable field)
//   f.<field>=<op>.<v>    filters, AND-ed; ops: eq, ne, lt, lte, gt, gte, in (comma-separated),
//                         prefix (text), null (true|false). Repeat a key for a range.
//   sort=<field>|-<field> one field (then the source row order breaks ties)
//   limit=1..1000, after=<cursor from the previous page> (keyset pagination: no OFFSET scans)
// Filters and sorts on masked fields are refused: probing them would reveal the raw values.
import type { FieldError } from "../cases/types";
import type { FieldType } from "../catalog/vocabulary";
import type { FieldAccess } from "./decide";

export const FILTER_OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "prefix", "null"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type Scalar = string | number | boolean;
export type Filter =
  | { field: string; op: "eq" | "ne" | "lt" | "lte" | "gt" | "gte"; value: Scalar }
  | { field: string; op: "in"; values: Scalar[] }
  | { field: string; op: "prefix"; value: string }
  | { field: string; op: "null"; value: boolean };

export interface RowQuery {
  fields: FieldAccess[];
  filters: Filter[];
  sort: { field: string; direction: "asc" | "desc" } | null;
  limit: number;
  /** Keyset cursor: the last row's sort value (null = the row had none) and row number. */
  after: { value: Scalar | null; row: number } | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
const MAX_IN = 100;
const MAX_TEXT = 1000;
/** Encoded cursors above this are refused. Sort values are whole cells (a long text sorts too), so it is well
 * above a short text's cursor, and below Node's 16 KiB request-header limit. */
const MAX_CURSOR = 8000;

type Params = Record<string, string | string[] | undefined>;

const err = (path: string, zh: string, en: string): FieldError => ({ path, message: { zh, en } });

/** A real calendar day, year 0001–9999 (Date.parse rolls 2026-02-30 over to March 2; PostgreSQL refuses it). */
function isCalendarDate(raw: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return y >= 1 && days !== undefined && d >= 1 && d <= days;
}
/** hh:mm[:ss[.fraction]], then Z or an offset PostgreSQL accepts (±hh, ±hhmm, ±hh:mm[:ss], up to 15:59). */
const DATETIME = /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-5])(?::?[0-5]\d(?::[0-5]\d)?)?)?$/;

/** A filter value as the field's type; null when it does not parse. */
export function parseValue(type: FieldType, raw: string): Scalar | null {
  switch (type) {
    case "string":
      // PostgreSQL text cannot hold NUL: it would fail the query instead of matching nothing.
      return raw.length <= MAX_TEXT && !raw.includes("\u0000") ? raw : null;
    case "integer": {
      if (!/^-?\d{1,18}$/.test(raw)) return null;
      const n = Number(raw);
      return Number.isSafeInteger(n) ? n : null; // beyond 2^53 the number would no longer be the value asked for
    }
    case "number":
      return /^-?\d{1,30}(\.\d{1,30})?$/.test(raw) ? raw : null; // kept as text: numeric precision survives
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : null;
    case "date":
      return isCalendarDate(raw) ? raw : null;
    case "datetime": {
      const m = DATETIME.exec(raw);
      return m && isCalendarDate(m[1]) ? raw : null;
    }
  }
}

/**
 * Whether a cursor's sort value can stand for a value of the sort field (as the server's to_json renders it),
 * so a tampered cursor is refused here instead of failing the SQL cast.
 */
function cursorValueFits(type: FieldType, value: Scalar): boolean {
  switch (type) {
    case "string":
      return typeof value === "string" && !value.includes("\u0000");
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 2 ** 63;
    case "number":
      return typeof value === "number" || value === "NaN" || value === "Infinity" || value === "-Infinity";
    case "boolean":
      return typeof value === "boolean";
    case "date":
    case "datetime":
      return typeof value === "string" && parseValue(type, value) !== null;
  }
}

// base64url without Node's Buffer, so core runs in the browser too.
function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte); // no spread: a long text overflows the stack
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromBase64Url(raw: string): string {
  const bytes = Uint8Array.from(atob(raw.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

export function encodeCursor(value: Scalar | null, row: number): string {
  return toBase64Url(JSON.stringify([value, row]));
}

function decodeCursor(raw: string): { value: Scalar | null; row: number } | null {
  try {
    if (raw.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
    const parsed: unknown = JSON.parse(fromBase64Url(raw));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [value, row] = parsed;
    if (!Number.isSafeInteger(row) || row < 0) return null;
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) return null;
    return { value, row };
  } catch {
    return null;
  }
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function parseRowQuery(params: Params, readable: readonly FieldAccess[]): { ok: true; query: RowQuery } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byName = new Map(readable.map((f) => [f.name, f]));
  const usable = (path: string, name: string, use: string): FieldAccess | null => {
    const f = byName.get(name);
    if (!f) {
      errors.push(err(path, `没有可读取的字段"${name}"`, `No readable field "${name}"`));
      return null;
    }
    if (f.mask) {
      errors.push(err(path, `字段"${name}"已脱敏，不能用于${use === "filter" ? "筛选" : "排序"}`, `Field "${name}" is masked and cannot be used to ${use}`));
      return null;
    }
    return f;
  };

  let fields = [...readable];
  const wanted = list(params.fields).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
  if (wanted.length) {
    fields = [];
    for (const name of new Set(wanted)) {
      const f = byName.get(name);
      if (f) fields.push(f);
      else errors.push(err("fields", `没有可读取的字段"${name}"`, `No readable field "${name}"`));
    }
  }

  const filters: Filter[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (!key.startsWith("f.")) continue;
    const name = key.slice(2);
    const f = usable(key, name, "filter");
    if (!f) continue;
    for (const expr of list(raw)) {
      const dot = expr.indexOf(".");
      const op = (dot < 0 ? expr : expr.slice(0, dot)) as FilterOp;
      const arg = dot < 0 ? "" : expr.slice(dot + 1);
      if (!FILTER_OPS.includes(op)) {
        errors.push(err(key, `不支持的筛选操作"${op}"，可用：${FILTER_OPS.join("、")}`, `Unknown filter "${op}"; use one of ${FILTER_OPS.join(", ")}`));
        continue;
      }
      const bad = () => errors.push(err(key, `"${arg}"不是${f.type}类型的值`, `"${arg}" is not a ${f.type} value`));
      if (op === "null") {
        if (arg !== "true" && arg !== "false") errors.push(err(key, "null 筛选只接受 true 或 false", "null takes true or false"));
        else filters.push({ field: name, op, value: arg === "true" });
      } else if (op === "prefix") {
        if (f.type !== "string") errors.push(err(key, "前缀筛选只适用于字符型字段", "prefix works on text fields only"));
        else if (!arg || parseValue("string", arg) === null) bad();
        else filters.push({ field: name, op, value: arg });
      } else if (op === "in") {
        const values = arg.split(",").map((v) => parseValue(f.type, v));
        if (!arg || values.length > MAX_IN || values.some((v) => v === null)) {
          errors.push(err(key, `in 须为 1 至 ${MAX_IN} 个以逗号分隔的${f.type}值`, `in takes 1 to ${MAX_IN} comma-separated ${f.type} values`));
        } else filters.push({ field: name, op, values: values as Scalar[] });
      } else {
        const value = parseValue(f.type, arg);
        if (value === null) bad();
        else filters.push({ field: name, op, value });
      }
    }
  }

  let sort: RowQuery["sort"] = null;
  const sortRaw = list(params.sort);
  if (sortRaw.length > 1 || sortRaw[0]?.includes(",")) errors.push(err("sort", "只能按一个字段排序", "Sort by one field"));
  else if (sortRaw[0]) {
    const desc = sortRaw[0].startsWith("-");
    const name = desc ? sortRaw[0].slice(1) : sortRaw[0];
    if (usable("sort", name, "sort")) sort = { field: name, direction: desc ? "desc" : "asc" };
  }

  let limit = DEFAULT_LIMIT;
  const limitRaw = list(params.limit)[0];
  if (limitRaw !== undefined) {
    limit = /^\d{1,5}$/.test(limitRaw) ? Number(limitRaw) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) errors.push(err("limit", `limit 须为 1 至 ${MAX_LIMIT}`, `limit must be 1 to ${MAX_LIMIT}`));
  }

  let after: RowQuery["after"] = null;
  const afterRaw = list(params.after)[0];
  if (afterRaw !== undefined) {
    after = decodeCursor(afterRaw);
    if (!after) errors.push(err("after", "翻页游标无效", "Invalid page cursor"));
    else if (sort && after.value !== null && !cursorValueFits(byName.get(sort.field)!.type, after.value)) {
      errors.push(err("after", "翻页游标与排序字段不符", "The page cursor does not match the sort field"));
    }
  }

  return errors.length ? { ok: false, errors } : { ok: true, query: { fields, filters, sort, limit, after } };
}
