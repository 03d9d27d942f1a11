import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadConfig, type ServerConfig } from "../config";
import { startServer, type RunningServer } from "../server";
import { createTestDatabase } from "./test-database";

/**
 * A real server on a random port and a database of its own: a fresh PGlite data
 * directory, or — when DATABASE_URL is set — a new database on that server,
 * dropped again on close.
 */
export async function startTestServer(overrides: Partial<ServerConfig> & { seedDemo?: boolean } = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-test-"));
  const { databaseUrl, drop } = await createTestDatabase();
  const config: ServerConfig = {
    ...loadConfig({ SHUYUAN_DEMO: "true" }, { dataDir }),
    port: 0,
    host: "127.0.0.1",
    databaseUrl,
    secret: randomBytes(32).toString("base64url"),
    seedDemoData: false,
    ...overrides,
  };
  const server = await startServer({ config });
  return {
    ...server,
    async close() {
      await server.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
