import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * With DATABASE_URL set, a new empty database on that server for one test file
 * (dropped again afterwards); without it, nothing: the caller uses PGlite.
 */
export async function createTestDatabase(): Promise<{ databaseUrl?: string; drop(): Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) return { drop: async () => {} };
  const name = `shuyuan_test_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { databaseUrl: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
