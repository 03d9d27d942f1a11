/**
 * Datastore benchmark (issue 6): a generated 10-column company register (valid credit codes and citizen
 * IDs, phones, addresses, decimals, dates, Chinese text) loaded, exported and queried through the
 * platform, each figure next to raw PostgreSQL in the same run:
 *   - ingest: `loadTableVersion` (decode, validate, COPY, key + indexes + ANALYZE, swap) against raw
 *     `COPY FROM` of the same CSV into the same table with the same key and indexes.  Target ≥ 0.7.
 *   - export: `GET …/download` from a server in its own process, to the last byte, against raw `COPY TO`;
 *     the server's peak RSS during each download at each size.  Target ≥ 0.7, memory flat.
 *   - query: autocannon on `GET …/rows` (anonymous: access decision, masking, audit) with an indexed
 *     prefix filter and pages of 50, against bench/naive-rows.ts (same SQL, rows serialized in JS).  Target ≥ 1.2.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/datastore.ts
 *
 * Env: BENCH_DS_PARTS (ingest,export,query), BENCH_DS_ROWS (rows for ingest and query, 1000000),
 * BENCH_DS_EXPORT_ROWS (table sizes for export, "1000000,4000000"), BENCH_DS_RUNS (alternating runs of
 * each path, 3), BENCH_DS_SECONDS (autocannon run, 10), BENCH_DS_CONNECTIONS (50), BENCH_DS_KEEP=1 keeps the
 * database (its URL is printed) for EXPLAIN and experiments in psql, BENCH_DS_CSV_DIR=<dir> keeps the generated
 * CSV files there (register-<rows>.csv) and reuses them in the next run, BENCH_DS_AUDIT=off runs the platform
 * with auditing off (to see what the audit record costs the query path).
 * A quick run: BENCH_DS_ROWS=100000 BENCH_DS_EXPORT_ROWS=100000,400000 BENCH_DS_RUNS=1 BENCH_DS_SECONDS=3.
 * It creates a database `shuyuan_bench_ds_<random>` (dropped at the end) and CSV files under the OS temp dir
 * (deleted at the end unless BENCH_DS_CSV_DIR says where to keep them).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import autocannon from "autocannon";
import { checkDataset, citizenIdCheckChar, creditCodeCheckChar, decideAccess, diffDatasets, type DatasetField, type DatasetInput } from "@shuyuan/core";
import { sql } from "kysely";
import pg from "pg";
import { backendCpu, backendDelta, processCpu } from "./cpu";
import { withScratchDatabase } from "./scratch-database";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { entryOf } from "../packages/server/src/catalog/entry";
import { loadConfig } from "../packages/server/src/config";
import { loadTableVersion, type LoadProgress } from "../packages/server/src/datastore/loader";
import { datastoreRepository } from "../packages/server/src/datastore/repository";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import { startServer, type RunningServer } from "../packages/server/src/server";

const PARTS = new Set((process.env.BENCH_DS_PARTS ?? "ingest,export,query").split(","));
const ROWS = Number(process.env.BENCH_DS_ROWS ?? 1_000_000);
const EXPORT_ROWS = (process.env.BENCH_DS_EXPORT_ROWS ?? "1000000,4000000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_DS_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_DS_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_DS_CONNECTIONS ?? 50);
const KEEP = process.env.BENCH_DS_KEEP === "1";
const CSV_DIR = process.env.BENCH_DS_CSV_DIR;
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error("bench/datastore.ts needs a PostgreSQL server: set DATABASE_URL=postgres://…");
  process.exit(2);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => (ms / 1000).toFixed(2);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mib = (kb: number) => `${Math.round(kb / 1024)} MiB`;

// ---- the register: fields and generated CSV ------------------------------------------------------

const field = (name: string, title: string, over: Partial<DatasetField> = {}): DatasetField => ({ name, title, type: "string", level: 1, sensitivity: "none", required: false, key: false, ...over });
const FIELDS: DatasetField[] = [
  field("credit_code", "统一社会信用代码", { sensitivity: "credit_code", required: true, key: true }),
  field("company_name", "企业名称", { required: true, length: 100 }),
  field("legal_person", "法定代表人", { sensitivity: "name" }),
  field("legal_person_id", "法定代表人身份证号", { sensitivity: "citizen_id" }),
  field("phone", "联系电话", { sensitivity: "phone" }),
  field("address", "住所", { sensitivity: "address" }),
  field("registered_capital", "注册资本（万元）", { type: "number" }),
  field("employees", "从业人数", { type: "integer" }),
  field("established", "成立日期", { type: "date" }),
  field("updated_at", "数据更新时间", { type: "datetime" }),
];

/** Seeded PRNG (mulberry32): every run generates the same register. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)] };
}

const DISTRICTS: [string, string][] = [
  ["230102", "道里区"], ["230103", "南岗区"], ["230104", "道外区"], ["230108", "平房区"], ["230109", "松北区"], ["230110", "香坊区"],
  ["230111", "呼兰区"], ["230112", "阿城区"], ["230113", "双城区"], ["230123", "依兰县"], ["230124", "方正县"], ["230125", "宾县"],
  ["230202", "龙沙区"], ["230203", "建华区"], ["230204", "铁锋区"], ["230302", "鸡冠区"], ["230402", "向阳区"], ["230502", "尖山区"],
];
const CITY: Record<string, string> = { "2301": "哈尔滨市", "2302": "齐齐哈尔市", "2303": "鸡西市", "2304": "鹤岗市", "2305": "双鸭山市" };
const SHOP = ["华信", "龙江", "北国", "松花", "冰城", "嘉禾", "瑞丰", "恒通", "金穗", "远航", "新润", "德泰", "永兴", "启明", "天成", "博雅", "鑫源", "宏达", "兴隆", "黑土地"];
const TRADE = ["科技", "商贸", "食品", "物流", "建筑", "餐饮", "医药", "文化", "农业", "信息", "能源", "环保", "机械", "服装", "旅游", "教育咨询"];
const FORM = ["有限公司", "有限责任公司", "股份有限公司", "个人独资企业"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "欧阳"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "秀英", "桂兰", "建国", "志强", "海燕", "丽华"];
const STREETS = ["中央大街", "红旗大街", "学府路", "长江路", "黄河路", "中山路", "和平路", "东大直街", "西大直街", "文化街", "卫星路", "友谊路"];
const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Row i of the register as a CSV line. About 1 % of company names hold a comma and are quoted, as in real exports. */
function registerRow(r: ReturnType<typeof rng>, i: number): string {
  const [region, district] = r.pick(DISTRICTS);
  let subject = "";
  for (let k = 0; k < 9; k++) subject += CREDIT_CHARS[r.int(31)];
  const code17 = `91${region}${subject}`;
  const year = 1950 + r.int(55);
  const id17 = `${r.pick(DISTRICTS)[0]}${year}${pad(1 + r.int(12))}${pad(1 + r.int(28))}${pad(r.int(1000), 3)}`;
  const place = CITY[region.slice(0, 4)];
  let name = `${place}${r.pick(SHOP)}${r.pick(TRADE)}${i % 997}${r.pick(FORM)}`;
  if (r.next() < 0.01) name = `"${place}${r.pick(SHOP)}${r.pick(TRADE)}${r.pick(FORM)}（${district},分公司）"`;
  const phone = r.next() < 0.85 ? `1${3 + r.int(7)}${pad(r.int(1e9), 9)}` : `0451-8${pad(r.int(1e7), 7)}`;
  const address = `${place}${district}${r.pick(STREETS)}${1 + r.int(400)}号`;
  const capital = `${10 + r.int(50_000)}.${pad(r.int(100))}`;
  const established = `${1995 + r.int(30)}-${pad(1 + r.int(12))}-${pad(1 + r.int(28))}`;
  const updated = `2026-${pad(1 + r.int(10))}-${pad(1 + r.int(28))} ${pad(r.int(24))}:${pad(r.int(60))}:${pad(r.int(60))}`;
  return `${code17}${creditCodeCheckChar(code17)},${name},${r.pick(SURNAMES)}${r.pick(GIVEN)},${id17}${citizenIdCheckChar(id17)},${phone},${address},${capital},${r.int(5000)},${established},${updated}\n`;
}

/** Writes the register's first `rows` rows as a UTF-8 CSV with the fields' titles as its header, once per size. */
async function registerCsv(dir: string, rows: number): Promise<{ file: string; bytes: number }> {
  const file = path.join(dir, `register-${rows}.csv`);
  if (!fs.existsSync(file)) {
    const r = rng(6);
    const out = fs.createWriteStream(file);
    out.write(FIELDS.map((f) => f.title).join(",") + "\n");
    for (let i = 0; i < rows; i += 10_000) {
      let chunk = "";
      for (let j = i; j < Math.min(rows, i + 10_000); j++) chunk += registerRow(r, j);
      if (!out.write(chunk)) await once(out, "drain");
    }
    await new Promise<void>((ok) => out.end(() => ok()));
  }
  return { file, bytes: fs.statSync(file).size };
}

// ---- setup -------------------------------------------------------------------------------------


/** The register as an open, level-1 entry of the demo's market regulator (the `market` user's organisation), published through the catalog repository. */
async function createEntry(server: RunningServer): Promise<string> {
  const db = server.database.db;
  const provider = await db
    .selectFrom("organisations as o")
    .innerJoin("memberships as m", "m.organisation_id", "o.id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["o.id", "o.name", "o.region_code"])
    .where("u.login", "=", "market")
    .executeTakeFirstOrThrow();
  const input: DatasetInput = {
    title: "企业登记信息（基准测试）",
    code: `BENCH-DS-${randomBytes(3).toString("hex")}`,
    summary: "生成的企业登记信息：统一社会信用代码、企业名称、法定代表人及其身份证号、联系电话、住所、注册资本、从业人数、成立日期",
    catalogKind: "department",
    fields: FIELDS,
    formats: ["csv"],
    updateFrequency: "monthly",
    shareType: "unconditional",
    openType: "unconditional",
    level: 1,
    contact: { name: "数据管理科" },
  };
  const checked = checkDataset(input);
  if (!checked.ok) throw new Error(`bench entry fails checkDataset: ${JSON.stringify(checked.errors)}`);
  const repo = server.app.catalog.repo;
  const id = await repo.insertDraft(checked.content, provider);
  await db.transaction().execute((trx) =>
    repo.publish(trx, id, { version: 1, content: checked.content, changes: diffDatasets(null, checked.content), changeSummary: "首次发布", reviewCaseId: null, userId: null, providerName: provider.name, status: "published" }),
  );
  return id;
}

/** Loads a CSV through the real loader; times its phases and the Node CPU it spends. */
async function loaderRun(server: RunningServer, datasetId: string, csv: { file: string; bytes: number }, rows: number) {
  const phases: Partial<Record<LoadProgress["phase"], number>> = {};
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await loadTableVersion(server.database, {
    datasetId,
    fields: FIELDS,
    userId: null,
    source: { name: path.basename(csv.file), format: "csv", bytes: csv.bytes, stream: fs.createReadStream(csv.file, { highWaterMark: 1 << 20 }) },
    dataDir: server.config.dataDir,
    onProgress: (p) => (phases[p.phase] ??= performance.now() - t0),
  });
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  if (result.report.rowsLoaded !== rows) throw new Error(`loaded ${result.report.rowsLoaded} of ${rows} rows: ${JSON.stringify(result.report.rejects.slice(0, 3))}`);
  return { ms, copyMs: phases.indexing!, indexMs: phases.swapping! - phases.indexing!, cpuUsPerRow: (used.user + used.system) / rows, tableName: result.tableName };
}

/** The loader's table, key and indexes, as a DBA would build them: COPY of the CSV, then the key and the indexes. */
async function rawLoad(url: string, csv: { file: string }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const columns = FIELDS.map((f) => `"${f.name}" ${f.type === "string" ? "text" : f.type === "integer" ? "bigint" : f.type === "number" ? "numeric" : f.type === "date" ? "date" : "timestamptz"}${f.required ? " not null" : ""}`);
  const t0 = performance.now();
  try {
    await client.query("begin");
    await client.query(`create table raw_register (_row bigint generated by default as identity, ${columns.join(", ")})`);
    await pipeline(
      fs.createReadStream(csv.file, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`copy raw_register (${FIELDS.map((f) => `"${f.name}"`).join(", ")}) from stdin with (format csv, header true, freeze)`)),
    );
    const copied = performance.now() - t0;
    await client.query("alter table raw_register add primary key (_row)");
    await client.query("create index raw_register_i1 on raw_register (credit_code text_pattern_ops)");
    await client.query("create index raw_register_i2 on raw_register (legal_person_id text_pattern_ops)");
    await client.query("analyze raw_register");
    await client.query("commit");
    const ms = performance.now() - t0;
    return { ms, copyMs: copied, indexMs: ms - copied };
  } finally {
    await client.query("drop table if exists raw_register");
    await client.end();
  }
}

/** Between runs: no checkpoint or autovacuum left over from the run before, no old table versions. */
async function quiet(server: RunningServer, datasetId: string) {
  const db = server.database.db;
  const old = await db.selectFrom("table_versions").select("table_name").where("dataset_id", "=", datasetId).where("status", "!=", "ready").execute();
  for (const v of old) await sql`drop table if exists ${sql.id("datastore", v.table_name)}`.execute(db);
  await sql`checkpoint`.execute(db);
}

async function ingest(server: RunningServer, url: string, datasetId: string, csv: { file: string; bytes: number }) {
  console.log(`\ningest: ${fmt(ROWS)} rows, ${(csv.bytes / 1024 ** 2).toFixed(0)} MB of CSV; ${RUNS} alternating runs; load ${load()}`);
  const ratios: number[] = [];
  let tableName = "";
  // Sorts that spill to disk show as temporary bytes (statistics reach the view within a second or so).
  const tempBytes = async () => {
    await new Promise((ok) => setTimeout(ok, 1500));
    const r = await sql<{ b: string }>`select temp_bytes::text as b from pg_stat_database where datname = current_database()`.execute(server.database.db);
    return Number(r.rows[0].b);
  };
  for (let run = 1; run <= RUNS; run++) {
    await quiet(server, datasetId);
    const t0 = await tempBytes();
    const raw = await rawLoad(url, csv);
    const t1 = await tempBytes();
    await quiet(server, datasetId);
    const l = await loaderRun(server, datasetId, csv, ROWS);
    const t2 = await tempBytes();
    tableName = l.tableName;
    ratios.push(raw.ms / l.ms);
    console.log(
      `  run ${run}: loader ${secs(l.ms)} s (${fmt((ROWS / l.ms) * 1000)} rows/s; copying ${secs(l.copyMs)} s, key + indexes + analyze ${secs(l.indexMs)} s; Node CPU ${l.cpuUsPerRow.toFixed(1)} µs/row)` +
        `   raw COPY + indexes ${secs(raw.ms)} s (copy ${secs(raw.copyMs)} s, indexes ${secs(raw.indexMs)} s)   ratio ${(raw.ms / l.ms).toFixed(2)}` +
        `   temp files ${mib((t2 - t1) / 1024)} / raw ${mib((t1 - t0) / 1024)}   load ${load()}`,
    );
  }
  console.log(`  ratio median ${median(ratios).toFixed(2)}, best ${Math.max(...ratios).toFixed(2)}   target ≥ 0.70`);
  return tableName;
}

// ---- servers in their own processes ----------------------------------------------------------------

interface Child {
  address: string;
  pid: number;
  stop(): Promise<unknown>;
}

function child(script: string, args: string[], env: Record<string, string>): Promise<Child> {
  const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((r) => proc.once("exit", r));
  let stopping: Promise<unknown> | undefined;
  return new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    proc.stdout!.on("data", (b: Buffer) => {
      const m = b.toString().match(/url (\S+)/);
      if (m) resolve({ address: m[1], pid: proc.pid!, stop: () => (stopping ??= (proc.kill("SIGTERM"), exited)) });
    });
  });
}

/** The platform's server (bench/serve.ts, audit on) on the bench database. */
const platform = (url: string, dataDir: string) => child("serve.ts", [process.env.BENCH_DS_AUDIT ?? "on"], { DATABASE_URL: url, SHUYUAN_DATA_DIR: dataDir, SHUYUAN_DEMO: "false" });

/** Resident memory of a process (kB): now, and the peak since the last reset (VmHWM). */
function rss(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)![1]);
  return { now: kb("VmRSS"), peak: kb("VmHWM") };
}
const resetPeak = (pid: number) => fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");

/** A bearer token of the demo's `market` user, the entry's provider: it downloads its data unmasked. */
async function providerToken(address: string) {
  const login = await fetch(`${address}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "market", password: DEMO_PASSWORD }) });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const { csrfToken } = await login.json();
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const res = await fetch(`${address}/api/v1/me/tokens`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ name: "bench" }) });
  return ((await res.json()) as { token: string }).token;
}

// ---- export ------------------------------------------------------------------------------------------

/** Downloads to the last byte; returns the time and the bytes. */
async function fetchAll(address: string, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const res = await fetch(address, { headers });
  if (!res.ok) throw new Error(`${address}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return { ms: performance.now() - t0, bytes };
}

/** Raw COPY TO of `statement`, read to the end by this process. */
async function rawCopyTo(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    let bytes = 0;
    for await (const chunk of client.query(copyTo(statement)) as AsyncIterable<Buffer>) bytes += chunk.byteLength;
    return { ms: performance.now() - t0, bytes };
  } finally {
    await client.end();
  }
}

async function exportPart(server: RunningServer, url: string, datasetId: string, csvDir: string, ingested: { rows: number; tableName: string } | null) {
  const db = server.database.db;
  console.log(
    `\nexport: GET /download?format=csv from a server process, read to the last byte, vs raw COPY TO of the same columns in _row order; ${RUNS} alternating runs per size;` +
      ` anonymous (4 of 10 columns masked, text neutralised against formulas) and the provider (unmasked, neutralised); load ${load()}`,
  );
  const http = await platform(url, server.config.dataDir);
  const provider = { authorization: `Bearer ${await providerToken(http.address)}` };
  try {
    for (const rows of EXPORT_ROWS) {
      let tableName = ingested?.rows === rows ? ingested.tableName : "";
      if (!tableName) {
        const csv = await registerCsv(csvDir, rows);
        await quiet(server, datasetId);
        tableName = (await loaderRun(server, datasetId, csv, rows)).tableName;
      }
      await sql`vacuum analyze ${sql.id("datastore", tableName)}`.execute(db);
      const target = `${http.address}/api/v1/datasets/${datasetId}/download?format=csv`;
      const rawSql = `copy (select ${FIELDS.map((f) => `"${f.name}"`).join(", ")} from datastore.${tableName} order by _row) to stdout with (format csv, header true)`;
      const routeSql = await routeCopySql(server, datasetId, tableName);
      await fetchAll(`${http.address}/api/v1/datasets/${datasetId}/rows?limit=1`);
      const ratios = { anonymous: [] as number[], provider: [] as number[] };
      const rate = (ms: number) => `${fmt((rows / ms) * 1000)} rows/s`;
      for (let run = 1; run <= RUNS; run++) {
        const raw = await rawCopyTo(url, rawSql);
        const statement = await rawCopyTo(url, routeSql);
        const before = rss(http.pid).now;
        resetPeak(http.pid);
        const anonymous = await fetchAll(target);
        const anonymousPeak = rss(http.pid).peak;
        resetPeak(http.pid);
        const own = await fetchAll(target, provider);
        const ownPeak = rss(http.pid).peak;
        ratios.anonymous.push(raw.ms / anonymous.ms);
        ratios.provider.push(raw.ms / own.ms);
        console.log(
          `  ${fmt(rows)} rows, run ${run}: raw COPY TO ${rate(raw.ms)} (${secs(raw.ms)} s, ${(raw.bytes / 1024 ** 2).toFixed(0)} MB)` +
            `   anonymous ${rate(anonymous.ms)} (ratio ${(raw.ms / anonymous.ms).toFixed(2)}; its COPY statement alone ${rate(statement.ms)})` +
            `   provider ${rate(own.ms)} (ratio ${(raw.ms / own.ms).toFixed(2)})` +
            `   server RSS ${mib(before)} before, peak ${mib(anonymousPeak)} / ${mib(ownPeak)}   load ${load()}`,
        );
      }
      const summary = (xs: number[]) => `median ${median(xs).toFixed(2)}, best ${Math.max(...xs).toFixed(2)}`;
      console.log(`  ${fmt(rows)} rows: ratio anonymous ${summary(ratios.anonymous)}; provider ${summary(ratios.provider)}   target ≥ 0.70`);
    }
  } finally {
    await http.stop();
  }
}

/** The anonymous reader's fields and masks, from core's access decision on the published entry. */
async function anonymousFields(server: RunningServer, datasetId: string) {
  const repo = server.app.catalog.repo;
  const row = (await repo.findById(datasetId))!;
  const content = (await repo.publishedContent(datasetId, row.version!))!;
  const decision = decideAccess({ actor: null, dataset: { ...entryOf(row), level: row.level, fields: content.fields }, mode: "query", profile: server.profile });
  if (!decision.allowed) throw new Error("the bench entry is not readable anonymously");
  return decision.fields;
}

async function routeCopySql(server: RunningServer, datasetId: string, tableName: string) {
  const readable = await anonymousFields(server, datasetId);
  const q = { fields: readable, filters: [], sort: null, limit: 0, after: null };
  const repo = datastoreRepository(server.database);
  return repo.copySql(tableName, q, readable, await repo.columns(tableName)).sql;
}

// ---- query -------------------------------------------------------------------------------------------

async function queryPart(server: RunningServer, url: string, datasetId: string, tableName: string) {
  await sql`vacuum analyze ${sql.id("datastore", tableName)}`.execute(server.database.db);
  const readable = await anonymousFields(server, datasetId);
  // Prefixes of credit codes (region + the subject code's first two characters): ~ rows / 17,000 matches
  // each, about a page at a million rows, so a request costs PostgreSQL about what a page costs.
  const prefixes = DISTRICTS.flatMap(([region]) => ["0A", "5M", "AX", "M3"].map((c) => `91${region}${c}`));
  const query = (i: number) => `f.credit_code=prefix.${prefixes[i % prefixes.length]}&limit=50`;
  const real = await platform(url, server.config.dataDir);
  // The table's columns too, so the naive route reads the masks stored at load as `/rows` does: the same SQL.
  const columns = [...(await datastoreRepository(server.database).columns(tableName))];
  const naive = await child("naive-rows.ts", [], { DATABASE_URL: url, NAIVE_ROWS: JSON.stringify({ tableName, readable, columns }) });
  const routes = { real: (i: number) => `/api/v1/datasets/${datasetId}/rows?${query(i)}`, naive: (i: number) => `/rows?${query(i)}` };
  const cannon = async (which: "real" | "naive", seconds: number) => {
    const target = which === "real" ? real : naive;
    let i = 0;
    const [node0, pg0] = [processCpu(target.pid), await backendCpu(server.database.db)];
    const result = await autocannon({
      url: target.address,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, path: routes[which](i++) }) }],
    });
    if (result.non2xx || result.errors) throw new Error(`${which}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
    // CPU per request, which load from elsewhere moves less than the rate: the route's process, and PostgreSQL.
    const pg = backendDelta(pg0, await backendCpu(server.database.db));
    const perRequest = (s: number) => `${((s * 1e6) / result.requests.total).toFixed(0)} µs`;
    const cpu = `CPU/request: Node ${perRequest(processCpu(target.pid) - node0)}, PostgreSQL ${pg === null ? "?" : perRequest(pg)}`;
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu };
  };
  try {
    const [a, b] = await Promise.all([fetch(`${real.address}${routes.real(0)}`).then((r) => r.json()), fetch(`${naive.address}${routes.naive(0)}`).then((r) => r.json())]);
    // Values differ in form (pg parses dates and numerics in JS), so the rows and the count are compared.
    const rowsOf = (page: { items: { _row: string | number }[] }) => page.items.map((x) => Number(x._row)).join();
    if (rowsOf(a) !== rowsOf(b) || a.total !== b.total) throw new Error("the naive route's page differs from the real one's");
    console.log(`\nquery: autocannon, ${CONNECTIONS} connections, ${SECONDS} s runs, anonymous, f.credit_code=prefix.<region + 2 characters> (${a.total} matches on the first), limit=50; page cache ${process.env.SHUYUAN_PAGE_CACHE_MB ?? "32"} MB (SHUYUAN_PAGE_CACHE_MB); load ${load()}`);
    await cannon("real", 3);
    await cannon("naive", 3);
    const ratios: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const r = await cannon("real", SECONDS);
      const n = await cannon("naive", SECONDS);
      ratios.push(r.rps / n.rps);
      console.log(
        `  run ${run}: /rows ${fmt(r.rps)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms; ${r.cpu})   naive Fastify + pg ${fmt(n.rps)} req/s (p50 ${n.p50} ms, p99 ${n.p99} ms; ${n.cpu})   ratio ${(r.rps / n.rps).toFixed(2)}   load ${load()}`,
      );
    }
    console.log(`  ratio median ${median(ratios).toFixed(2)}, best ${Math.max(...ratios).toFixed(2)}   target ≥ 1.20`);
  } finally {
    await Promise.all([real.stop(), naive.stop()]);
  }
}

// ---- main --------------------------------------------------------------------------------------------

await withScratchDatabase(baseUrl!, "shuyuan_bench_ds", async (url) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-bench-ds-"));
  const csvDir = CSV_DIR ?? path.join(dataDir, "csv");
  fs.mkdirSync(csvDir, { recursive: true });
  const server = await startServer({ config: loadConfig({}, { dataDir, databaseUrl: url, port: 0, seedDemo: true, seedDemoData: false, auditCheckpointMinutes: 0 }) });
  try {
    const settings = await sql<{ v: string; mwm: string; workers: string }>`select current_setting('server_version') as v, current_setting('maintenance_work_mem') as mwm,
      current_setting('max_parallel_maintenance_workers') as workers`.execute(server.database.db);
    const s = settings.rows[0];
    console.log(`datastore benchmark: PostgreSQL ${s.v} (maintenance_work_mem ${s.mwm}, max_parallel_maintenance_workers ${s.workers}), Node.js ${process.version}, ${os.cpus().length} cores, load ${load()}`);
    const datasetId = await createEntry(server);
    let ingested: { rows: number; tableName: string } | null = null;
    if (PARTS.has("ingest") || PARTS.has("query")) {
      const t = performance.now();
      const csv = await registerCsv(csvDir, ROWS);
      console.log(`generated ${fmt(ROWS)} rows in ${secs(performance.now() - t)} s`);
      const tableName = PARTS.has("ingest") ? await ingest(server, url, datasetId, csv) : (await loaderRun(server, datasetId, csv, ROWS)).tableName;
      ingested = { rows: ROWS, tableName };
    }
    if (PARTS.has("query")) await queryPart(server, url, datasetId, ingested!.tableName);
    if (PARTS.has("export")) await exportPart(server, url, datasetId, csvDir, ingested);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, { keep: KEEP });
