/**
 * The baseline of bench/datastore.ts's query part: a naive Fastify + pg data route. It runs the same SQL
 * as the real `/rows` route (the same select list with its masking expressions, filters, order, limit and
 * capped count, from the datastore's sql.ts) but takes the rows as JS objects and serializes them in JS,
 * with no access decision and no audit. Started by the bench in its own process:
 *   tsx bench/naive-rows.ts   (env DATABASE_URL; NAIVE_ROWS = {"tableName": …, "readable": FieldAccess[], "columns": the table's})
 * It prints `url <address>` when it listens.
 */
import { encodeCursor, parseRowQuery, type FieldAccess } from "@shuyuan/core";
import Fastify from "fastify";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { COUNT_CAP } from "../packages/server/src/datastore/repository";
import { orderClause, pageSelectList, table, whereClause } from "../packages/server/src/datastore/sql";

const { tableName, readable, columns } = JSON.parse(process.env.NAIVE_ROWS!) as { tableName: string; readable: FieldAccess[]; columns: string[] };
// The table's columns, so masks stored at load are read as the real route reads them.
const stored = new Set(columns);
// The same pool size as the platform's (db/database.ts).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool }) });

const app = Fastify();
app.get("/rows", async (request, reply) => {
  const parsed = parseRowQuery(request.query as Record<string, string>, readable);
  if (!parsed.ok) return reply.code(400).send({ errors: parsed.errors });
  const q = parsed.query;
  const page = await sql<Record<string, unknown>>`select ${pageSelectList(q.fields, stored)} from ${table(tableName)} ${whereClause(q, readable)} ${orderClause(q)} limit ${q.limit + 1}`.execute(db);
  // The select list names fields by position ("0", "1", …): the rows are renamed here, in JS.
  const items = page.rows.slice(0, q.limit).map((r) => Object.fromEntries([["_row", r._row], ...q.fields.map((f, i) => [f.name, r[String(i)]])]));
  let total: number | null = null;
  if (!q.after) {
    const unpaged = { ...q, after: null };
    const c = await sql<{ n: number }>`select count(*)::int as n from (select 1 from ${table(tableName)} ${whereClause(unpaged, readable)} limit ${COUNT_CAP + 1}) s`.execute(db);
    total = Math.min(c.rows[0].n, COUNT_CAP);
  }
  const last = items[items.length - 1];
  const next = page.rows.length > q.limit ? encodeCursor(q.sort ? (last[q.sort.field] as string) : null, Number(last._row)) : null;
  return { items, next, total };
});
const address = await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`url ${address}\n`);
process.once("SIGTERM", async () => {
  await app.close();
  await db.destroy();
  process.exit(0);
});
