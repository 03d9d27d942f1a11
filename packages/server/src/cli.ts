import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import { resolveProfile, ROLES } from "@shuyuan/core";
import { z } from "zod";
import { verifyCheckpoint } from "@shuyuan/core";
import { openAudit } from "./app";
import { calendarService } from "./calendar/service";
import { describeReport, ImportError, importTable } from "./cli/import-table";
import { loadConfig, type ServerConfig } from "./config";
import type { AuditInput } from "./audit/writer";
import { openDatabase, type Database } from "./db/database";
import { migrate } from "./db/migrate";
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from "./demo/seed";
import { AppError } from "./http/errors";
import { issuesToFields } from "./http/validation";
import { identityRepository } from "./identity/repository";
import * as schemas from "./identity/schemas";
import { identityService } from "./identity/service";
import { organisationRepository } from "./organisations/repository";
import { startServer } from "./server";
import { VERSION } from "./version";

const program = new Command()
  .name("shuyuan")
  .description("数源 Shuyuan — government data platform. Configuration comes from the environment (see README).")
  .version(VERSION);

async function withDatabase<T>(fn: (database: Database, config: ServerConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await migrate(database);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

/** State changes made at the command line are on the record like any other (actor: the operator's shell). */
async function recordCliChange(database: Database, config: ServerConfig, input: AuditInput) {
  const { writer } = await openAudit(config, database, config.profileId);
  await writer.append({ ...input, userAgent: "shuyuan-cli", detail: { ...input.detail, osUser: os.userInfo().username } });
  await writer.close();
}

function printAccounts(accounts: DemoAccount[]) {
  console.log(`\n演示账号 / demo accounts (password 密码: ${DEMO_PASSWORD})`);
  for (const a of accounts) console.log(`  ${a.login.padEnd(10)} ${a.name}  ${a.organisation}  [${a.roles.join(", ")}]${a.platformAdmin ? " platform admin" : ""}`);
}

program
  .command("start")
  .description("Start the platform (embedded PGlite under SHUYUAN_DATA_DIR unless DATABASE_URL is set)")
  .action(async () => {
    const server = await startServer({ logger: process.env.SHUYUAN_LOG === "true" });
    const where = server.database.kind === "pglite" ? `PGlite in ${server.config.dataDir}` : "PostgreSQL (DATABASE_URL)";
    console.log(`\n数源 Shuyuan ${VERSION} — ${server.profile.name.zh} / ${server.profile.name.en} (profile ${server.profile.id})`);
    console.log(`数据库 database: ${where}`);
    console.log(`\n  ➜  ${server.url}/\n  ➜  API docs: ${server.url}/api/docs`);
    if (server.demoAccounts) printAccounts(server.demoAccounts);
    else if (server.config.seedDemo) console.log(`\n演示账号 demo accounts: admin, reviewer, auditor, market, health, transport, operator, company (password ${DEMO_PASSWORD} unless changed)`);
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

program
  .command("migrate")
  .description("Apply pending database migrations")
  .action(() =>
    withDatabase(async (database) => {
      const applied = await migrate(database);
      console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
    }),
  );

program
  .command("seed-demo")
  .description("Seed the demo jurisdiction and accounts (only into an empty database)")
  .action(() =>
    withDatabase(async (database, config) => {
      const accounts = await seedDemo(database.db, resolveProfile(config.profileId, config.profileOverrides), config.secret);
      if (accounts) {
        await recordCliChange(database, config, { action: "platform.seed_demo", outcome: "success", detail: { accounts: accounts.map((a) => a.login) } });
        printAccounts(accounts);
      }
      else console.log("the database already has users: nothing seeded");
    }),
  );

const user = program.command("user").description("Manage accounts");
user
  .command("create")
  .description("Create a staff account in an organisation (the password must be changed at first login unless --no-force-change)")
  .requiredOption("--organisation <id>", "organisation id (uuid)")
  .requiredOption("--login <login>", "login name")
  .requiredOption("--name <name>", "real name")
  .requiredOption("--citizen-id <id>", "citizen ID number (GB 11643)")
  .addOption(new Option("--roles <roles>", `comma-separated: ${ROLES.join(", ")}`).default("admin"))
  .option("--password <password>", "initial password (or SHUYUAN_INITIAL_PASSWORD)")
  .option("--platform-admin", "grant platform administration", false)
  .option("--no-force-change", "do not require a password change at first login")
  .action((o) =>
    withDatabase(async (database, config) => {
      const input = z
        .object({
          organisationId: schemas.uuid,
          login: schemas.login,
          name: schemas.personName,
          citizenId: schemas.citizenId,
          roles: z.array(z.enum(ROLES)).min(1),
          initialPassword: schemas.password,
        })
        .safeParse({
          organisationId: o.organisation,
          login: o.login,
          name: o.name,
          citizenId: o.citizenId,
          roles: String(o.roles).split(",").map((r) => r.trim()),
          initialPassword: o.password ?? process.env.SHUYUAN_INITIAL_PASSWORD,
        });
      if (!input.success) throw new AppError(400, "invalid_input", { zh: "输入有误", en: "Invalid input" }, { fields: issuesToFields(input.error.issues) });
      const { organisationId, ...person } = input.data;
      const identity = identityService({
        users: identityRepository(database.db),
        organisations: organisationRepository(database.db),
        profile: resolveProfile(config.profileId, config.profileOverrides),
        secret: config.secret,
      });
      const created = await identity.provisionUser(organisationId, { ...person, platformAdmin: o.platformAdmin }, { mustChangePassword: o.forceChange });
      await recordCliChange(database, config, {
        action: "organisation.user.create",
        outcome: "success",
        subjectType: "organisation",
        subjectId: organisationId,
        detail: { userId: created.id, login: created.login, roles: person.roles, platformAdmin: o.platformAdmin },
      });
      console.log(`created ${created.login} (${created.id})`);
    }),
  );

const calendar = program.command("calendar").description("Workday calendar");
calendar
  .command("import <file>")
  .description("Load a year's official holiday schedule (JSON or iCalendar .ics)")
  .addOption(new Option("--format <format>", "file format (default: by extension)").choices(["json", "ics"]))
  .option("--year <year>", "the year the file must be for", (v) => Number(v))
  .action((file: string, o) =>
    withDatabase(async (database, config) => {
      const service = await calendarService(database.db);
      const format = o.format ?? (file.toLowerCase().endsWith(".ics") ? "ics" : "json");
      const result = await service.importSchedule(null, { format, content: fs.readFileSync(file, "utf8"), year: o.year, sourceName: path.basename(file) });
      await recordCliChange(database, config, {
        action: "calendar.schedule.load",
        outcome: "success",
        subjectType: "calendar_year",
        subjectId: String(result.year),
        detail: { file: path.basename(file), days: result.days },
      });
      console.log(`loaded ${result.year}: ${result.days} days`);
      for (const w of result.warnings) console.log(`  warning: ${w.messageEn}`);
    }),
  );

program
  .command("import <file>")
  .description("Mount a CSV (UTF-8 or GBK), XLSX or JSON file on a dataset through a running platform, with a progress bar and the quality report")
  .requiredOption("--dataset <id>", "the catalog entry's id (uuid)")
  .addOption(new Option("--url <url>", "the platform's address").env("SHUYUAN_URL").default("http://127.0.0.1:8080"))
  .addOption(new Option("--token <token>", "a personal API token of the providing department's catalog editor (Profile → API tokens)").env("SHUYUAN_TOKEN").makeOptionMandatory())
  .addOption(new Option("--format <format>", "file format (default: by extension)").choices(["csv", "xlsx", "json"]))
  .action(async (file: string, o) => {
    const bar = new SingleBar({ format: "{bar} {percentage}% · {sentMb}/{totalMb} MB · {eta_formatted}", hideCursor: true, noTTYOutput: false }, Presets.shades_classic);
    const mb = (n: number) => (n / 1024 ** 2).toFixed(1);
    let started = false;
    const result = await importTable({
      file,
      datasetId: o.dataset,
      url: o.url,
      token: o.token,
      format: o.format,
      onProgress: (sent, total) => {
        if (!started) bar.start(total, 0, { sentMb: mb(0), totalMb: mb(total) });
        started = true;
        bar.update(sent, { sentMb: mb(sent) });
        if (sent === total) bar.stop();
      },
    }).finally(() => bar.stop());
    for (const line of describeReport(result)) console.log(line);
  });

const audit = program.command("audit").description("The tamper-evident audit record");
audit
  .command("verify")
  .description("Walk the hash chain and the signed checkpoints; exit 1 and name the first broken entry if any")
  .option("--from <seq>", "first entry", (v) => Number(v))
  .option("--to <seq>", "last entry", (v) => Number(v))
  .action((o) =>
    withDatabase(async (database, config) => {
      const { service, writer } = await openAudit(config, database, config.profileId);
      const started = Date.now();
      // On a terminal, a long walk shows how far it has got (the report itself goes to standard output).
      const bar = new SingleBar({ format: "{bar} {percentage}% · {value}/{total} entries · {eta_formatted}", hideCursor: true }, Presets.shades_classic);
      let shown = false;
      const report = await service
        .verify({ fromSeq: o.from, toSeq: o.to }, ({ checked, total }) => {
          if (total < 100_000) return;
          if (!shown) bar.start(total, 0);
          shown = true;
          bar.update(Math.min(checked, total));
        })
        .finally(() => bar.stop());
      await writer.close();
      const seconds = (Date.now() - started) / 1000;
      console.log(`${report.ok ? "OK" : "BROKEN"}: ${report.checked} entries (${report.fromSeq}–${report.toSeq}, ${report.algorithm}) and ${report.checkpoints.checked} checkpoints in ${seconds.toFixed(2)} s`);
      for (const b of report.breaks) console.log(`  entry ${b.seq}: ${b.kind}: ${b.message}`);
      for (const f of report.checkpoints.failed) console.log(`  checkpoint ${f.seq}: ${f.reason}`);
      if (!report.ok) process.exitCode = 1;
    }),
  );
audit
  .command("checkpoint")
  .description("Sign the current head of the record now and print the checkpoint (JSON)")
  .action(() =>
    withDatabase(async (database, config) => {
      const { service, writer } = await openAudit(config, database, config.profileId);
      console.log(JSON.stringify(await service.checkpoint(), null, 2));
      await writer.close();
    }),
  );
audit
  .command("verify-checkpoint <checkpoint.json>")
  .description("Check a published checkpoint offline with the platform's public key alone")
  .requiredOption("--public-key <file.pem>", "the platform's public key (GET /api/v1/audit/public-key)")
  .action((file: string, o) => {
    const ok = verifyCheckpoint(JSON.parse(fs.readFileSync(file, "utf8")), fs.readFileSync(o.publicKey, "utf8"));
    console.log(ok ? "signature OK" : "signature INVALID");
    if (!ok) process.exitCode = 1;
  });
audit
  .command("purge")
  .description("Retention purge: delete entries older than --before (at least the profile's retention, 004 §28), leaving a signed anchor")
  .requiredOption("--before <date>", "cutoff, YYYY-MM-DD")
  .action((o) =>
    withDatabase(async (database, config) => {
      const profile = resolveProfile(config.profileId, config.profileOverrides);
      const { service, writer } = await openAudit(config, database, profile.id);
      const result = await service.purge(new Date(o.before), profile.auditRetentionYears ?? 3, null);
      await writer.close();
      console.log(`purged ${result.purged} entries`);
    }),
  );

program.parseAsync().catch((err) => {
  type Field = { path: string; message: string; messageEn: string };
  const report = (message: string, fields: Field[]) => {
    console.error(message);
    for (const f of fields) console.error(`  ${f.path}: ${f.message} / ${f.messageEn}`);
  };
  if (err instanceof ImportError) report(`${err.message} / ${err.messageEn} (${err.status} ${err.code})`, err.fields);
  else if (err instanceof AppError) report(`${err.messages.zh} / ${err.messages.en}`, (err.extra.fields ?? []) as Field[]);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
