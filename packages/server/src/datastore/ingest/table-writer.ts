// Streams COPY text into a new datastore table on whichever engine the platform runs on.
//
// PostgreSQL: one dedicated connection and one transaction for create, COPY, keys, indexes and
// ANALYZE, so a failed or killed load leaves no table behind (the server rolls back when the client
// vanishes), and COPY can use FREEZE (allowed on a table created in the same transaction): rows are
// written frozen and all-visible, so neither the first reads nor the next VACUUM rewrite every page.
// The table is a normal, logged one. UNLOGGED would halve the WAL written during COPY, but an unlogged
// table is emptied by crash recovery and never reaches read replicas (how the platform scales reads),
// and SET LOGGED afterwards writes the whole table to WAL anyway.
//
// PGlite: one connection shared with every request, so nothing may hold it for a whole load. Rows go
// in with COPY FROM '/dev/blob' a few MB at a time (100k rows in ~1 s, against ~5 s with 1000-row
// INSERTs), each chunk taking its turn on the connection; the loader drops the table if anything fails.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CompiledQuery } from "kysely";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "../../db/database";
import { copyOptions, type CopyFormat } from "./copy-text";

export interface TablePlan {
  create: string;
  /** `copy <table> (<columns>)` with the fields in the given order: the writer adds where from. */
  copyInto(fieldOrder: readonly number[]): string;
  /** What follows the rows: primary key, indexes, ANALYZE. */
  finish: string[];
}

/** The rows as COPY text (UTF-8), and how it is written: known once its first chunk is. */
export interface CopyInput {
  text: AsyncIterable<Uint8Array<ArrayBuffer>>;
  format(): CopyFormat;
}

export interface TableWriter {
  build(plan: TablePlan, copy: CopyInput): Promise<void>;
  /** A statement on the writer's own connection (PostgreSQL), or in turn with other queries (PGlite). */
  run(statement: string, params?: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function openTableWriter(database: Database): Promise<TableWriter> {
  return database.driver.kind === "postgres" ? postgresWriter(await database.driver.pool.connect()) : pgliteWriter(database);
}

function postgresWriter(client: PoolClient): TableWriter {
  // A connection whose rollback failed is in an unknown state: it is closed, not returned to the pool.
  let broken = false;
  return {
    async build(plan, copy) {
      await client.query("begin");
      try {
        await client.query(plan.create);
        // The statement names the format, which the text settles with its first chunk.
        const chunks = copy.text[Symbol.asyncIterator]();
        const first = await chunks.next();
        const text = (async function* () {
          for (let next = first; !next.done; next = await chunks.next()) yield next.value;
        })();
        const format = copy.format();
        await pipeline(Readable.from(text), client.query(copyFrom(`${plan.copyInto(format.fieldOrder)} from stdin with (freeze, ${copyOptions(format)})`)));
        for (const statement of plan.finish) await client.query(statement);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback").catch(() => {
          broken = true;
        });
        throw err;
      }
    },
    async run(statement, params) {
      return (await client.query(statement, params)).rows;
    },
    async close() {
      client.release(broken ? new Error("connection left in an unknown state") : undefined);
    },
  };
}

/** Bytes of COPY text per blob: large enough to amortise a statement, small enough to keep memory flat. */
const BLOB_BYTES = 4 * 1024 * 1024;

function pgliteWriter(database: Database): TableWriter {
  if (database.driver.kind !== "pglite") throw new Error("not a PGlite database");
  const { pglite } = database.driver;
  const { db } = database;
  const run = async (statement: string, params: unknown[] = []) => (await db.executeQuery(CompiledQuery.raw(statement, params))).rows;
  return {
    async build(plan, copy) {
      await run(plan.create);
      let parts: Uint8Array<ArrayBuffer>[] = [];
      let size = 0;
      const flush = async () => {
        if (!parts.length) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        // Holding Kysely's connection keeps every other query off PGlite while this chunk goes in.
        const format = copy.format();
        await db.connection().execute(() => pglite.query(`${plan.copyInto(format.fieldOrder)} from '/dev/blob' with (${copyOptions(format)})`, [], { blob }));
      };
      for await (const bytes of copy.text) {
        parts.push(bytes);
        size += bytes.byteLength;
        if (size >= BLOB_BYTES) await flush();
      }
      await flush();
      for (const statement of plan.finish) await run(statement);
    },
    run,
    async close() {},
  };
}
