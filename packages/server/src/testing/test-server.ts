import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadConfig, type ServerConfig } from "../config";
import { startServer, type RunningServer } from "../server";

/**
 * A real server on a random port and a database of its own: a fresh PGlite data
 * directory, or — when DATABASE_URL is set — a new database on that server,
 * dropped again on close.
 */
export async function startTestServer(overrides: Partial<ServerConfig> & { seedDemo?: boolean } = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-test-"));
  const baseUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (baseUrl) {
    const name = `shuyuan_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config: ServerConfig = {
    ...loadConfig({ SHUYUAN_DEMO: "true" }, { dataDir }),
    port: 0,
    host: "127.0.0.1",
    databaseUrl,
    secret: randomBytes(32).toString("base64url"),
    ...overrides,
  };
  const server = await startServer({ config });
  return {
    ...server,
    async close() {
      await server.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
