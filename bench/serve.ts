/**
 * Starts a server for a benchmark in its own process (so the load generator
 * does not share its event loop). Usage: tsx bench/serve.ts <audit on|off>
 * Env: DATABASE_URL, SHUYUAN_DATA_DIR as for `shuyuan start`.
 */
import { loadConfig } from "../packages/server/src/config";
import { startServer } from "../packages/server/src/server";

const config = loadConfig(process.env, { port: 0, auditEnabled: process.argv[2] !== "off", auditCheckpointMinutes: 0 });
const server = await startServer({ config });
process.stdout.write(`url ${server.url}\n`);
process.once("SIGTERM", async () => {
  await server.close();
  process.exit(0);
});
