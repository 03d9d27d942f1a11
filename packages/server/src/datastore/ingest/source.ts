// What every file reader (CSV, XLSX, JSON) hands the ingest: a header and numbered rows of cells.
import type { Bilingual } from "@shuyuan/core";

/** A cell as the file holds it: text from CSV, typed values from XLSX and JSON. */
export type Cell = string | number | boolean | Date | null;

export interface SourceRow {
  /** The row number the uploader sees: the spreadsheet row (header = 1) in CSV/XLSX, the array index + 1 in JSON. */
  row: number;
  cells: Cell[];
  /** Set when the reader already knows the row cannot load (a nested value in JSON, stray text after a quote in CSV). */
  problem?: { column: string | null; reason: Bilingual };
}

/** A CSV record without quotes, not cut into cells yet: `line.split(delimiter)` gives them. */
export interface SourceLine {
  row: number;
  line: string;
}

export interface TableSource {
  format: "csv" | "xlsx" | "json";
  encoding: string | null;
  /** Lines and cells are UTF-8 read one character per byte (see encoding.ts): CSV from a UTF-8 file. */
  asBytes?: boolean;
  delimiter: string | null;
  /** Column names in cell order. JSON sources append keys as they first appear. */
  header: string[];
  /**
   * How rows must fit the header. CSV: as many cells (blank ones beyond it are tolerated). XLSX: up to
   * as many (a sheet row simply ends at its last filled cell). JSON: any keys (an object lacks what it lacks).
   */
  rowWidth: "exact" | "up-to-header" | "free";
  /** Rows in batches (as a chunk of the file yields them): one await per batch, not per row. Only CSV gives lines. */
  rows: AsyncIterable<(SourceRow | SourceLine)[]>;
}

const NON_SPACE = /\S/;
/** Blank: null, empty or white space only. A cell starting with a visible ASCII character is decided without the regex (it runs per cell). */
export function isBlank(cell: Cell): boolean {
  if (cell === null) return true;
  if (typeof cell !== "string") return false;
  const first = cell.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && !NON_SPACE.test(cell);
}

/** How a cell reads as text. exceljs gives an Excel date's wall-clock time as UTC; it is shown without a zone. */
export function cellText(c: Exclude<Cell, null>): string {
  if (typeof c === "string") return c;
  if (!(c instanceof Date)) return String(c);
  const iso = c.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
}
