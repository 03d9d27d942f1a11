// Loading a table distribution (数据挂接): each load is a new table version, `datastore.<t_…_vN>`,
// filled by the ingest through COPY into an unindexed table, then keyed, indexed and analysed, then
// swapped in: one transaction marks the version ready, the one before it superseded, and points the
// entry at it. Readers see the old version until that commit and the new one after; superseded tables
// stay, with their reports. A load that fails drops its table and is marked failed with the error.
//
// A load killed outright (kill -9, power loss) cannot clean up after itself. It leaves a `loading`
// version, and on PGlite possibly a half-filled table. recoverInterruptedLoads reaps those at startup,
// and every new load of the entry reaps its own first. "Dead" is decided without clocks: on
// PostgreSQL a load holds an advisory lock on its connection for as long as it runs, which the server
// releases when the process dies, so another instance's running load (which may well predate this
// process) is never taken for dead. PGlite's data directory belongs to one process, so there any
// load this process is not running is dead.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { FIELD_NAME, MASKS, type DatasetField } from "@shuyuan/core";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/database";
import type { DB } from "../db/schema";
import { AppError, errors } from "../http/errors";
import { tooLarge } from "./ingest/errors";
import { DEFAULT_INGEST_LIMITS, ingest, type IngestLimits, type IngestOutcome, type IngestProgress, type SourceFormat } from "./ingest/ingest";
import { openTableWriter, type TablePlan } from "./ingest/table-writer";
import { column, maskedColumn, maskExpression, table } from "./sql";
import { columnType, ROW_COLUMN, tableNameFor, type QualityReport } from "./types";

export interface LoadSource {
  /** The uploaded file's name, kept with the version. */
  name: string;
  format: SourceFormat;
  /** The declared size, when known: larger than the limit is refused before reading a byte. */
  bytes: number | null;
  stream: AsyncIterable<Uint8Array | string>;
}

export interface LoadProgress extends IngestProgress {
  phase: "copying" | "indexing" | "swapping";
  totalBytes: number | null;
}

export interface LoadOptions {
  datasetId: string;
  /** The entry's fields (信息项): one column each, in this order. */
  fields: readonly DatasetField[];
  userId: string | null;
  source: LoadSource;
  /** The data directory; rejected-rows files go under `datastore/rejects/`. */
  dataDir: string;
  onProgress?: (progress: LoadProgress) => void;
  limits?: Partial<IngestLimits>;
}

export interface LoadResult {
  versionId: string;
  version: number;
  tableName: string;
  report: QualityReport;
  /** The rejected-rows CSV, relative to the data directory; null when no row was rejected. */
  rejectedFile: string | null;
}

/** Advisory lock class for "this load is running" (the object id is taken from the version id). */
const LOAD_LOCK = 7_450_006;
const lockArgs = (versionId: string) => [LOAD_LOCK, parseInt(versionId.slice(0, 8), 16) | 0];

/** Loads running in this process. */
const activeLoads = new Set<string>();

export async function loadTableVersion(database: Database, options: LoadOptions): Promise<LoadResult> {
  try {
    return await load(database, options);
  } catch (err) {
    throw asAppError(err);
  } finally {
    // A load refused before reading (too large, one already running) still lets go of the upload.
    await options.source.stream[Symbol.asyncIterator]().return?.();
  }
}

async function load(database: Database, options: LoadOptions): Promise<LoadResult> {
  const { db } = database;
  const { datasetId, fields, source } = options;
  const limits = { ...DEFAULT_INGEST_LIMITS, ...options.limits };
  if (source.bytes !== null && source.bytes > limits.maxBytes) throw tooLarge(limits.maxBytes);
  checkFieldNames(fields);
  const started = performance.now();
  let counted: IngestProgress = { bytesRead: 0, rowsRead: 0, rowsRejected: 0 };
  const progress = (phase: LoadProgress["phase"]) => options.onProgress?.({ phase, totalBytes: source.bytes, ...counted });

  await reapDeadLoads(database, datasetId);
  const versionId = randomUUID();
  const writer = await openTableWriter(database);
  activeLoads.add(versionId);
  try {
    if (database.kind === "postgres") await writer.run("select pg_advisory_lock($1, $2)", lockArgs(versionId));
    const { version, tableName } = await startVersion(db, versionId, options);
    const rejectedFile = path.join("datastore", "rejects", `${versionId}.csv`);
    const run = ingest(source.stream, {
      format: source.format,
      fields,
      rejectsPath: path.join(options.dataDir, rejectedFile),
      limits,
      onProgress: (p) => {
        counted = p;
        progress("copying");
      },
    });
    try {
      await writer.build(tablePlan(db, tableName, fields), { text: announceIndexing(run.copyText, () => progress("indexing")), format: run.copyFormat });
      const outcome = run.outcome()!;
      progress("swapping");
      const report = { ...outcome.report, durationMs: Math.round(performance.now() - started) };
      const rejected = outcome.rejectedFile ? rejectedFile : null;
      await swapIn(db, { datasetId, versionId, report, rejectedFile: rejected });
      return { versionId, version, tableName, report, rejectedFile: rejected };
    } catch (err) {
      const failure = asAppError(err);
      // If the database itself is failing these fail too; the version stays `loading` and is reaped later.
      await sql`drop table if exists ${table(tableName)}`.execute(db).catch(() => undefined);
      await markFailed(db, versionId, failure, run.outcome(), rejectedFile).catch(() => undefined);
      throw failure;
    }
  } finally {
    if (database.kind === "postgres") await writer.run("select pg_advisory_unlock($1, $2)", lockArgs(versionId)).catch(() => undefined);
    await writer.close();
    activeLoads.delete(versionId);
  }
}

/** At startup: fails the loads a dead process left `loading` and drops their tables. Returns their ids. */
export function recoverInterruptedLoads(database: Database): Promise<string[]> {
  return reapDeadLoads(database, null);
}

function checkFieldNames(fields: readonly DatasetField[]) {
  const bad = fields.find((f) => !FIELD_NAME.test(f.name) || f.name === ROW_COLUMN);
  if (bad || !fields.length) {
    throw errors.field("fields", { zh: `信息项名称“${bad?.name ?? ""}”不能用作列名`, en: `The field name "${bad?.name ?? ""}" cannot be a column name` });
  }
}

/** Inserts the `loading` version with the next number, unless the entry has a load running already. */
async function startVersion(db: Kysely<DB>, versionId: string, options: LoadOptions) {
  const { datasetId, source, userId } = options;
  return db.transaction().execute(async (trx) => {
    // The entry's row lock serialises loads of one entry between "is one running?" and the insert.
    const entry = await trx.selectFrom("datasets").select("id").where("id", "=", datasetId).forUpdate().executeTakeFirst();
    if (!entry) throw errors.notFound({ zh: "数据集", en: "Dataset" });
    const running = await trx.selectFrom("table_versions").select("id").where("dataset_id", "=", datasetId).where("status", "=", "loading").executeTakeFirst();
    if (running) throw errors.conflict("load_in_progress", { zh: "该数据集正在加载数据，请等待完成后再上传", en: "Data is being loaded into this dataset: wait for it to finish before uploading again" });
    const last = await trx.selectFrom("table_versions").select((eb) => eb.fn.max("version").as("v")).where("dataset_id", "=", datasetId).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const tableName = tableNameFor(datasetId, version);
    await trx
      .insertInto("table_versions")
      .values({
        id: versionId,
        dataset_id: datasetId,
        version,
        table_name: tableName,
        status: "loading",
        source_name: source.name.slice(0, 500),
        source_format: source.format,
        source_bytes: source.bytes,
        created_by_user_id: userId,
      })
      .execute();
    return { version, tableName };
  });
}

/**
 * The table with `_row` and a column per field (NOT NULL where required, which the ingest has already
 * checked), then the primary key on `_row`, a btree index per key field and per citizen ID or credit
 * code field, and fresh statistics. Identifier fields get text_pattern_ops, which serves both equality
 * and the query API's prefix filter (`like 'x%'`) whatever the database's collation.
 *
 * A sensitive text field also gets its mask (脱敏, 001 §7) as a stored generated column (see maskedColumn
 * in sql.ts): PostgreSQL computes it on its own core while this process validates the next rows, and
 * masked reads and downloads read it instead of computing the mask per cell.
 */
function tablePlan(db: Kysely<DB>, tableName: string, fields: readonly DatasetField[]): TablePlan {
  const compile = (q: RawBuilder<unknown>) => q.compile(db).sql;
  const t = table(tableName);
  const row = sql.id(ROW_COLUMN);
  const definitions = fields.map((f) => sql`${column(f.name)} ${sql.raw(columnType(f))}${sql.raw(f.required ? " not null" : "")}`);
  for (const f of fields) {
    const mask = f.type === "string" ? MASKS[f.sensitivity] : undefined;
    const name = mask && maskedColumn(f.name, mask);
    if (name) definitions.push(sql`${sql.id(name)} text generated always as (${maskExpression(column(f.name), mask)}) stored`);
  }
  const isIdentifier = (f: DatasetField) => f.type === "string" && (f.sensitivity === "citizen_id" || f.sensitivity === "credit_code");
  const indexes = fields
    .filter((f) => f.key || isIdentifier(f))
    .map((f, i) => compile(sql`create index ${sql.id(`${tableName}_i${i + 1}`)} on ${t} (${column(f.name)}${sql.raw(isIdentifier(f) ? " text_pattern_ops" : "")})`));
  return {
    create: compile(sql`create table ${t} (${row} bigint not null, ${sql.join(definitions)})`),
    copyInto: (order) => compile(sql`copy ${t} (${sql.join([row, ...order.map((i) => column(fields[i].name))])})`),
    finish: [compile(sql`alter table ${t} add primary key (${row})`), ...indexes, compile(sql`analyze ${t}`)],
  };
}

/** Passes the COPY text through and reports the indexing phase when the rows are all in. */
async function* announceIndexing(copyText: AsyncIterable<Buffer<ArrayBuffer>>, indexing: () => void): AsyncGenerator<Buffer<ArrayBuffer>> {
  yield* copyText;
  indexing();
}

async function swapIn(db: Kysely<DB>, v: { datasetId: string; versionId: string; report: QualityReport; rejectedFile: string | null }) {
  await db.transaction().execute(async (trx) => {
    const ready = await trx
      .updateTable("table_versions")
      .set({
        status: "ready",
        finished_at: sql<Date>`now()`,
        source_encoding: v.report.encoding,
        rows_read: v.report.rowsRead,
        rows_loaded: v.report.rowsLoaded,
        rows_rejected: v.report.rowsRejected,
        report: JSON.stringify(v.report),
        rejected_file: v.rejectedFile,
      })
      .where("id", "=", v.versionId)
      .where("status", "=", "loading")
      .executeTakeFirst();
    // Only a reaper that wrongly took this load for dead could have changed it; its table is gone then.
    if (Number(ready.numUpdatedRows) !== 1) throw new Error(`table version ${v.versionId} is no longer loading`);
    await trx.updateTable("table_versions").set({ status: "superseded" }).where("dataset_id", "=", v.datasetId).where("status", "=", "ready").where("id", "!=", v.versionId).execute();
    await trx.updateTable("datasets").set({ table_version_id: v.versionId, last_loaded_at: sql<Date>`now()` }).where("id", "=", v.datasetId).execute();
  });
}

/** The error as stored on the version: the shape of an API error body, so it shows in both languages. */
const storedError = (e: AppError) => JSON.stringify({ code: e.code, message: e.messages.zh, messageEn: e.messages.en });

async function markFailed(db: Kysely<DB>, versionId: string, failure: AppError, outcome: IngestOutcome | null, rejectedFile: string) {
  const report = outcome?.report;
  await db
    .updateTable("table_versions")
    .set({
      status: "failed",
      finished_at: sql<Date>`now()`,
      error: storedError(failure),
      source_encoding: report?.encoding ?? null,
      rows_read: report?.rowsRead ?? null,
      rows_loaded: 0,
      rows_rejected: report?.rowsRejected ?? null,
      report: report ? JSON.stringify(report) : null,
      rejected_file: outcome?.rejectedFile ? rejectedFile : null,
    })
    .where("id", "=", versionId)
    .where("status", "=", "loading")
    .execute();
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError(500, "load_failed", { zh: `数据加载失败：${detail}`, en: `Loading the data failed: ${detail}` }, { cause: detail });
}

const INTERRUPTED = new AppError(500, "load_interrupted", { zh: "加载中断：执行加载的进程已退出", en: "The load was interrupted: the process running it exited" });

/** Fails the `loading` versions (of one entry, or all) whose process is gone, and drops their tables. */
async function reapDeadLoads(database: Database, datasetId: string | null): Promise<string[]> {
  const { db } = database;
  let query = db.selectFrom("table_versions").select(["id", "table_name"]).where("status", "=", "loading");
  if (datasetId) query = query.where("dataset_id", "=", datasetId);
  const reaped: string[] = [];
  for (const v of await query.execute()) {
    if (activeLoads.has(v.id)) continue;
    const reap = async () => {
      // Under the lock nothing else changes this version: if it is still loading, its loader is dead.
      const still = await db.selectFrom("table_versions").select("id").where("id", "=", v.id).where("status", "=", "loading").executeTakeFirst();
      if (!still) return;
      // Table first: a crash in between leaves a failed version without a table, never a table nobody owns.
      await sql`drop table if exists ${table(v.table_name)}`.execute(db);
      await db.updateTable("table_versions").set({ status: "failed", finished_at: sql<Date>`now()`, error: storedError(INTERRUPTED) }).where("id", "=", v.id).execute();
      reaped.push(v.id);
    };
    if (database.kind === "pglite") {
      await reap();
      continue;
    }
    await database.session(async (query) => {
      const [{ free }] = await query<{ free: boolean }>("select pg_try_advisory_lock($1, $2) as free", lockArgs(v.id));
      if (!free) return;
      try {
        await reap();
      } finally {
        await query("select pg_advisory_unlock($1, $2)", lockArgs(v.id));
      }
    });
  }
  return reaped;
}
