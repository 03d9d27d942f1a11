// All SQL of the datastore's read side: the serving table of an entry, pages of rows (kept in memory once
// read), capped counts, and batches for downloads.
import type { FieldAccess, RowQuery, Scalar } from "@shuyuan/core";
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/database";
import type { DB } from "../db/schema";
import { pageJson } from "./page-json";
import { orderClause, pageSelectList, selectList, table, whereClause } from "./sql";
import { ROW_COLUMN } from "./types";

/** Counting stops here: beyond it the total is reported as "more than". */
export const COUNT_CAP = 10_000;

/** Rows matching the filters, counted up to COUNT_CAP + 1. */
const countSql = (tableName: string, q: RowQuery, readable: readonly FieldAccess[]) =>
  sql<{ n: number }>`select count(*)::int as n from (select 1 from ${table(tableName)} ${whereClause({ ...q, after: null }, readable)} limit ${sql.lit(COUNT_CAP + 1)}) s`;

/**
 * What an entry's access inputs were read at: the entry row's and its serving table version's xmin, which
 * change with any update of either row. A page statement carrying it shows whether cached inputs still hold.
 * (Primary-key subqueries rather than a join: PostgreSQL plans them in a fraction of the time, on every page.)
 */
const accessGuard = (datasetId: string) =>
  sql<string>`(select xmin::text from datasets where id = ${datasetId}) || '/' || (select xmin::text from table_versions
    where id = (select table_version_id from datasets where id = ${datasetId}) and status = 'ready')`;

/** A page of rows: the items as JSON text, the capped total when asked for, and the next cursor's values. */
export interface Page {
  items: string;
  /** Rows matching the filters up to COUNT_CAP + 1, when asked for. */
  total: number | null;
  count: number;
  next: { value: Scalar | null; row: number } | null;
  /** The entry's access guard as the read saw it (see accessGuard). */
  guard: string | null;
}

export function datastoreRepository(database: Pick<Database, "db" | "prepared">, cache: { pageCacheBytes: number } = { pageCacheBytes: 0 }) {
  const db: Kysely<DB> = database.db;
  // Table versions never change once ready, so their column lists are cached for good.
  const columnCache = new Map<string, Set<string>>();
  // And so are their pages: the same statement with the same values reads the same rows for as long as the
  // table exists. Whether the entry still serves the table, to this reader, is the access guard's to say,
  // and it is read on every request. Kept in reading order, the least recently read dropped first.
  const pages = new Map<string, { page: Omit<Page, "guard">; chars: number }>();
  // Counted in characters, at two bytes each (Chinese text takes V8's two-byte strings).
  const budget = cache.pageCacheBytes / 2;
  let cachedChars = 0;
  const keep = (key: string, page: Omit<Page, "guard">) => {
    const chars = key.length + page.items.length;
    if (chars > budget / 8) return;
    pages.set(key, { page, chars });
    cachedChars += chars;
    for (const [k, v] of pages) {
      if (cachedChars <= budget) break;
      pages.delete(k);
      cachedChars -= v.chars;
    }
  };

  return {
    /** The ready table version an entry serves, if any, with the versions of both rows (see `accessGuard`). */
    servingTable: (datasetId: string) =>
      db
        .selectFrom("datasets as d")
        .innerJoin("table_versions as t", "t.id", "d.table_version_id")
        .select(["t.id", "t.table_name", "t.version", "t.rows_loaded", "t.finished_at", accessGuard(datasetId).as("guard")])
        .where("d.id", "=", datasetId)
        .where("t.status", "=", "ready")
        .executeTakeFirst(),

    async columns(tableName: string): Promise<Set<string>> {
      const hit = columnCache.get(tableName);
      if (hit) return hit;
      const rows = await sql<{ attname: string }>`select attname from pg_attribute
        where attrelid = ${`datastore.${tableName}`}::regclass and attnum > 0 and not attisdropped`.execute(db);
      const set = new Set(rows.rows.map((r) => r.attname));
      columnCache.set(tableName, set);
      return set;
    },

    /**
     * One page: the rows as a JSON array text (written in one pass from the text PostgreSQL sends), whether
     * more follow, the last row's sort value and row number for the next cursor, and the access guard.
     */
    async page(tableName: string, q: RowQuery, readable: readonly FieldAccess[], opts: { count: boolean; guardOf: string; columns?: ReadonlySet<string> }): Promise<Page> {
      const sortValue = q.sort ? sql`to_json(${sql.id(q.sort.field)})::text` : sql`null::text`;
      const guard = accessGuard(opts.guardOf);
      // Prepared (see Database.prepared): a page costs PostgreSQL about as much to plan as to run. Limits are
      // literals, so a plan knows them (a client uses few page sizes).
      type Row = Record<string, string | number | null> & { __sort: string | null; __guard: string | null };
      const guardAlone = async () => (await database.prepared<{ g: string | null }>(sql`select ${guard} as g`.compile(db)))[0].g;
      // What the statement is made of (its text is not built for a page already kept).
      // (The table's columns are fixed once it is ready, so they need no place in the key.)
      const key = budget > 0 ? JSON.stringify([tableName, opts.count, q, readable]) : "";
      const hit = key ? pages.get(key) : undefined;
      if (hit) {
        pages.delete(key);
        pages.set(key, hit);
        return { ...hit.page, guard: await guardAlone() };
      }
      const statement = sql`
        select ${pageSelectList(q.fields, opts.columns)}, ${sortValue} as __sort, ${guard} as __guard
        from ${table(tableName)} ${whereClause(q, readable)} ${orderClause(q)}
        limit ${sql.lit(q.limit + 1)}`.compile(db);
      const rows = await database.prepared<Row>(statement);
      const more = rows.length > q.limit;
      const shown = more ? rows.slice(0, q.limit) : rows;
      const last = shown[shown.length - 1];
      const page = {
        items: pageJson(shown, q.fields),
        // A first page that holds every match is its own count; only a longer result is counted, capped.
        total: !opts.count ? null : !more ? rows.length : (await database.prepared<{ n: number }>(countSql(tableName, q, readable).compile(db)))[0].n,
        count: shown.length,
        next: more ? { value: (last.__sort === null ? null : JSON.parse(last.__sort)) as Scalar | null, row: Number(last[ROW_COLUMN]) } : null,
      };
      if (key) keep(key, page);
      // The access guard rides on every row; an empty page asks for it alone.
      return { ...page, guard: rows.length ? rows[0].__guard : await guardAlone() };
    },


    /** A batch of rows as arrays (downloads on PGlite, and XLSX/JSON everywhere), after row `afterRow`. */
    async batch(tableName: string, q: RowQuery, readable: readonly FieldAccess[], afterRow: number, size: number, opts: { neutraliseFormulas: boolean; columns?: ReadonlySet<string> }) {
      const keyed = { ...q, sort: null, after: { value: null, row: afterRow } };
      const r = await sql<Record<string, unknown>>`select ${selectList(q.fields, { ...opts, withRow: true })} from ${table(tableName)} ${whereClause(keyed, readable)} order by _row limit ${size}`.execute(db);
      return r.rows;
    },

    /** The COPY statement text of a download (PostgreSQL streams it; see download.ts). */
    copySql(tableName: string, q: RowQuery, readable: readonly FieldAccess[], columns?: ReadonlySet<string>) {
      const unpaged = { ...q, sort: null, after: null };
      return sql`copy (select ${selectList(q.fields, { neutraliseFormulas: true, withRow: false, columns })} from ${table(tableName)} ${whereClause(unpaged, readable)} order by _row) to stdout with (format csv, header true)`.compile(db);
    },
  };
}

export type DatastoreRepository = ReturnType<typeof datastoreRepository>;
