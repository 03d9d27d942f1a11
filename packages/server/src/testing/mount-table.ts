// Mounts rows on an entry with plain SQL, as a finished load would leave them: a ready table version
// in the datastore schema, pointed at by the entry. For tests of the read side apart from ingest.
import type { DatasetField } from "@shuyuan/core";
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/schema";
import { columnType, tableNameFor } from "../datastore/types";

export async function mountTable(db: Kysely<DB>, datasetId: string, fields: readonly Pick<DatasetField, "name" | "type">[], rows: readonly (readonly unknown[])[]) {
  const last = await db.selectFrom("table_versions").select((eb) => eb.fn.max("version").as("v")).where("dataset_id", "=", datasetId).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const tableName = tableNameFor(datasetId, version);
  const t = sql.id("datastore", tableName);
  await sql`create table ${t} (_row bigint primary key, ${sql.join(fields.map((f) => sql`${sql.id(f.name)} ${sql.raw(columnType(f))}`))})`.execute(db);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r, j) => sql`(${i + j + 1}, ${sql.join(r.map((v, k) => sql`${v}::${sql.raw(columnType(fields[k]))}`))})`);
    await sql`insert into ${t} values ${sql.join(chunk)}`.execute(db);
  }
  const { id } = await db
    .insertInto("table_versions")
    .values({ dataset_id: datasetId, version, table_name: tableName, status: "ready", source_name: "test", source_format: "csv", rows_read: rows.length, rows_loaded: rows.length, rows_rejected: 0, finished_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.updateTable("table_versions").set({ status: "superseded" }).where("dataset_id", "=", datasetId).where("status", "=", "ready").where("id", "!=", id).execute();
  await db.updateTable("datasets").set({ table_version_id: id, last_loaded_at: new Date() }).where("id", "=", datasetId).execute();
  return { tableName, version };
}
