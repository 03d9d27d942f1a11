// Core's RowQuery → parameterized SQL fragments. Identifiers come only from the entry's field names
// (core's FIELD_NAME pattern, checked again here) and the generated table name; every value is a
// parameter cast to the column's type. Masking is a SQL expression, so PostgreSQL masks while it renders.
import type { FieldAccess, Filter, MaskSpec, RowQuery } from "@shuyuan/core";
import { sql, type RawBuilder } from "kysely";
import { columnType, ROW_COLUMN } from "./types";

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function column(name: string): RawBuilder<unknown> {
  if (!IDENT.test(name)) throw new Error(`not a datastore column name: ${name}`);
  return sql.id(name);
}

export function table(tableName: string): RawBuilder<unknown> {
  if (!/^t_[0-9a-f]{32}_v[0-9]+$/.test(tableName)) throw new Error(`not a datastore table: ${tableName}`);
  return sql.id("datastore", tableName);
}

const cast = (f: Pick<FieldAccess, "type">) => sql.raw(columnType({ type: f.type }));

/**
 * core's maskValue as SQL: at least minMasked characters (or all of a shorter value) hidden, the ends kept.
 * A value long enough to keep both ends whole (nearly every one) takes the first branch, and CASE
 * evaluates one branch only. Downloads evaluate this per cell: the general form alone repeats
 * char_length ~20 times and made a masked export several times slower than plain COPY.
 */
export function maskExpression(value: RawBuilder<unknown>, m: MaskSpec): RawBuilder<unknown> {
  const v = sql`(${value})::text`;
  const len = sql`char_length(${v})`;
  // An end kept at no characters is left out, not written as left(v, 0): a call and a concatenation
  // per cell, a quarter of a name's or an address's mask.
  const withEnds = (start: RawBuilder<unknown>, stars: RawBuilder<unknown>, end: RawBuilder<unknown>) =>
    sql.join([...(m.keepStart ? [sql`left(${v}, ${start})`] : []), sql`repeat('*', ${stars})`, ...(m.keepEnd ? [sql`right(${v}, ${end})`] : [])], sql` || `);
  const usual = withEnds(sql.lit(m.keepStart), sql`${len} - ${sql.lit(m.keepStart + m.keepEnd)}`, sql.lit(m.keepEnd));
  const hidden = sql`least(${len}, greatest(${sql.lit(m.minMasked)}, ${len} - ${sql.lit(m.keepStart)} - ${sql.lit(m.keepEnd)}))`;
  const keepStart = sql`least(${sql.lit(m.keepStart)}, ${len} - ${hidden})`;
  const keepEnd = sql`least(${sql.lit(m.keepEnd)}, ${len} - ${hidden} - ${keepStart})`;
  // Never fewer stars than minMasked, so a short value's length is not given away either.
  const stars = sql`greatest(${sql.lit(m.minMasked)}, ${len} - ${keepStart} - ${keepEnd})`;
  const general = withEnds(keepStart, stars, keepEnd);
  return sql`case when ${len} >= ${sql.lit(m.keepStart + m.keepEnd + m.minMasked)} then ${usual} when ${value} is null then null else ${general} end`;
}

/**
 * The same mask as a call of the datastore.mask function (migration 0020): opaque to the planner, so cheap
 * to plan and dearer per value — for pages, which are planned for a few rows each.
 */
export function maskCall(value: RawBuilder<unknown>, m: MaskSpec): RawBuilder<unknown> {
  return sql`datastore.mask((${value})::text, ${sql.lit(m.keepStart)}, ${sql.lit(m.keepEnd)}, ${sql.lit(m.minMasked)})`;
}

/**
 * The column in which a load stores a text field's mask, computed by PostgreSQL as the rows arrive (see
 * tablePlan in loader.ts): a masked read of it is then a plain read, where evaluating the mask per cell
 * made a masked download several times slower than COPY. Named for the field and the mask (`phone*3.4.4`),
 * so a table loaded under another mask is never read for this one; the `*` keeps it apart from every
 * field name (core's FIELD_NAME). Null when the name would pass PostgreSQL's 63 bytes: no column is stored.
 */
export function maskedColumn(field: string, m: MaskSpec): string | null {
  const name = `${field}*${m.keepStart}.${m.keepEnd}.${m.minMasked}`;
  return name.length <= 63 ? name : null;
}

/** The stored mask of a masked field, if the table has one (see maskedColumn). */
function storedMask(f: FieldAccess, columns: ReadonlySet<string> | undefined): RawBuilder<unknown> | null {
  const name = f.mask && f.type === "string" ? maskedColumn(f.name, f.mask) : null;
  return name && columns?.has(name) ? sql.id(name) : null;
}

interface SelectOptions {
  neutraliseFormulas?: boolean;
  withRow?: boolean;
  /** The table's columns, to read masks stored at load (see maskedColumn); without them masks are computed. */
  columns?: ReadonlySet<string>;
}

/** The select list: `_row` (unless left out, as in downloads) then each field, masked where the decision says so. */
export function selectList(fields: readonly FieldAccess[], opts: SelectOptions = {}): RawBuilder<unknown> {
  const items = fields.map((f) => sql`${valueExpression(f, opts)} as ${column(f.name)}`);
  return sql.join(opts.withRow === false ? items : [sql.id(ROW_COLUMN), ...items]);
}

/**
 * A page's select list: `_row`, then each field (as "0", "1", …) as the text page-json.ts writes into the JSON —
 * masks as datastore.mask calls, numbers and booleans as their literals, timestamps already as JSON.
 * PostgreSQL sends text it has to print anyway; rendering whole rows as JSON cost it more than that
 * (per-value type lookups) on the machine both share.
 */
export function pageSelectList(fields: readonly FieldAccess[], columns?: ReadonlySet<string>): RawBuilder<unknown> {
  const items = fields.map((f, i) => {
    const c = column(f.name);
    const value = f.mask ? (storedMask(f, columns) ?? maskCall(c, f.mask)) : f.type === "string" ? c : f.type === "datetime" ? sql`to_json(${c})::text` : sql`${c}::text`;
    // Named by position: under its own name a text form would be what ORDER BY sorts on.
    return sql`${value} as ${sql.id(String(i))}`;
  });
  return sql.join([sql.id(ROW_COLUMN), ...items]);
}

/** Spreadsheet formula injection: a text cell starting with = + - @ tab or CR (these code points) is prefixed with '. */
const FORMULA_START = sql.raw("(61, 43, 45, 64, 9, 13)");

function valueExpression(f: FieldAccess, opts: SelectOptions): RawBuilder<unknown> {
  const c = column(f.name);
  const stored = storedMask(f, opts.columns);
  const expr = stored ?? (f.mask ? maskExpression(c, f.mask) : c);
  if (!opts.neutraliseFormulas || (f.type !== "string" && !f.mask)) return expr;
  // A computed mask is tested on the stored value, so the expression is not evaluated again for the test: a
  // masked value starts with the stored one's first character when it keeps any (keepStart ≥ 1 and more
  // characters than minMasked), else with '*'.
  if (f.mask && f.mask.minMasked < 1) throw new Error("a mask hides at least one character");
  const risky = !f.mask || stored
    ? sql`ascii(${expr}::text) in ${FORMULA_START}`
    : f.mask.keepStart >= 1
      ? sql`char_length(${c}::text) > ${sql.lit(f.mask.minMasked)} and ascii(${c}::text) in ${FORMULA_START}`
      : null;
  return risky ? sql`case when ${risky} then '''' || ${expr}::text else ${expr}::text end` : sql`${expr}::text`;
}

function filterExpression(f: Filter, byName: Map<string, FieldAccess>): RawBuilder<unknown> {
  const field = byName.get(f.field)!;
  const c = column(f.field);
  switch (f.op) {
    case "eq":
      return sql`${c} = ${f.value}::${cast(field)}`;
    case "ne":
      return sql`${c} is distinct from ${f.value}::${cast(field)}`;
    case "lt":
      return sql`${c} < ${f.value}::${cast(field)}`;
    case "lte":
      return sql`${c} <= ${f.value}::${cast(field)}`;
    case "gt":
      return sql`${c} > ${f.value}::${cast(field)}`;
    case "gte":
      return sql`${c} >= ${f.value}::${cast(field)}`;
    case "in":
      return sql`${c} = any (${f.values.map(String)}::${cast(field)}[])`;
    case "prefix": {
      // As the range `like 'p%'` becomes for a text_pattern_ops index, but with parameters a prepared
      // statement's generic plan can still use the index with.
      const upper = prefixSuccessor(f.value);
      return upper === null ? sql`${c} ~>=~ ${f.value}` : sql`(${c} ~>=~ ${f.value} and ${c} ~<~ ${upper})`;
    }
    case "null":
      return f.value ? sql`${c} is null` : sql`${c} is not null`;
  }
}

/**
 * The least string above every string that starts with `p`, in code point order — the order of UTF-8 bytes,
 * which text_pattern_ops compares: `p` with its last code point raised by one (past the surrogates, and
 * dropping code points already at the maximum). Null when no such string exists (p is empty or all U+10FFFF).
 */
export function prefixSuccessor(p: string): string | null {
  const points = [...p];
  while (points.length) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return points.join("") + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

/** WHERE: the filters, and the keyset condition after the cursor. */
export function whereClause(q: RowQuery, all: readonly FieldAccess[]): RawBuilder<unknown> {
  const byName = new Map(all.map((f) => [f.name, f]));
  const conds = q.filters.map((f) => filterExpression(f, byName));
  if (q.after) conds.push(keyset(q, byName));
  return conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``;
}

/** ORDER BY the sort field (nulls last) then the source row order. */
export function orderClause(q: RowQuery): RawBuilder<unknown> {
  const row = sql.id(ROW_COLUMN);
  if (!q.sort) return sql`order by ${row}`;
  const dir = sql.raw(q.sort.direction);
  return sql`order by ${column(q.sort.field)} ${dir} nulls last, ${row}`;
}

function keyset(q: RowQuery, byName: Map<string, FieldAccess>): RawBuilder<unknown> {
  const { value, row } = q.after!;
  const r = sql.id(ROW_COLUMN);
  if (!q.sort) return sql`${r} > ${row}`;
  const c = column(q.sort.field);
  if (value === null) return sql`(${c} is null and ${r} > ${row})`;
  const v = sql`${value}::${cast(byName.get(q.sort.field)!)}`;
  const beyond = q.sort.direction === "asc" ? sql`${c} > ${v}` : sql`${c} < ${v}`;
  return sql`(${beyond} or (${c} = ${v} and ${r} > ${row}) or ${c} is null)`;
}
