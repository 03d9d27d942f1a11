/**
 * Test helper run as a separate process: appends audit entries as fast as it
 * can and reports each acknowledged seq on stdout ("committed N"), so a test can
 * kill it mid-batch and check that nothing acknowledged was lost.
 * Usage: tsx audit-append-worker.ts <dataDir> [databaseUrl]
 */
import { openAudit } from "../app";
import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { migrate } from "../db/migrate";

const [dataDir, databaseUrl] = process.argv.slice(2);
const config = loadConfig({}, { dataDir, databaseUrl: databaseUrl || undefined });
const database = await openDatabase(config);
await migrate(database);
const { writer } = await openAudit(config, database, "worker");
process.stdout.write("ready\n");
for (let wave = 0; ; wave++) {
  const seqs = await Promise.all(
    Array.from({ length: 200 }, (_, i) => writer.append({ action: "test.append", outcome: "success", detail: { wave, i, pid: process.pid } })),
  );
  process.stdout.write(`committed ${Math.max(...seqs)}\n`);
}
