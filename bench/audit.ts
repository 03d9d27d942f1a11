/**
 * Audit-record benchmark: append and verification rates next to raw PostgreSQL
 * doing the same I/O in the same run, and data-API throughput with auditing on
 * vs off. Needs a PostgreSQL server: DATABASE_URL=postgres://… npx tsx bench/audit.ts
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { GENESIS_HASH, type ChainedEntry } from "@shuyuan/core";
import { sql } from "kysely";
import pg from "pg";
import { openAudit } from "../packages/server/src/app";
import { toRow } from "../packages/server/src/audit/repository";
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
const fmt = (n: number) => n.toLocaleString("en-US");

async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `shuyuan_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

function sampleEntry(i: number): Omit<ChainedEntry, "seq" | "prevHash" | "hash"> {
  return {
    at: new Date().toISOString(), action: "data.query", outcome: "success", actorUserId: "6f1c1c1e-2b1a-4d7e-9d1e-0c6b7a1d2e3f",
    actorOrganisationId: "1b4e28ba-2fa1-11d2-883f-0016d3cca427", tokenId: null, regionCode: "230000", subjectType: "dataset",
    subjectId: String(i % 1000), datasetId: "9a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d", fields: ["name", "phone"], rowCount: 50,
    purpose: "政务服务", grantId: null, ip: "127.0.0.1", userAgent: "bench", payloadDigest: "ab".repeat(32), detail: { status: 200 },
  };
}

async function storage(url: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-bench-"));
  const config = loadConfig({}, { dataDir, databaseUrl: url });
  const database = await openDatabase(config);
  await migrate(database);
  const db = database.db;

  // Baseline: the same rows, same indexes, batched the same way, no chain and no lock.
  await sql`create table bench_raw (like audit_entries including all)`.execute(db);
  const rows = Array.from({ length: N }, (_, i) => toRow({ ...sampleEntry(i), seq: i + 1, prevHash: GENESIS_HASH, hash: GENESIS_HASH }));
  let t = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    await sql`insert into bench_raw select * from json_populate_recordset(null::bench_raw, ${JSON.stringify(rows.slice(i, i + BATCH))}::json)`.execute(db);
  }
  const rawInsert = rate(N, performance.now() - t);

  const { writer, service } = await openAudit(config, database, "bench");
  t = performance.now();
  const inFlight: Promise<number>[] = [];
  for (let i = 0; i < N; i++) {
    inFlight.push(writer.append(sampleEntry(i)));
    if (inFlight.length >= 20_000) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  const append = rate(N, performance.now() - t);

  // Baseline for verification: reading the same rows page by page, no hashing.
  t = performance.now();
  for (let after = 0; ; ) {
    const page = await sql<{ seq: number }>`select * from bench_raw where seq > ${after} order by seq limit 10000`.execute(db);
    if (!page.rows.length) break;
    after = Number(page.rows[page.rows.length - 1].seq);
  }
  const rawRead = rate(N, performance.now() - t);

  t = performance.now();
  const report = await service.verify();
  const verify = rate(report.checked, performance.now() - t);
  if (!report.ok) throw new Error("verification failed on an untouched chain");

  await writer.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { rawInsert, append, rawRead, verify };
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

async function throughput(url: string, mode: "on" | "off") {
  const server = await serve(url, mode);
  const login = await fetch(`${server.address}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "market", password: DEMO_PASSWORD }) });
  const { user, csrfToken } = await login.json();
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const token = await (await fetch(`${server.address}/api/v1/me/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ name: "bench" }) })).json();
  const target = `${server.address}/api/v1/organisations/${user.memberships[0].organisationId}/users`;
  const result = await autocannon({ url: target, connections: 16, duration: 8, headers: { authorization: `Bearer ${token.token}` } });
  await server.stop();
  if (result.non2xx) throw new Error(`${result.non2xx} non-2xx responses`);
  return Math.round(result.requests.average);
}

await withScratchDatabase(async (url) => {
  console.log(`audit benchmark: ${fmt(N)} entries, PostgreSQL at ${new URL(url).host}`);
  const s = await storage(url);
  console.log(`append (group commit, hash chain)  ${fmt(s.append).padStart(9)} entries/s   raw batched INSERT ${fmt(s.rawInsert).padStart(9)} rows/s   ratio ${(s.append / s.rawInsert).toFixed(2)}   target ≥ 50,000/s`);
  console.log(`verify (read + rehash + link)      ${fmt(s.verify).padStart(9)} entries/s   raw paged SELECT   ${fmt(s.rawRead).padStart(9)} rows/s   ratio ${(s.verify / s.rawRead).toFixed(2)}   target ≥ 200,000/s`);
});
await withScratchDatabase(async (url) => {
  const off = await throughput(url, "off");
  const on = await throughput(url, "on");
  console.log(`audited read route (users of an organisation, bearer token, 16 connections)`);
  console.log(`  auditing off ${fmt(off)} req/s   auditing on ${fmt(on)} req/s   ratio ${(on / off).toFixed(2)}   target ≥ 0.90`);
});
