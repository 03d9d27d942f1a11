// All SQL of the datastore's read side: the serving table of an entry, a page of rows rendered as JSON
// by PostgreSQL, capped counts, and batches for downloads.
import type { FieldAccess, RowQuery, Scalar } from "@shuyuan/core";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/database";
import type { DB } from "../db/schema";
import { orderClause, selectList, table, whereClause } from "./sql";

/** Counting stops here: beyond it the total is reported as "more than". */
export const COUNT_CAP = 10_000;

/** Rows matching the filters, counted up to COUNT_CAP + 1. */
const countSql = (tableName: string, q: RowQuery, readable: readonly FieldAccess[]) =>
  sql<{ n: number }>`select count(*)::int as n from (select 1 from ${table(tableName)} ${whereClause({ ...q, after: null }, readable)} limit ${sql.lit(COUNT_CAP + 1)}) s`;

/**
 * What an entry's access inputs were read at: the entry row's and its serving table version's xmin, which
 * change with any update of either row. A page statement carrying it shows whether cached inputs still hold.
 */
const accessGuard = (d: RawBuilder<unknown>, t: RawBuilder<unknown>) => sql<string>`${d}.xmin::text || '/' || ${t}.xmin::text`;

export function datastoreRepository(database: Pick<Database, "db" | "prepared">) {
  const db: Kysely<DB> = database.db;
  // Table versions never change once ready, so their column lists are cached for good.
  const columnCache = new Map<string, Set<string>>();

  return {
    /** The ready table version an entry serves, if any, with the versions of both rows (see `accessGuard`). */
    servingTable: (datasetId: string) =>
      db
        .selectFrom("datasets as d")
        .innerJoin("table_versions as t", "t.id", "d.table_version_id")
        .select(["t.id", "t.table_name", "t.version", "t.rows_loaded", "t.finished_at", accessGuard(sql`d`, sql`t`).as("guard")])
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
     * One page: the rows as a JSON array text (rendered by PostgreSQL, so no per-row JS work), whether
     * more follow, and the last row's sort value and row number for the next cursor.
     */
    async page(tableName: string, q: RowQuery, readable: readonly FieldAccess[], opts: { count: boolean; guardOf: string }) {
      const sortValue = q.sort ? sql`to_json(${sql.id(q.sort.field)})::text` : sql`null::text`;
      // Prepared (see Database.prepared): a page costs PostgreSQL more to parse and plan than to run. Limits
      // are literals, so a plan knows them (a client uses few page sizes).
      const [row] = await database.prepared<{ items: string; fetched: number; last_sort: string | null; last_row: number | null; guard: string | null }>(sql`
        with page as materialized (
          select s.*, row_number() over () as __i from (
            select ${selectList(q.fields, { maskByCall: true })}, ${sortValue} as __sort
            from ${table(tableName)} ${whereClause(q, readable)} ${orderClause(q)}
            limit ${sql.lit(q.limit + 1)}
          ) s
        )
        select
          (select coalesce(json_agg(r), '[]'::json) from (select ${sql.join([sql.id("_row"), ...q.fields.map((f) => sql.id(f.name))])} from page where __i <= ${sql.lit(q.limit)} order by __i) r)::text as items,
          (select count(*) from page)::int as fetched,
          (select __sort from page where __i = ${sql.lit(q.limit)}) as last_sort,
          (select _row from page where __i = ${sql.lit(q.limit)})::bigint as last_row,
          (select ${accessGuard(sql`d`, sql`t`)} from datasets d join table_versions t on t.id = d.table_version_id and t.status = 'ready' where d.id = ${opts.guardOf}) as guard`.compile(db));
      const more = row.fetched > q.limit;
      // A first page that holds every match is its own count; only a longer result is counted, capped.
      const total = !opts.count ? null : !more ? row.fetched : (await database.prepared<{ n: number }>(countSql(tableName, q, readable).compile(db)))[0].n;
      return {
        items: row.items,
        /** Rows matching the filters up to COUNT_CAP + 1, when asked for. */
        total,
        count: Math.min(row.fetched, q.limit),
        next: more && row.last_row !== null ? { value: (row.last_sort === null ? null : JSON.parse(row.last_sort)) as Scalar | null, row: Number(row.last_row) } : null,
        /** The entry's access guard as this statement saw it. */
        guard: row.guard,
      };
    },


    /** A batch of rows as arrays (downloads on PGlite, and XLSX/JSON everywhere), after row `afterRow`. */
    async batch(tableName: string, q: RowQuery, readable: readonly FieldAccess[], afterRow: number, size: number, opts: { neutraliseFormulas: boolean }) {
      const keyed = { ...q, sort: null, after: { value: null, row: afterRow } };
      const r = await sql<Record<string, unknown>>`select ${selectList(q.fields, { ...opts, withRow: true })} from ${table(tableName)} ${whereClause(keyed, readable)} order by _row limit ${size}`.execute(db);
      return r.rows;
    },

    /** The COPY statement text of a download (PostgreSQL streams it; see download.ts). */
    copySql(tableName: string, q: RowQuery, readable: readonly FieldAccess[]) {
      const unpaged = { ...q, sort: null, after: null };
      return sql`copy (select ${selectList(q.fields, { neutraliseFormulas: true, withRow: false })} from ${table(tableName)} ${whereClause(unpaged, readable)} order by _row) to stdout with (format csv, header true)`.compile(db);
    },
  };
}

export type DatastoreRepository = ReturnType<typeof datastoreRepository>;
