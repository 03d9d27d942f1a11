/**
 * Audit-record benchmark: append and verification rates next to raw PostgreSQL
 * doing the same I/O in the same run, and data-API throughput with auditing on
 * vs off. Needs a PostgreSQL server: DATABASE_URL=postgres://… npx tsx bench/audit.ts
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { GENESIS_HASH, sealBatch, type AuditContent } from "@shuyuan/core";
import { finished } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { sql } from "kysely";
import pg from "pg";
import { backendCpu, backendDelta } from "./cpu";
import { withScratchDatabase } from "./scratch-database";
import { openAudit } from "../packages/server/src/app";
import { sealedCopyText } from "../packages/server/src/audit/copy-text";
import { sealedRowsLiteral } from "../packages/server/src/audit/repository";
import type { VerifyReport } from "../packages/server/src/audit/service";
import { loadConfig } from "../packages/server/src/config";
import { openDatabase } from "../packages/server/src/db/database";
import { migrate } from "../packages/server/src/db/migrate";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";

const N = Number(process.env.BENCH_AUDIT_ENTRIES ?? 200_000);
const BATCH = 5000;
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error("bench/audit.ts needs a PostgreSQL server: set DATABASE_URL=postgres://…");
  process.exit(2);
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const batches = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, b) => items.slice(b * BATCH, (b + 1) * BATCH));
const fmt = (n: number) => n.toLocaleString("en-US");


function sampleEntry(i: number): Omit<AuditContent, "seq"> {
  return {
    at: new Date().toISOString(), action: "data.query", outcome: "success", actorUserId: "6f1c1c1e-2b1a-4d7e-9d1e-0c6b7a1d2e3f",
    actorOrganisationId: "1b4e28ba-2fa1-11d2-883f-0016d3cca427", tokenId: null, regionCode: "230000", subjectType: "dataset",
    subjectId: String(i % 1000), datasetId: "9a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d", fields: ["name", "phone"], rowCount: 50,
    purpose: "政务服务", grantId: null, ip: "127.0.0.1", userAgent: "bench", payloadDigest: "ab".repeat(32), detail: { status: 200 },
  };
}

type Database = Awaited<ReturnType<typeof openDatabase>>;
type Db = Database["db"];

interface Phase {
  rate: number;
  /** CPU per entry in µs: this process, and PostgreSQL's backends (null when the server is not on this host). */
  nodeUs: number;
  pgUs: number | null;
}

/**
 * Runs `work` from a quiet server (no autovacuum or checkpoint left over from
 * the phase before) and measures its rate and CPU per entry: on a shared
 * machine the CPU figures move much less than the rates.
 */
async function timed(db: Db, work: () => Promise<unknown>): Promise<Phase> {
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);
  const pg0 = await backendCpu(db);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = await backendCpu(db);
  const pgSeconds = backendDelta(pg0, pg1);
  return { rate: rate(N, ms), nodeUs: (cpu.user + cpu.system) / N, pgUs: pgSeconds === null ? null : (pgSeconds * 1e6) / N };
}

/** Runs one COPY statement on a connection of its own. */
async function copy(database: Database, stream: ReturnType<typeof copyFrom> | ReturnType<typeof copyTo>, data?: Buffer) {
  if (database.driver.kind !== "postgres") throw new Error("bench/audit.ts needs PostgreSQL");
  const client = await database.driver.pool.connect();
  try {
    const s = client.query(stream);
    if (data === undefined) (s as ReturnType<typeof copyTo>).resume();
    else (s as ReturnType<typeof copyFrom>).end(data);
    await finished(s);
  } finally {
    client.release();
  }
}

/**
 * Baselines: the same rows into a copy of the table (same indexes), batched the
 * same way, no hashing and no lock, in the writer's two transports (prepared
 * beforehand): one array of row literals (small chunks), COPY text (large ones).
 * The prepared rows are dropped on return, so they do not burden the heap later.
 */
async function rawInserts(database: Database) {
  const db = database.db;
  await sql`create table bench_raw (like audit_entries including all)`.execute(db);
  const sealed = sealBatch("sm3", { seq: 0, hash: GENESIS_HASH }, Array.from({ length: N }, (_, i) => sampleEntry(i)));
  const literals = batches(sealed).map(sealedRowsLiteral);
  const array = await timed(db, async () => {
    for (const batch of literals) await sql`insert into bench_raw select * from unnest(${batch}::audit_entries[])`.execute(db);
  });
  await sql`truncate bench_raw`.execute(db);
  const texts = batches(sealed).map(sealedCopyText);
  const copied = await timed(db, async () => {
    for (const text of texts) await copy(database, copyFrom("copy bench_raw from stdin"), text);
  });
  return { rawArray: array, rawCopy: copied };
}

async function storage(url: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-bench-"));
  const config = loadConfig({}, { dataDir, databaseUrl: url });
  const database = await openDatabase(config);
  await migrate(database);
  const db = database.db;
  const raw = await rawInserts(database);

  const { writer, service } = await openAudit(config, database, "bench");
  const append = await timed(db, async () => {
    const inFlight: Promise<number>[] = [];
    for (let i = 0; i < N; i++) {
      inFlight.push(writer.append(sampleEntry(i)));
      // Sustained: at most 20,000 unacknowledged, new entries arriving as the oldest are stored.
      if (inFlight.length >= 20_000) await Promise.all(inFlight.splice(0, 1_000));
    }
    await Promise.all(inFlight);
  });

  // Baselines for verification: reading the same rows, no hashing: page by page, and in one COPY.
  const rawRead = await timed(db, async () => {
    for (let after = 0; ; ) {
      const page = await sql<{ seq: number }>`select * from bench_raw where seq > ${after} order by seq limit 10000`.execute(db);
      if (!page.rows.length) break;
      after = Number(page.rows[page.rows.length - 1].seq);
    }
  });
  const rawCopyRead = await timed(db, () => copy(database, copyTo("copy (select * from bench_raw order by seq) to stdout")));

  let report!: VerifyReport;
  const verify = await timed(db, async () => (report = await service.verify()));
  if (!report.ok || report.checked !== N) throw new Error("verification failed on an untouched chain");

  await writer.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { ...raw, append, rawRead, rawCopyRead, verify };
}

async function serve(url: string, mode: "on" | "off") {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-bench-"));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "serve.ts"), mode], {
    env: { ...process.env, DATABASE_URL: url, SHUYUAN_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const address = await new Promise<string>((resolve) => {
    child.stdout!.on("data", (b: Buffer) => {
      const m = b.toString().match(/url (\S+)/);
      if (m) resolve(m[1]);
    });
  });
  return {
    address,
    stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))).then(() => fs.rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** A server with a bearer token for the data route: users of an organisation, read with an API token. */
async function routeServer(url: string, mode: "on" | "off") {
  const server = await serve(url, mode);
  const login = await fetch(`${server.address}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "market", password: DEMO_PASSWORD }) });
  const { user, csrfToken } = await login.json();
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const token = await (await fetch(`${server.address}/api/v1/me/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ name: "bench" }) })).json();
  const target = `${server.address}/api/v1/organisations/${user.memberships[0].organisationId}/users`;
  const load = async (seconds: number) => {
    const result = await autocannon({ url: target, connections: 16, duration: seconds, headers: { authorization: `Bearer ${token.token}` } });
    if (result.non2xx) throw new Error(`${result.non2xx} non-2xx responses`);
    return Math.round(result.requests.average);
  };
  return { load, stop: server.stop };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await withScratchDatabase(baseUrl!, "shuyuan_bench", async (url) => {
  console.log(`audit benchmark: ${fmt(N)} entries, PostgreSQL at ${new URL(url).host}`);
  const s = await storage(url);
  const line = (name: string, p: Phase, note = "") =>
    console.log(`${name.padEnd(36)} ${fmt(p.rate).padStart(9)}/s   CPU µs/entry: node ${p.nodeUs.toFixed(1).padStart(4)}, PostgreSQL ${p.pgUs?.toFixed(1).padStart(4) ?? " n/a"}${note}`);
  line("append (group commit, hash chain)", s.append, `   target ≥ 50,000/s; ratio to raw COPY ${(s.append.rate / s.rawCopy.rate).toFixed(2)}`);
  line("  raw batched INSERT of row array", s.rawArray);
  line("  raw batched COPY FROM", s.rawCopy);
  line("verify (read + rehash + link)", s.verify, `   target ≥ 200,000/s; ratio to raw COPY ${(s.verify.rate / s.rawCopyRead.rate).toFixed(2)}`);
  line("  raw paged SELECT *", s.rawRead);
  line("  raw COPY (SELECT *) TO", s.rawCopyRead);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
});
// BENCH_AUDIT_ROUTE=0 skips the route comparison (about a minute).
if (process.env.BENCH_AUDIT_ROUTE !== "0") await withScratchDatabase(baseUrl!, "shuyuan_bench", async (url) => {
  // Both servers stay up: each is warmed (JIT, pools, caches) before anything
  // counts, then runs alternate so drift on the machine hits both alike.
  const off = await routeServer(url, "off");
  const on = await routeServer(url, "on");
  try {
    await off.load(3);
    await on.load(3);
    const runs = { off: [] as number[], on: [] as number[] };
    for (let round = 0; round < 3; round++) {
      runs.off.push(await off.load(5));
      runs.on.push(await on.load(5));
    }
    const [a, b] = [median(runs.off), median(runs.on)];
    console.log(`audited read route (users of an organisation, bearer token, 16 connections; median of 3 alternating 5 s runs after warm-up)`);
    console.log(`  auditing off ${fmt(a)} req/s   auditing on ${fmt(b)} req/s   ratio ${(b / a).toFixed(2)}   target ≥ 0.90   (runs off ${runs.off.join(", ")}; on ${runs.on.join(", ")})`);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    await Promise.all([off.stop(), on.stop()]);
  }
});
