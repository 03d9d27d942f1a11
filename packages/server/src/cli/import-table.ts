// `shuyuan import`: mounts a table file on a dataset through a running platform's API, so the load gets
// the same access check, validation, quality report and audit entry as a web upload — and works while
// the server holds the embedded database (PGlite has one connection; a second process cannot open it).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { QualityReport } from "../datastore/types";

export interface ImportRequest {
  file: string;
  datasetId: string;
  /** The platform's base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** A personal API token (sy_…) of one of the providing department's catalog editors. */
  token: string;
  /** csv | xlsx | json; otherwise taken from the file name. */
  format?: string;
  /** Bytes sent so far; the server reads the upload as it loads, so this tracks the load. */
  onProgress?: (sent: number, total: number) => void;
}

export interface ImportResult {
  version: number;
  report: QualityReport;
  hasRejects: boolean;
  rejectsUrl: string | null;
}

interface FieldError {
  path: string;
  message: string;
  messageEn: string;
}

/** The platform's error body, bilingual, with its field errors. */
export class ImportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** As browsers send it: UTF-8 as is, with quotes and line breaks percent-encoded (WHATWG multipart form data). */
const dispositionName = (name: string) => `filename="${name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}"`;

export async function importTable(req: ImportRequest): Promise<ImportResult> {
  const total = (await fs.promises.stat(req.file)).size;
  const boundary = `shuyuan-${randomBytes(12).toString("hex")}`;
  const head =
    (req.format ? `--${boundary}\r\ncontent-disposition: form-data; name="format"\r\n\r\n${req.format}\r\n` : "") +
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; ${dispositionName(path.basename(req.file))}\r\ncontent-type: application/octet-stream\r\n\r\n`;
  async function* body() {
    yield Buffer.from(head);
    let sent = 0;
    for await (const chunk of fs.createReadStream(req.file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      yield chunk;
      sent += chunk.length;
      req.onProgress?.(sent, total);
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const base = req.url.replace(/\/+$/, "");
  const endpoint = `${base}/api/v1/datasets/${encodeURIComponent(req.datasetId)}`;
  const response = await fetch(`${endpoint}/table`, {
    method: "POST",
    headers: { authorization: `Bearer ${req.token}`, "content-type": `multipart/form-data; boundary=${boundary}` },
    body: body() as unknown as BodyInit,
    duplex: "half",
  } as RequestInit);
  const payload = (await response.json().catch(() => null)) as
    | { version: number; report: QualityReport; hasRejects: boolean }
    | { error?: { code: string; message: string; messageEn: string; fields?: FieldError[] } }
    | null;
  if (!response.ok || !payload || !("version" in payload)) {
    const e = payload && "error" in payload ? payload.error : undefined;
    throw new ImportError(response.status, e?.code ?? "http_error", e?.message ?? `服务器返回 ${response.status}`, e?.messageEn ?? `The server answered ${response.status}`, e?.fields);
  }
  return { ...payload, rejectsUrl: payload.hasRejects ? `${endpoint}/table-versions/${payload.version}/rejects.csv` : null };
}

const count = (n: number) => n.toLocaleString("en-US");
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The quality report as terminal lines (中文 / English). */
export function describeReport(result: ImportResult, shownRejects = 10): string[] {
  const r = result.report;
  const lines = [
    `版本 version ${result.version}: 读取 read ${count(r.rowsRead)} · 装载 loaded ${count(r.rowsLoaded)} · 拒绝 rejected ${count(r.rowsRejected)}` +
      `  (${r.format}${r.encoding ? `, ${r.encoding}` : ""}, ${(r.durationMs / 1000).toFixed(1)} s)`,
  ];
  if (r.unknownColumns.length) lines.push(`未匹配的列 unknown columns: ${r.unknownColumns.join(", ")}`);
  if (r.missingFields.length) lines.push(`缺少的信息项 missing fields: ${r.missingFields.join(", ")}`);
  for (const x of r.rejects.slice(0, shownRejects)) {
    lines.push(`  第 ${x.row} 行 row ${x.row}${x.column ? ` [${x.column}]` : ""}: ${x.reason.zh} / ${x.reason.en}`);
  }
  if (r.rowsRejected > shownRejects) lines.push(`  … ${count(r.rowsRejected - shownRejects)} more`);
  if (result.rejectsUrl) lines.push(`被拒绝的行 rejected rows (CSV): ${result.rejectsUrl}`);
  const incomplete = r.fields.filter((f) => f.completeness < 1);
  if (incomplete.length) lines.push(`完整率 completeness: ${incomplete.map((f) => `${f.name} ${percent(f.completeness)}`).join(", ")}`);
  if (r.duplicateKeys !== null) lines.push(`主键重复 duplicate keys: ${count(r.duplicateKeys)}`);
  return lines;
}
