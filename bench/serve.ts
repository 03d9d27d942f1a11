/**
 * Starts a server for a benchmark in its own process (so the load generator
 * does not share its event loop). Usage: tsx bench/serve.ts <audit on|off>
 * Env: DATABASE_URL, SHUYUAN_DATA_DIR as for `shuyuan start`; BENCH_CPU_PROFILE=<file.cpuprofile>
 * records a V8 CPU profile of the server until it is stopped (open it in Chrome DevTools).
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { loadConfig } from "../packages/server/src/config";
import { startServer } from "../packages/server/src/server";

const profileFile = process.env.BENCH_CPU_PROFILE;
const inspector = profileFile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.start");
}

const config = loadConfig(process.env, { port: 0, auditEnabled: process.argv[2] !== "off", auditCheckpointMinutes: 0 });
const server = await startServer({ config });
process.stdout.write(`url ${server.url}\n`);
process.once("SIGTERM", async () => {
  if (inspector) fs.writeFileSync(profileFile!, JSON.stringify((await inspector.post("Profiler.stop")).profile));
  await server.close();
  process.exit(0);
});
