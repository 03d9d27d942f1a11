// Whole-table downloads, streamed with constant memory. CSV on PostgreSQL is PostgreSQL's own
// `COPY … TO STDOUT` (masking and formula neutralisation are in the SELECT); elsewhere (PGlite, or
// filtered downloads, whose parameters COPY cannot take) rows come in keyset batches. CSV is UTF-8 with
// a BOM so Excel opens it, or GBK on request; XLSX is written by exceljs's streaming writer.
import { PassThrough, Readable, type Transform } from "node:stream";
import type { FieldAccess, RowQuery } from "@shuyuan/core";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { to as copyTo } from "pg-copy-streams";
import type { Database } from "../db/database";
import type { DatastoreRepository } from "./repository";

export const DOWNLOAD_FORMATS = ["csv", "json", "xlsx"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
const BATCH = 5000;
const BOM = "\uFEFF";

interface Source {
  database: Database;
  repo: DatastoreRepository;
  tableName: string;
  query: RowQuery;
  readable: readonly FieldAccess[];
  /** The table's columns: masks stored at load are read from them (see maskedColumn in sql.ts). */
  columns: ReadonlySet<string>;
}

/** Rows in `_row` order as objects, batch by batch. */
async function* batches(s: Source, neutraliseFormulas: boolean) {
  let after = 0;
  for (;;) {
    const rows = await s.repo.batch(s.tableName, s.query, s.readable, after, BATCH, { neutraliseFormulas, columns: s.columns });
    if (!rows.length) return;
    after = Number(rows[rows.length - 1]._row);
    yield rows;
    if (rows.length < BATCH) return;
  }
}

const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

function csv(s: Source): Readable {
  const copy = s.repo.copySql(s.tableName, s.query, s.readable, s.columns);
  if (s.database.driver.kind === "postgres" && copy.parameters.length === 0) {
    const pool = s.database.driver.pool;
    const out = new PassThrough();
    void pool.connect().then(
      (client) => {
        const stream = client.query(copyTo(copy.sql));
        const done = (err?: Error) => {
          client.release(err);
          if (err) out.destroy(err);
        };
        stream.on("error", done);
        stream.on("end", () => done());
        out.on("close", () => stream.destroy());
        stream.pipe(out);
      },
      (err: Error) => out.destroy(err),
    );
    return out;
  }
  const names = s.query.fields.map((f) => f.name);
  const out = stringify({ header: true, columns: names, cast: { boolean: (v) => String(v), date: (v) => v.toISOString() } });
  void (async () => {
    for await (const rows of batches(s, true)) {
      for (const r of rows) if (!out.write(names.map((n) => cell(r[n]) ?? null))) await new Promise((ok) => out.once("drain", ok));
    }
    out.end();
  })().catch((err) => out.destroy(err));
  return out;
}

function json(s: Source): Readable {
  const names = s.query.fields.map((f) => f.name);
  return Readable.from(
    (async function* () {
      yield "[";
      let first = true;
      for await (const rows of batches(s, false)) {
        let chunk = "";
        for (const r of rows) {
          chunk += (first ? "" : ",") + JSON.stringify(Object.fromEntries(names.map((n) => [n, cell(r[n]) ?? null])));
          first = false;
        }
        yield chunk;
      }
      yield "]";
    })(),
  );
}

function xlsx(s: Source): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet("data");
  const names = s.query.fields.map((f) => f.name);
  sheet.addRow(names).commit();
  void (async () => {
    for await (const rows of batches(s, true)) for (const r of rows) sheet.addRow(names.map((n) => r[n] ?? null)).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((err) => out.destroy(err));
  return out;
}

/** The download stream and its headers. */
export function download(s: Source, format: DownloadFormat, encoding: "utf-8" | "gbk") {
  if (format === "json") return { stream: json(s), type: "application/json; charset=utf-8", extension: "json" };
  if (format === "xlsx") return { stream: xlsx(s), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" };
  const body = csv(s);
  if (encoding === "gbk") {
    // GB18030 is GBK's superset: every character survives; Chinese Excel opens it as GBK.
    const out = new PassThrough();
    const fail = (err: Error) => out.destroy(err);
    body.on("error", fail);
    (body.pipe(iconv.decodeStream("utf8")) as unknown as Transform).pipe(iconv.encodeStream("gb18030") as unknown as Transform).on("error", fail).pipe(out);
    return { stream: out, type: "text/csv; charset=gb18030", extension: "csv" };
  }
  const withBom = new PassThrough();
  withBom.write(BOM);
  body.on("error", (err) => withBom.destroy(err));
  body.pipe(withBom);
  return { stream: withBom, type: "text/csv; charset=utf-8", extension: "csv" };
}
