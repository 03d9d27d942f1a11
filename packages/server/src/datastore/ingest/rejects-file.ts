// The rejected-rows file: every rejected row with its original values, its row number, the column at
// fault and the reason in both languages, as CSV in UTF-8 with a BOM so Excel opens it as it is.
// Uploaders open it in a spreadsheet, so values starting with = + - @ are prefixed with ' (formula
// injection), as in every other CSV the platform writes.
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { stringify, type Stringifier } from "csv-stringify";
import type { RejectedRow } from "../types";

const FORMULA_START = /^[=+\-@\t\r]/;
const neutralise = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);

export class RejectsFile {
  private out: Stringifier | null = null;
  private file: fs.WriteStream | null = null;

  constructor(readonly path: string) {}

  get written(): boolean {
    return this.out !== null;
  }

  async add(header: readonly string[], reject: RejectedRow): Promise<void> {
    if (!this.out) this.open(header);
    const line = [String(reject.row), ...(reject.values ?? []).map(neutralise), reject.column ?? "", reject.reason.zh, reject.reason.en];
    if (!this.out!.write(line)) await once(this.out!, "drain");
  }

  private open(header: readonly string[]) {
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    this.file = fs.createWriteStream(this.path);
    this.out = stringify({ bom: true });
    this.out.pipe(this.file);
    this.out.write(["行号 row", ...header.map(neutralise), "出错列 column", "原因", "reason"]);
  }

  /** Flushes and closes the file, if one was started. */
  async close(): Promise<void> {
    if (!this.out) return;
    const finished = once(this.file!, "close");
    this.out.end();
    await finished;
  }
}
