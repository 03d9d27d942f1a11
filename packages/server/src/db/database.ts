import fs from "node:fs";
import path from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type CompiledQuery } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect";
import type { DB } from "./schema";

export type DatabaseKind = "pglite" | "postgres";

export type RawQuery = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /**
   * Runs `fn` on one dedicated connection with a raw query function that accepts
   * multi-statement scripts (migrations, advisory locks held across statements).
   */
  session<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  /**
   * Runs a hot statement that PostgreSQL keeps prepared on each connection, under a name given to its
   * text: parsed once per connection and, when the plan cache finds a generic plan as good, planned once.
   * Only the first PREPARED_TEXTS texts get names (each costs the server memory on every connection);
   * later ones, and every statement on PGlite, run as ordinary statements.
   */
  prepared<R>(query: CompiledQuery): Promise<R[]>;
  /** The driver underneath, for what Kysely cannot express: COPY streams. */
  driver: { kind: "postgres"; pool: pg.Pool } | { kind: "pglite"; pglite: PGlite };
  close(): Promise<void>;
}

// One place where driver differences are normalised: DATE stays 'YYYY-MM-DD',
// bigint counts become numbers (they are row counts, far below 2^53).
const DATE_OID = 1082;
const PREPARED_TEXTS = 200;
const INT8_OID = 20;

export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(path.join(options.dataDir, "pgdata"));
}

async function openPostgres(url: string): Promise<Database> {
  const parsers = {
    getTypeParser(oid: number, format?: any) {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === INT8_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types: parsers as any });
  // An idle connection the server terminates (restart, failover, a dropped test database) must not crash
  // the process: the pool discards it and the next query opens a new one.
  pool.on("error", () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const names = new Map<string, string>();
  return {
    kind: "postgres",
    db,
    driver: { kind: "postgres", pool },
    async prepared<R>(query: CompiledQuery) {
      let name = names.get(query.sql);
      if (name === undefined && names.size < PREPARED_TEXTS) names.set(query.sql, (name = `shuyuan_${names.size}`));
      return (await pool.query({ name, text: query.sql, values: query.parameters as unknown[] })).rows as R[];
    },
    async session(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (text, params) => (await client.query(text, params)).rows);
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, {
    parsers: {
      [DATE_OID]: (v: string) => v,
      [pgliteTypes.INT8]: (v: string) => Number(v),
    },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: "pglite",
    db,
    driver: { kind: "pglite", pglite },
    async prepared<R>(query: CompiledQuery) {
      return (await db.executeQuery<R>(query)).rows;
    },
    // Only used before the server takes requests, so it needs no queueing with the dialect.
    async session(fn) {
      return fn(async (text, params) => {
        if (params?.length) return (await pglite.query<any>(text, params)).rows;
        const results = await pglite.exec(text);
        return (results.at(-1)?.rows ?? []) as any[];
      });
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
