// The ingest's fast lane (原样入库): a CSV line without quotes whose every cell already is what its
// field would load (an ID with the right check character, a plain number, an ISO date, text that is
// not blank) goes to COPY as the line it is, since the COPY text keeps the file's delimiter and reads
// an empty cell as null. Most rows of a government table are such lines. Checked in place, a line is
// not cut into a string per cell, normalised cell by cell and built again piece by piece, which was
// most of the ingest's work per row (docs/performance.md).
//
// The lane only ever says yes for sure: any doubt (a quote, a blank-looking cell, a number with a
// thousands separator, a row too short) sends the line to the general path in ingest.ts, which cuts
// it, normalises each cell and explains rejects. For a line the lane takes, both give the same COPY
// text (tested).
import type { DatasetField } from "@shuyuan/core";
import { utf8Of } from "./encoding";
import { asWrittenCheck, asWrittenSuffix, type AsWritten } from "./values";

/** Whether the line holds what only the general path handles: NUL (refused there), backslash and CR (escaped there). */
const generalOnly = (line: string) => line.indexOf("\\") >= 0 || line.indexOf("\r") >= 0 || line.indexOf("\0") >= 0;

/** What the quality tally is given for a filled cell the lane passed through, other than a key part. */
const FILLED = "";
const NON_ASCII = /[^\x00-\x7f]/;

export class AsWrittenLane {
  /** Per column of the file: its field's check, or null for a column that fills no field (skipped). */
  private readonly checks: (AsWritten | null)[];
  private readonly required: boolean[];
  private readonly key: boolean[];
  /** Per column: what its loaded form adds after it (a date-time's zone), or "". */
  private readonly suffix: string[];
  /** Where each cell ends in the line being read; the next starts one delimiter on. */
  private readonly ends: Int32Array;

  /**
   * For a file whose columns fill the fields `fieldOf` (a field index per column, null for a column
   * the entry does not have), read with `delimiter`, which the COPY text keeps; `asBytes` when its
   * lines are UTF-8 read one character per byte (encoding.ts). The COPY text lists the filled fields
   * in the file's order; a field the file lacks is left out, and loads as null.
   */
  constructor(
    fields: readonly DatasetField[],
    private readonly fieldOf: readonly (number | null)[],
    private readonly delimiter: string,
    today: string,
    private readonly asBytes: boolean,
  ) {
    this.checks = fieldOf.map((f) => (f === null ? null : asWrittenCheck(fields[f], today, asBytes)));
    this.required = fieldOf.map((f) => f !== null && fields[f].required);
    this.key = fieldOf.map((f) => f !== null && fields[f].key);
    this.suffix = fieldOf.map((f) => (f === null ? "" : asWrittenSuffix(fields[f])));
    this.ends = new Int32Array(fieldOf.length);
  }

  /**
   * Appends the row's COPY text to `pieces`, sets `values` as the quality tally reads them (null for an
   * empty cell, the text of a key's cells; a field the file lacks is never set, so stays null) and
   * returns the characters appended; or returns -1, having touched neither, when the general path must
   * read the line.
   */
  take(row: number, line: string, pieces: (string | number)[], values: (string | null)[]): number {
    if (generalOnly(line)) return -1;
    const { checks, ends, delimiter } = this;
    const n = checks.length;
    let start = 0;
    let filled = false;
    for (let i = 0; i < n; i++) {
      const next = line.indexOf(delimiter, start);
      // The last cell runs to the end of the line: a delimiter after it means more cells than the header.
      const end = i < n - 1 ? next : next < 0 ? line.length : -1;
      if (end < 0) return -1;
      const check = checks[i];
      if (check === null) {
        // A column the entry does not have: not read, as in the general path.
      } else if (end === start) {
        if (this.required[i]) return -1;
      } else {
        if (!check(line, start, end)) return -1;
        filled = true;
      }
      ends[i] = end;
      start = end + 1;
    }
    // A line without a filled cell is no row for the lane (the general path skips it, or rejects it).
    if (!filled) return -1;

    start = 0;
    for (let i = 0; i < n; i++) {
      const end = ends[i];
      const field = this.fieldOf[i];
      if (field !== null) values[field] = end === start ? null : this.key[i] ? this.keyText(line.slice(start, end)) : FILLED;
      start = end + 1;
    }
    pieces.push(row);
    // The line as it is, in runs of columns kept: a skipped column, or a zone added after a cell, ends a run.
    let added = 0;
    let run: number | null = null;
    start = 0;
    for (let i = 0; i < n; i++) {
      const end = ends[i];
      if (checks[i] === null) {
        if (run !== null) added += this.piece(pieces, line, run, start - 1);
        run = null;
      } else {
        run ??= start - 1; // from the delimiter before it (-1, _row's, for the first column)
        const suffix = this.suffix[i];
        // An empty date-time is null: nothing follows it.
        if (suffix && end > start) {
          added += this.piece(pieces, line, run, end) + suffix.length;
          pieces.push(suffix);
          run = end;
        }
      }
      start = end + 1;
    }
    if (run !== null) added += this.piece(pieces, line, run, line.length);
    pieces.push("\n");
    return added;
  }

  /** Pushes line[from, to), where from = -1 is the delimiter after `_row`; returns its length. */
  private piece(pieces: (string | number)[], line: string, from: number, to: number): number {
    if (from < 0) pieces.push(this.delimiter, to === line.length ? line : line.slice(0, to));
    else if (to > from) pieces.push(line.slice(from, to));
    return to - from;
  }

  /** A key cell as the general path tallies it: decoded text. */
  private keyText(cell: string): string {
    return this.asBytes && NON_ASCII.test(cell) ? utf8Of(cell) : cell;
  }
}
