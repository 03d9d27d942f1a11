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
  /** Per column of the file: its field's check, whether it is required, whether it is part of the key. */
  private readonly checks: AsWritten[];
  private readonly required: boolean[];
  private readonly key: boolean[];
  /** The columns whose loaded form adds a suffix (a date-time's zone), and the suffix. */
  private readonly suffixed: { column: number; suffix: string }[];
  /** Where each cell ends in the line being read; the next starts one delimiter on. */
  private readonly ends: Int32Array;

  /**
   * For a file whose columns are the fields in `order` (field indexes), read with `delimiter`, which the
   * COPY text keeps; `asBytes` when its lines are UTF-8 read one character per byte (encoding.ts).
   */
  constructor(
    fields: readonly DatasetField[],
    private readonly order: readonly number[],
    private readonly delimiter: string,
    today: string,
    private readonly asBytes: boolean,
  ) {
    this.checks = order.map((f) => asWrittenCheck(fields[f], today, asBytes));
    this.required = order.map((f) => fields[f].required);
    this.key = order.map((f) => fields[f].key);
    this.suffixed = order.flatMap((f, column) => {
      const suffix = asWrittenSuffix(fields[f]);
      return suffix ? [{ column, suffix }] : [];
    });
    this.ends = new Int32Array(order.length);
  }

  /**
   * Appends the row's COPY text to `pieces`, sets `values` as the quality tally reads them (null for an
   * empty cell, the text of a key's cells) and returns the characters appended; or returns -1, having
   * touched neither, when the general path must read the line.
   */
  take(row: number, line: string, pieces: (string | number)[], values: (string | null)[]): number {
    if (generalOnly(line)) return -1;
    const { checks, ends, delimiter } = this;
    const n = checks.length;
    let start = 0;
    let filled = false;
    for (let i = 0; i < n; i++) {
      const next = line.indexOf(delimiter, start);
      // The last cell runs to the end of the line: a delimiter after it means more cells than fields.
      const end = i < n - 1 ? next : next < 0 ? line.length : -1;
      if (end < 0) return -1;
      if (end === start) {
        if (this.required[i]) return -1;
      } else {
        if (!checks[i](line, start, end)) return -1;
        filled = true;
      }
      ends[i] = end;
      start = end + 1;
    }
    // A line of empty cells is no row at all (the general path skips it).
    if (!filled) return -1;

    start = 0;
    for (let i = 0; i < n; i++) {
      const end = ends[i];
      values[this.order[i]] = end === start ? null : this.key[i] ? this.keyText(line.slice(start, end)) : FILLED;
      start = end + 1;
    }
    pieces.push(row, delimiter);
    let from = 0;
    let added = 0;
    for (const { column, suffix } of this.suffixed) {
      const end = ends[column];
      // An empty date-time is null: nothing follows it.
      if (end === (column === 0 ? 0 : ends[column - 1] + 1)) continue;
      pieces.push(line.slice(from, end), suffix);
      added += suffix.length;
      from = end;
    }
    pieces.push(from === 0 ? line : line.slice(from), "\n");
    return line.length + added;
  }

  /** A key cell as the general path tallies it: decoded text. */
  private keyText(cell: string): string {
    return this.asBytes && NON_ASCII.test(cell) ? utf8Of(cell) : cell;
  }
}
