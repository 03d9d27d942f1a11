// XLSX: the first worksheet, read row by row with exceljs's streaming reader. An xlsx is a zip, so
// before exceljs sees it the catalog's zip-bomb guard inflates every part once, counting, and refuses
// archives that unpack too far. That guard needs the whole file, so it is buffered (up to maxBytes),
// and it applies its own limits too, shared with the catalog import: 20 MB packed, 100 MB unpacked.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { inspectXlsxContainer } from "../../catalog/excel/zip-guard";
import { fileError, tooLarge } from "./errors";
import { cellText, isBlank, type Cell, type SourceRow, type TableSource } from "./source";

/** Excel's own sheet limits. */
const MAX_ROWS = 1_048_576;
const MAX_CELLS = 16_000_000;
const BATCH_ROWS = 1000;

export async function openXlsx(bytes: AsyncIterable<Buffer>, maxBytes: number): Promise<TableSource> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    parts.push(chunk);
  }
  const data = Buffer.concat(parts);
  const verdict = await inspectXlsxContainer(data, { rowsPerSheet: MAX_ROWS, cells: MAX_CELLS });
  if (!verdict.ok) throw fileError(data.byteLength === 0 ? "file_empty" : "file_format", verdict.message.zh, verdict.message.en);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles say which numbers are dates.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  // Past the guard, what exceljs still chokes on is a malformed part: the uploader's problem, not a bug.
  const read = <T>(step: Promise<T>) =>
    step.catch(() => {
      throw fileError("file_format", "文件不是有效的 Excel 工作簿", "The file is not a valid Excel workbook");
    });
  const sheets = reader[Symbol.asyncIterator]();
  const first = await read(sheets.next());
  if (first.done) throw fileError("file_empty", "工作簿中没有工作表", "The workbook has no worksheet");
  const rows = first.value[Symbol.asyncIterator]();

  let header: string[] | null = null;
  let headerRow = 0;
  for (let next = await read(rows.next()); !next.done; next = await read(rows.next())) {
    const cells = cellsOf(next.value);
    if (cells.some((c) => !isBlank(c))) {
      header = cells.map((c) => (c === null ? "" : cellText(c).trim()));
      headerRow = next.value.number;
      break;
    }
  }
  if (!header) throw fileError("file_empty", "第一个工作表是空的", "The first worksheet is empty");

  // exceljs hands over one row at a time; they go on in batches like the other formats' rows.
  async function* dataRows(): AsyncGenerator<SourceRow[]> {
    try {
      let batch: SourceRow[] = [];
      for (let next = await read(rows.next()); !next.done; next = await read(rows.next())) {
        if (next.value.number > headerRow) batch.push({ row: next.value.number, cells: cellsOf(next.value) });
        if (batch.length === BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      yield batch;
    } finally {
      await sheets.return?.(undefined);
    }
  }
  return { format: "xlsx", encoding: null, delimiter: null, header, rowWidth: "up-to-header", rows: dataRows() };
}

/** Row values are 1-based and sparse in exceljs. */
function cellsOf(row: ExcelJS.Row): Cell[] {
  const values = row.values as unknown[];
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
  return cells;
}

/** Formulas count as their cached result, rich text as its text, an error (#N/A) as its code. */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
  if ("result" in o) return cellValue(o.result);
  if (o.richText) return o.richText.map((r) => r.text).join("");
  if (o.error) return o.error;
  if ("text" in o) return cellValue(o.text);
  return null;
}
