// CSV: the delimiter is sniffed from the header line (or taken from Excel's `sep=` line), then the text
// is cut into records (csv-records.ts). Rows are numbered as a spreadsheet numbers them: the header
// is row 1, blank lines count, and a record with line breaks inside quotes is one row.
import { cellsOf, CsvRecords, type CsvRecord } from "./csv-records";
import { bytesOf, decodeText, utf8Of } from "./encoding";
import { fileError } from "./errors";
import type { TableSource } from "./source";

const DELIMITERS = [",", "\t", ";", "|"] as const;
const BATCH_CHARS = 64 * 1024;
/** Bounds the memory a record (or a runaway quoted field) can take. */
const MAX_RECORD_CHARS = 1024 * 1024;

/** The candidate that occurs most often outside quotes in the header line; a comma when none does (one column). */
function sniffDelimiter(line: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ",";
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export async function openCsv(bytes: AsyncIterable<Buffer>): Promise<TableSource> {
  // UTF-8 is read as its bytes: most lines go to COPY as they are (as-written.ts), with no need to decode them.
  const { encoding, text, asBytes } = await decodeText(bytes, { utf8AsBytes: true });
  // Excel for Mac's "CSV (Macintosh)" still ends lines with a lone CR: a CR not followed by LF, and no LF.
  let loneCr = false;
  const lines = (t: string) => (loneCr ? t.replace(/\r/g, "\n") : t);
  // Read up to the first line that has something on it: it is the header, and it decides the delimiter.
  let head = "";
  let firstLine: string | undefined;
  for (let ended = false; firstLine === undefined && !ended; ) {
    const next = await text.next();
    ended = !!next.done;
    if (!next.done) head += next.value;
    const cr = head.indexOf("\r");
    loneCr = !head.includes("\n") && cr >= 0 && (cr < head.length - 1 || ended);
    const complete = lines(head).split("\n");
    if (!ended) complete.pop();
    firstLine = complete.find((line) => line.trim());
    if (firstLine === undefined && head.length > MAX_RECORD_CHARS) throw fileError("file_format", "首行超过 1 MB，不是表格文件？", "The first line exceeds 1 MB: is this a table file?");
  }
  head = lines(head);
  let delimiter: string;
  // One character, which as bytes may be several (a full-width "，").
  const declared = (asBytes ? /^sep=([\x00-\x7f]|[\xc0-\xff][\x80-\xbf]+)\r?\n/ : /^sep=(.)\r?\n/).exec(head);
  if (declared) {
    delimiter = asBytes ? utf8Of(declared[1]) : declared[1];
    head = head.slice(declared[0].length);
  } else {
    delimiter = sniffDelimiter(firstLine ?? "");
  }
  /** The delimiter as the text being cut holds it. */
  const cut = asBytes ? bytesOf(delimiter) : delimiter;

  const parser = new CsvRecords(cut, MAX_RECORD_CHARS);
  const batches = (async function* () {
    yield parser.push(head);
    for await (const chunk of text) {
      // Rows in batches of ~64K characters whatever the size of the chunks read: a batch's rows are
      // alive together, and the young generation's collector copies what is alive, so large
      // batches cost more to collect.
      const t = lines(chunk);
      for (let at = 0; at < t.length; at += BATCH_CHARS) yield parser.push(t.length <= BATCH_CHARS ? t : t.slice(at, at + BATCH_CHARS));
    }
    yield parser.push("", true);
  })();

  let header: string[] | null = null;
  let pending: CsvRecord[] = [];
  while (!header) {
    if (!pending.length) {
      const next = await batches.next();
      if (next.done) throw fileError("file_empty", "文件中没有内容", "The file has no content");
      pending = next.value;
      continue;
    }
    const cells = cellsOf(pending.shift()!, cut);
    if (cells.some((c) => c.trim())) header = cells.map((c) => (asBytes ? utf8Of(c) : c).trim());
  }

  async function* rows(): AsyncGenerator<CsvRecord[]> {
    yield pending;
    yield* batches;
  }
  return { format: "csv", encoding, asBytes, delimiter, header, rowWidth: "exact", rows: rows() };
}
