import { resolveProfile, type Profile } from "@shuyuan/core";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { loadConfig, type ServerConfig } from "./config";
import { openDatabase, type Database } from "./db/database";
import { recoverInterruptedLoads } from "./datastore/loader";
import { migrate } from "./db/migrate";
import { seedDemoData } from "./demo/data";
import { seedDemo, type DemoAccount } from "./demo/seed";
import { regions } from "./regions/regions";

const CASE_SWEEP_MS = 5 * 60_000;

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  config: ServerConfig;
  profile: Profile;
  database: Database;
  demoAccounts: DemoAccount[] | null;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds the demo on first start, and listens. */
export async function startServer(options: { config?: ServerConfig; logger?: boolean } = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const profile = resolveProfile(config.profileId, config.profileOverrides);
  const database = await openDatabase(config);
  try {
    await migrate(database);
    // A load killed mid-way (kill -9, power loss) left a `loading` version: fail it and drop its table.
    await recoverInterruptedLoads(database);
    // Fail early, in both languages, if the file store is not writable or the bucket is unreachable.
    await config.storage.check();
    const demoAccounts = config.seedDemo ? await seedDemo(database.db, profile, config.secret) : null;
    if (demoAccounts && config.seedDemoData) await seedDemoData(database, config.dataDir, regions().get(profile.regionCode)?.name ?? "");
    const app = await buildApp({ config, database, profile, logger: options.logger });
    if (demoAccounts) await app.audit.record({ action: "platform.seed_demo", outcome: "success", detail: { accounts: demoAccounts.map((a) => a.login) } });
    const address = await app.listen({ port: config.port, host: config.host });
    const url = address.replace("[::1]", "localhost");
    // Signed checkpoints of the audit record; instances signing the same head store it once.
    const checkpoints = config.auditCheckpointMinutes
      ? setInterval(() => app.audit.checkpoint().catch((err) => app.log.error(err)), config.auditCheckpointMinutes * 60_000).unref()
      : null;
    // Statutory clocks: mark due-soon/overdue and escalate (a singleton across instances via an advisory lock);
    // then revocations whose grace period ended (004 §16).
    const caseSweeps = setInterval(
      () =>
        app.cases
          .sweep()
          .then(() => app.catalog.service.sweep())
          .catch((err) => app.log.error(err)),
      CASE_SWEEP_MS,
    ).unref();
    return {
      app,
      url,
      config,
      profile,
      database,
      demoAccounts,
      async close() {
        if (checkpoints) clearInterval(checkpoints);
        clearInterval(caseSweeps);
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
