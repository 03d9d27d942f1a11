import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { AppError } from "../http/errors";
import { createTestDatabase } from "../testing/test-database";
import { ENTERPRISE_FIELDS, ENTERPRISE_HEADER, ENTERPRISES_CSV, enterpriseCsv, enterpriseRow } from "./fixtures/enterprises";
import { retained } from "./fixtures/memory";
import { loadTableVersion, recoverInterruptedLoads, type LoadOptions } from "./loader";
import { datastoreRepository } from "./repository";

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(here, "fixtures/load-worker.ts");

let database: Database;
let databaseUrl: string | undefined;
let dropDatabase: () => Promise<void>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-loader-"));

beforeAll(async () => {
  const test = await createTestDatabase();
  databaseUrl = test.databaseUrl;
  dropDatabase = test.drop;
  database = await openDatabase({ databaseUrl, dataDir });
  await migrate(database);
});

afterAll(async () => {
  await database?.close();
  await dropDatabase?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function newDataset(): Promise<string> {
  const n = randomBytes(4).toString("hex");
  const org = await sql<{ id: string }>`insert into organisations (name, kind, region_code) values (${`市场监督管理局${n}`}, 'department', '230100') returning id`.execute(database.db);
  const entry = await sql<{ id: string }>`insert into datasets (code, provider_organisation_id, region_code, status, title, summary, catalog_kind, share_type, open_type, level, formats, update_frequency, search)
    values (${`SCJG-${n}`}, ${org.rows[0].id}, '230100', 'published', '企业登记信息', '全市企业登记信息', 'basic', 'conditional', 'unconditional', 1, ${["csv"]}, 'monthly', ''::tsvector) returning id`.execute(database.db);
  return entry.rows[0].id;
}

async function* chunks(...parts: (Buffer | string)[]) {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p);
}

const load = (datasetId: string, stream: AsyncIterable<Buffer>, over: Partial<LoadOptions> = {}) =>
  loadTableVersion(database, { datasetId, fields: ENTERPRISE_FIELDS, userId: null, source: { name: "enterprises.csv", format: "csv", bytes: null, stream }, dataDir, ...over });

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the load to fail");
}

const rowsOf = async (tableName: string) => (await sql<Record<string, unknown>>`select * from ${sql.id("datastore", tableName)} order by _row`.execute(database.db)).rows;
const tableExists = async (tableName: string) =>
  (await sql<{ t: string | null }>`select to_regclass(${`datastore.${tableName}`})::text as t`.execute(database.db)).rows[0].t !== null;
const versions = (datasetId: string) =>
  database.db.selectFrom("table_versions").select(["id", "version", "status", "table_name", "error", "rows_loaded"]).where("dataset_id", "=", datasetId).orderBy("version").execute();
const serving = async (datasetId: string) => (await datastoreRepository(database).servingTable(datasetId))?.table_name ?? null;

describe(`loading table versions (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  it("a UTF-8 and a GBK file of the same data, one with its columns in another order and one with a column the entry lacks but not all its fields, load the same rows, keyed and indexed, with the report kept", async () => {
    const [a, b, c, d] = [await newDataset(), await newDataset(), await newDataset(), await newDataset()];
    const utf8 = await load(a, chunks(ENTERPRISES_CSV));
    const gbk = await load(b, chunks(iconv.encode(ENTERPRISES_CSV.toString("utf8"), "gbk")));
    const records = parse(ENTERPRISES_CSV, { relax_column_count: true }) as string[][];
    const reversed = await load(c, chunks(stringify(records.map((r) => [...r].reverse()))));
    // A serial-number column the entry lacks, and no phone column: the phone and its stored mask are null.
    const phone = ENTERPRISE_FIELDS.findIndex((f) => f.name === "phone");
    const withoutPhone = await load(d, chunks(stringify(records.map((r, i) => [i ? String(i) : "序号", ...r.filter((_, c) => c !== phone)]))));
    expect(withoutPhone.report).toMatchObject({ unknownColumns: ["序号"], missingFields: ["phone"] });
    expect(gbk.report.encoding).toBe("gb18030");
    const rows = await rowsOf(utf8.tableName);
    expect(await rowsOf(gbk.tableName)).toEqual(rows);
    expect(await rowsOf(reversed.tableName)).toEqual(rows);
    expect(await rowsOf(withoutPhone.tableName)).toEqual(rows.map((r) => ({ ...r, phone: null, "phone*3.4.4": null })));
    expect(rows).toHaveLength(8);
    expect(rows[1]).toMatchObject({
      _row: 3,
      credit_code: "91230103MA1C4D5E6G",
      registered_capital: "1200.50",
      employees: 120,
      established: "2016-07-04",
      active: true,
      updated_at: new Date("2024-05-06T02:00:00Z"),
    });

    const [v] = await versions(a);
    expect(v).toMatchObject({ version: 1, status: "ready", rows_loaded: 8, table_name: utf8.tableName, error: null });
    const stored = await database.db.selectFrom("table_versions").select(["report", "rejected_file", "rows_rejected", "source_encoding"]).where("id", "=", utf8.versionId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ rows_rejected: 4, source_encoding: "utf-8", rejected_file: utf8.rejectedFile });
    expect((stored.report as { duplicateKeys: number }).duplicateKeys).toBe(1);
    expect(fs.readFileSync(path.join(dataDir, utf8.rejectedFile!), "utf8")).toContain("统一社会信用代码校验位错误");
    expect(await serving(a)).toBe(utf8.tableName);
    const entry = await database.db.selectFrom("datasets").select(["table_version_id", "last_loaded_at"]).where("id", "=", a).executeTakeFirstOrThrow();
    expect(entry.table_version_id).toBe(utf8.versionId);
    expect(entry.last_loaded_at).not.toBeNull();

    const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = 'datastore' and tablename = ${utf8.tableName} order by indexname`.execute(database.db);
    expect(indexes.rows.map((r) => r.indexdef.replace(/ USING btree/, "").replace(/^.* ON datastore\.\S+ /, ""))).toEqual(["(credit_code text_pattern_ops)", "(legal_person_id text_pattern_ops)", "(_row)"]);
  });

  it("a reload is swapped in atomically: readers see the old version until the swap, which stays afterwards", async () => {
    const id = await newDataset();
    const first = await load(id, chunks(ENTERPRISES_CSV));
    const during: { serving: string | null; oldRows: number; statuses: string[] }[] = [];
    const source = (async function* () {
      yield* enterpriseCsv(30_000);
      // Mid-load (the rows so far are in, on PGlite committed chunk by chunk): what does a reader see?
      during.push({ serving: await serving(id), oldRows: (await rowsOf(first.tableName)).length, statuses: (await versions(id)).map((v) => v.status) });
      for (let i = 30_000; i < 40_000; i += 1000) yield Buffer.from(Array.from({ length: 1000 }, (_, j) => enterpriseRow(i + j)).join(""));
    })();
    const second = await load(id, source);
    expect(during).toEqual([{ serving: first.tableName, oldRows: 8, statuses: ["ready", "loading"] }]);
    expect(await serving(id)).toBe(second.tableName);
    expect((await versions(id)).map((v) => [v.version, v.status])).toEqual([
      [1, "superseded"],
      [2, "ready"],
    ]);
    expect(await rowsOf(first.tableName)).toHaveLength(8);
    expect(second.report).toMatchObject({ rowsLoaded: 40_000, rowsRejected: 0, duplicateKeys: 0 });
  });

  it("a load that fails mid-stream leaves the previous version serving and no table behind", async () => {
    const id = await newDataset();
    const first = await load(id, chunks(ENTERPRISES_CSV));
    // GBK bytes after 40,000 good UTF-8 rows (past PGlite's first committed chunk).
    const mixed = (async function* () {
      yield* enterpriseCsv(40_000);
      yield iconv.encode(enterpriseRow(40_000), "gbk");
    })();
    const err = await failure(load(id, mixed));
    expect(err.code).toBe("file_encoding");
    expect(err.extra).toMatchObject({ line: 40_002 });
    const broken = (async function* () {
      yield* enterpriseCsv(40_000);
      throw new Error("connection reset by peer");
    })();
    const reset = await failure(load(id, broken));
    expect(reset.code).toBe("load_failed");
    expect(reset.messages.en).toContain("connection reset by peer");

    const all = await versions(id);
    expect(all.map((v) => v.status)).toEqual(["ready", "failed", "failed"]);
    expect(JSON.parse(all[1].error!)).toMatchObject({ code: "file_encoding", messageEn: expect.stringContaining("line 40002") });
    for (const v of all.slice(1)) expect(await tableExists(v.table_name)).toBe(false);
    expect(await serving(id)).toBe(first.tableName);
  });

  it("a file whose rows are all rejected fails with its report; a declared size over the limit is refused unread", async () => {
    const id = await newDataset();
    const first = await load(id, chunks(ENTERPRISES_CSV));
    const err = await failure(load(id, chunks(ENTERPRISE_HEADER + "91230102MA1B2C3D40,坏代码\n")));
    expect(err.code).toBe("all_rows_rejected");
    const failed = await database.db.selectFrom("table_versions").select(["status", "rows_rejected", "rejected_file", "report"]).where("dataset_id", "=", id).where("version", "=", 2).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: "failed", rows_rejected: 1 });
    expect(fs.existsSync(path.join(dataDir, failed.rejected_file!))).toBe(true);

    let read = false;
    const untouched = (async function* () {
      read = true;
      yield Buffer.from("");
    })();
    const tooLarge = await failure(load(id, untouched, { source: { name: "big.csv", format: "csv", bytes: 3 * 1024 ** 3, stream: untouched } }));
    expect(tooLarge.statusCode).toBe(413);
    expect(read).toBe(false);
    expect((await versions(id)).length).toBe(2);
    expect(await serving(id)).toBe(first.tableName);
  });

  it("one load at a time per dataset", async () => {
    const id = await newDataset();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow = (async function* () {
      yield Buffer.from(ENTERPRISE_HEADER + enterpriseRow(1));
      started();
      await gate;
    })();
    const first = load(id, slow);
    await running;
    const second = await failure(load(id, chunks(ENTERPRISES_CSV)));
    expect(second.code).toBe("load_in_progress");
    // A load running in this process is never taken for an interrupted one.
    expect(await recoverInterruptedLoads(database)).toEqual([]);
    release();
    expect((await first).report.rowsLoaded).toBe(1);
  });

  it("recoverInterruptedLoads fails what a dead process left loading and drops its table", async () => {
    const id = await newDataset();
    const first = await load(id, chunks(ENTERPRISES_CSV));
    // As a crash leaves it on PGlite: a loading version with a half-filled table.
    const hex = id.replace(/-/g, "");
    const orphan = await database.db
      .insertInto("table_versions")
      .values({ dataset_id: id, version: 2, table_name: `t_${hex}_v2`, status: "loading" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`create table ${sql.id("datastore", `t_${hex}_v2`)} (_row bigint)`.execute(database.db);
    expect(await recoverInterruptedLoads(database)).toEqual([orphan.id]);
    const [, v2] = await versions(id);
    expect(v2.status).toBe("failed");
    expect(JSON.parse(v2.error!).code).toBe("load_interrupted");
    expect(await tableExists(`t_${hex}_v2`)).toBe(false);
    expect(await serving(id)).toBe(first.tableName);
    // The next load takes the next number.
    expect((await load(id, chunks(ENTERPRISES_CSV))).version).toBe(3);
  });

  it.runIf(!!process.env.DATABASE_URL)("kill -9 during a load leaves the previous version intact, and recovery cleans up", async () => {
    const id = await newDataset();
    const first = await load(id, chunks(ENTERPRISES_CSV));
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, databaseUrl!, dataDir, id], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      let buffer = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const copied = [...buffer.matchAll(/^copying (\d+)$/gm)].map((m) => Number(m[1]));
        if (copied.some((n) => n >= 50_000)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the worker exited early (${code})`)));
    });
    // Mid-COPY: the new version is loading, and its process is alive, so recovery leaves it be.
    const [, loading] = await versions(id);
    expect(loading.status).toBe("loading");
    expect(await recoverInterruptedLoads(database)).toEqual([]);
    child.kill("SIGKILL");
    await exited;

    expect(await serving(id)).toBe(first.tableName);
    expect(await rowsOf(first.tableName)).toHaveLength(8);
    // The server notices the dead connection (and releases the load's lock) a moment later.
    let reaped: string[] = [];
    for (let i = 0; i < 50 && !reaped.length; i++) {
      reaped = await recoverInterruptedLoads(database);
      if (!reaped.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(reaped).toEqual([loading.id]);
    const [v1, v2] = await versions(id);
    expect([v1.status, v2.status]).toEqual(["ready", "failed"]);
    expect(await tableExists(loading.table_name)).toBe(false);
    expect(await serving(id)).toBe(first.tableName);
  });

  it("100,000 rows × 10 columns load with bounded memory", async () => {
    const id = await newDataset();
    // Measured from the first progress report (10,000 rows) on, when buffers, code and caches are warm.
    // PGlite's WebAssembly memory is left out: it grows to the engine's working size and never shrinks.
    const measure = () => {
      const { heap, buffers } = retained();
      return database.kind === "postgres" ? heap + buffers : heap;
    };
    let warm = 0;
    let peak = 0;
    const started = performance.now();
    const result = await load(id, enterpriseCsv(100_000), {
      onProgress: (p) => {
        if (p.phase !== "copying") return;
        if (!warm) warm = measure();
        else peak = Math.max(peak, measure() - warm);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`100k rows loaded in ${seconds.toFixed(1)} s (${Math.round(100_000 / seconds)} rows/s); retained memory grew by at most ${(peak / 1024 / 1024).toFixed(1)} MB`);
    expect(result.report).toMatchObject({ rowsRead: 100_000, rowsLoaded: 100_000, rowsRejected: 0, duplicateKeys: 0 });
    const count = await sql<{ n: number }>`select count(*)::int as n from ${sql.id("datastore", result.tableName)}`.execute(database.db);
    expect(count.rows[0].n).toBe(100_000);
    // 14.5 MB of CSV went through (and ~60 MB as JS row objects if they were kept); what grows is the key
    // hashes (1.6 MB at 100k rows) and compiled code. The margin absorbs GC timing on a busy machine.
    expect(peak).toBeLessThan(48 * 1024 * 1024);
  });
});
