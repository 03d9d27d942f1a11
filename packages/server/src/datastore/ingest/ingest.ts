// The ingest: the bytes of an uploaded file in; rows checked against the dataset's fields and ready
// for COPY out, a quality report and a rejected-rows file on the side. It streams: memory holds a
// chunk of the file and its rows, and the key hashes (see key-set.ts), whatever the file's size; only
// XLSX is held whole, for its zip-bomb check (up to maxXlsxBytes).
import type { DatasetField } from "@shuyuan/core";
import type { QualityReport, RejectedRow } from "../types";
import { limitBytes, type ByteCounter } from "./byte-limit";
import { AsWrittenLane } from "./as-written";
import { copyDelimiter, copyEscaper, type CopyFormat } from "./copy-text";
import { openCsv } from "./csv-source";
import { bytesOf, utf8Of } from "./encoding";
import { fileError } from "./errors";
import { ColumnMap } from "./header";
import { openJson } from "./json-source";
import { QualityTally } from "./quality";
import { RejectsFile } from "./rejects-file";
import { cellText, isBlank, type Cell, type TableSource } from "./source";
import { chinaToday, isFreeText, isRejection, normaliserFor } from "./values";
import { openXlsx } from "./xlsx-source";

export type SourceFormat = TableSource["format"];

export interface IngestLimits {
  /** Any file larger is refused: by the caller when the declared size is larger, by the stream when it gets there. */
  maxBytes: number;
  /** XLSX is held in memory for its zip-bomb check. */
  maxXlsxBytes: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxBytes: 2 * 1024 ** 3, maxXlsxBytes: 100 * 1024 ** 2 };

export interface IngestProgress {
  bytesRead: number;
  rowsRead: number;
  rowsRejected: number;
}

export interface IngestOptions {
  format: SourceFormat;
  fields: readonly DatasetField[];
  /** Where the rejected-rows CSV goes; it is only written when a row is rejected. */
  rejectsPath: string;
  limits?: Partial<IngestLimits>;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestOutcome {
  report: QualityReport;
  rejectedFile: boolean;
}

export interface Ingest {
  /** The loadable rows as COPY text in UTF-8, `_row` then every field (in the format's order), in chunks of about 64 KB. */
  copyText: AsyncGenerator<Buffer<ArrayBuffer>>;
  /** How the COPY text is written: settled before its first chunk. */
  copyFormat(): CopyFormat;
  /** The report once `copyText` has ended, or failed past the header; null before that. */
  outcome(): IngestOutcome | null;
}

const CHUNK_CHARS = 64 * 1024;
const PROGRESS_EVERY = 10_000;

export function ingest(bytes: AsyncIterable<Uint8Array | string>, options: IngestOptions): Ingest {
  const limits = { ...DEFAULT_INGEST_LIMITS, ...options.limits };
  const { fields } = options;
  let outcome: IngestOutcome | null = null;
  const inOrder = fields.map((_, i) => i);
  let format: CopyFormat = { delimiter: copyDelimiter(null), fieldOrder: inOrder };

  async function* copyText(): AsyncGenerator<Buffer<ArrayBuffer>> {
    const counter = { bytes: 0 };
    const input = limitBytes(bytes, limits.maxBytes, counter);
    try {
      yield* rows(input, counter);
    } finally {
      // Whatever ends the ingest (the end, a refusal, the consumer stopping) closes the upload it reads.
      await input.return(undefined);
    }
  }

  async function* rows(input: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer<ArrayBuffer>> {
    const started = performance.now();
    const source = await open(options.format, input, limits);
    const { header } = source;
    const columns = new ColumnMap(fields);
    columns.extend(header);
    columns.checkHeader(header, source.delimiter, source.rowWidth !== "free");

    const { columnOf } = columns;
    const today = chinaToday();
    const normalisers = fields.map((f) => normaliserFor(f, source.format, today));
    const freeText = fields.map(isFreeText);
    const delimiter = copyDelimiter(source.delimiter);
    // A CSV read with the delimiter the COPY text keeps: its lines may pass as written (as-written.ts),
    // so the COPY text lists the fields as the file does, leaving out those it lacks (null) and
    // skipping its columns that fill none.
    const laneable = source.format === "csv" && delimiter === source.delimiter;
    format = { delimiter, fieldOrder: laneable ? columns.fieldOf.flatMap((f) => (f === null ? [] : [f])) : inOrder };
    const { fieldOrder } = format;
    const escape = copyEscaper(format);
    // A UTF-8 CSV is read as its bytes (one character per byte): its cells are decoded for the general
    // path, and the COPY text it builds encoded back, as the lane's lines already are.
    const asBytes = !!source.asBytes;
    const chunk = (text: string) => Buffer.from(text, asBytes ? "latin1" : "utf8");
    const lane = laneable ? new AsWrittenLane(fields, columns.fieldOf, delimiter, today, asBytes) : null;
    const tally = new QualityTally(fields);
    const rejects = new RejectsFile(options.rejectsPath);
    const values: (string | null)[] = new Array(fields.length).fill(null);
    const progress = () => options.onProgress?.({ bytesRead: counter.bytes, rowsRead: tally.rowsRead, rowsRejected: tally.rowsRejected });
    const read = () => {
      tally.rowsRead++;
      if (tally.rowsRead % PROGRESS_EVERY === 0) progress();
    };
    // The chunk's text in pieces, joined once: join makes one flat string, where += (or a string per
    // row) leaves pieces that the garbage collector copies around until the chunk is written.
    const pieces: (string | number)[] = [];
    let chunkChars = 0;
    try {
      for await (const batch of source.rows) {
        for (const record of batch) {
          if (lane && "line" in record) {
            const added = lane.take(record.row, record.line, pieces, values);
            if (added >= 0) {
              read();
              tally.loaded(values);
              chunkChars += added;
              continue;
            }
          }
          const { row } = record;
          let cells: Cell[];
          if ("line" in record) cells = (asBytes ? utf8Of(record.line) : record.line).split(source.delimiter!);
          else cells = asBytes ? record.cells.map((c) => (typeof c === "string" ? utf8Of(c) : c)) : record.cells;
          const problem = "line" in record ? undefined : record.problem;
          // Spreadsheets leave blank rows between and after the data: they are no rows at all.
          if (!problem && cells.every(isBlank)) continue;
          read();
          if (header.length > columns.fieldOf.length) columns.extend(header);

          let reject: RejectedRow | null = problem ? { row, ...problem } : null;
          if (!reject && !fits(source.rowWidth, cells, header.length)) {
            reject = {
              row,
              column: null,
              reason: { zh: `有 ${cells.length} 列，而表头有 ${header.length} 列`, en: `has ${cells.length} columns where the header has ${header.length}` },
            };
          }
          for (let i = 0; !reject && i < fields.length; i++) {
            const column = columnOf[i];
            const v = normalisers[i](column < 0 ? null : (cells[column] ?? null));
            if (isRejection(v)) reject = { row, column: column < 0 ? fields[i].name : header[column], reason: v };
            else values[i] = v;
          }
          if (reject) {
            tally.rejected(reject);
            await rejects.add(header, { ...reject, values: cells.map((c) => (c === null ? "" : cellText(c))) });
            continue;
          }

          tally.loaded(values);
          pieces.push(row);
          for (const i of fieldOrder) {
            const v = values[i];
            let text = v === null || freeText[i] ? escape(v) : v;
            if (asBytes) text = bytesOf(text);
            pieces.push(delimiter, text);
            chunkChars += text.length;
          }
          pieces.push("\n");
        }
        if (chunkChars >= CHUNK_CHARS) {
          yield chunk(pieces.join(""));
          // Emptied, not replaced: the array keeps its capacity for the next chunk.
          pieces.length = 0;
          chunkChars = 0;
        }
      }
      if (pieces.length) yield chunk(pieces.join(""));
      progress();
      if (tally.rowsRead === 0) throw fileError("no_data_rows", "文件只有表头，没有数据行", "The file has a header but no rows");
      if (tally.rowsLoaded === 0) {
        throw fileError("all_rows_rejected", `全部 ${tally.rowsRejected} 行都未通过校验，详见被拒行文件`, `All ${tally.rowsRejected} rows were rejected: see the rejected-rows file`, {
          rowsRejected: tally.rowsRejected,
        });
      }
    } finally {
      await rejects.close();
      outcome = {
        report: tally.report({
          format: source.format,
          encoding: source.encoding,
          delimiter: source.delimiter,
          unknownColumns: columns.unknownColumns,
          missingFields: columns.missingFields,
          durationMs: Math.round(performance.now() - started),
        }),
        rejectedFile: rejects.written,
      };
    }
  }

  return { copyText: copyText(), copyFormat: () => format, outcome: () => outcome };
}

function fits(rule: TableSource["rowWidth"], cells: readonly Cell[], width: number): boolean {
  if (rule === "free" || cells.length === width) return true;
  if (cells.length < width) return rule === "up-to-header";
  return cells.slice(width).every(isBlank);
}

function open(format: SourceFormat, bytes: AsyncIterable<Buffer>, limits: IngestLimits): Promise<TableSource> {
  switch (format) {
    case "csv":
      return openCsv(bytes);
    case "xlsx":
      return openXlsx(bytes, limits.maxXlsxBytes);
    case "json":
      return openJson(bytes);
  }
}
