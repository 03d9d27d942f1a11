// All SQL of the interop module, read-only: the distributions of a page of entries in three queries (the
// catalog listings of CKAN and DCAT would otherwise ask per entry), which entry a resource id belongs to,
// and datastore_search's offset pages over the datastore's own SQL fragments (masking, filters, order).
import type { FieldAccess, RowQuery } from "@shuyuan/core";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../db/schema";
import type { ApiDistributionsTable } from "../datastore/api-distributions";
import type { FileDistributionsTable } from "../datastore/files";
import { COUNT_CAP } from "../datastore/repository";
import { column, orderClause, selectList, table, whereClause } from "../datastore/sql";
import { ROW_COLUMN } from "../datastore/types";

/** WHERE of a datastore_search: the parsed filters, and the free text in any searchable field. */
function searchWhere(q: RowQuery, readable: readonly FieldAccess[], text: string | null, searchable: readonly FieldAccess[]): RawBuilder<unknown> {
  const filters = whereClause(q, readable);
  if (text === null) return filters;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // No searchable field: the text matches nothing, as CKAN's full-text index would find nothing.
  const match = searchable.length ? sql`(${sql.join(searchable.map((f) => sql`${column(f.name)} ilike ${pattern}`), sql` or `)})` : sql`false`;
  return q.filters.length ? sql`${filters} and ${match}` : sql`where ${match}`;
}

export function interopRepository(base: Kysely<DB>) {
  const db = base.withTables<{ file_distributions: FileDistributionsTable; api_distributions: ApiDistributionsTable }>();
  return {
    /** The serving table, live files and enabled APIs of each entry, and when its provider was registered. */
    async distributions(datasetIds: readonly string[]) {
      if (!datasetIds.length) return { tables: [], files: [], apis: [], providers: [] };
      const ids = [...datasetIds];
      const [tables, files, apis, providers] = await Promise.all([
        db
          .selectFrom("datasets as d")
          .innerJoin("table_versions as t", "t.id", "d.table_version_id")
          .select(["d.id as dataset_id", "t.rows_loaded", "t.started_at", "t.finished_at"])
          .where("d.id", "in", ids)
          .where("t.status", "=", "ready")
          .execute(),
        db
          .selectFrom("file_distributions")
          .select(["id", "dataset_id", "name", "media_type", "size", "sha256", "created_at"])
          .where("dataset_id", "in", ids)
          .where("deleted_at", "is", null)
          .orderBy("created_at")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("api_distributions")
          .select(["id", "dataset_id", "name", "created_at"])
          .where("dataset_id", "in", ids)
          .where("disabled_at", "is", null)
          .orderBy("created_at")
          .orderBy("id")
          .execute(),
        db
          .selectFrom("organisations as o")
          .select(["o.id", "o.created_at"])
          .where((eb) => eb.exists(eb.selectFrom("datasets as d").select("d.id").whereRef("d.provider_organisation_id", "=", "o.id").where("d.id", "in", ids)))
          .execute(),
      ]);
      return { tables, files, apis, providers };
    },

    /** The entry a CKAN resource id belongs to: an entry's own id (its table), a file's or an API's. */
    async resourceEntry(resourceId: string): Promise<string | null> {
      const r = await sql<{ dataset_id: string }>`
        select id as dataset_id from datasets where id = ${resourceId} and table_version_id is not null
        union all select dataset_id from file_distributions where id = ${resourceId} and deleted_at is null
        union all select dataset_id from api_distributions where id = ${resourceId} and disabled_at is null
        limit 1`.execute(db);
      return r.rows[0]?.dataset_id ?? null;
    },

    /** One offset page of rows as a JSON array text rendered by PostgreSQL, `_row` named CKAN's `_id`. */
    async searchPage(tableName: string, q: RowQuery, readable: readonly FieldAccess[], offset: number, text: string | null, searchable: readonly FieldAccess[], columns: ReadonlySet<string>) {
      const r = await sql<{ records: string; n: number }>`
        select coalesce(json_agg(p), '[]'::json)::text as records, count(*)::int as n from (
          select ${sql.id(ROW_COLUMN)} as "_id", ${selectList(q.fields, { withRow: false, columns })}
          from ${table(tableName)} ${searchWhere(q, readable, text, searchable)} ${orderClause(q)}
          limit ${q.limit} offset ${offset}
        ) p`.execute(db);
      return { records: r.rows[0].records, count: r.rows[0].n };
    },

    /** Matching rows counted up to COUNT_CAP + 1, as the data API counts. */
    async searchCount(tableName: string, q: RowQuery, readable: readonly FieldAccess[], text: string | null, searchable: readonly FieldAccess[]) {
      const r = await sql<{ n: number }>`select count(*)::int as n from (select 1 from ${table(tableName)} ${searchWhere(q, readable, text, searchable)} limit ${COUNT_CAP + 1}) s`.execute(db);
      return r.rows[0].n;
    },
  };
}

export type InteropRepository = ReturnType<typeof interopRepository>;
