// An xlsx file is a zip archive, and exceljs unpacks all of it into memory before we see a single row.
// This guard reads the archive's central directory (the same directory JSZip, inside exceljs, trusts)
// and inflates every entry once, counting bytes, rows, cells and XML elements without keeping the
// output, so a zip bomb or an oversized sheet is refused before exceljs allocates anything for it.
// exceljs also expands every range in a defined name cell by cell (a name over A1:XFD1048576 would
// never finish loading), so the areas those ranges cover count as cells too. Worksheet parts that
// expand ranges the same way (merges, data validations, ...) are skipped when loading (see excel.ts).
import { createInflateRaw } from "node:zlib";
import type { Bilingual } from "@shuyuan/core";

/** Uploads larger than this are refused unread. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/**
 * The unpacked parts may not exceed this. A workbook at the row limits with long texts in every
 * entry unpacks to about 40 MB (docs/catalog-template.md); a zip bomb unpacks to gigabytes.
 */
export const MAX_INFLATED_BYTES = 100 * 1024 * 1024;
/** xl/workbook.xml lists sheets and defined names: a few kilobytes in any real workbook. */
const MAX_WORKBOOK_PART_BYTES = 1024 * 1024;

export interface ContainerLimits {
  /** Row elements any one worksheet may hold (blank but formatted rows count too). */
  rowsPerSheet: number;
  /**
   * Cells all worksheets together may hold, defined-name areas included: exceljs spends a few hundred
   * bytes on each. Other XML elements (shared strings, styles, ...) may number four times as many.
   */
  cells: number;
}

export type ContainerVerdict = { ok: true } | { ok: false; message: Bilingual };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const refuse = (zh: string, en: string): ContainerVerdict => ({ ok: false, message: { zh, en } });
const CORRUPT = refuse("文件已损坏，无法作为 xlsx 读取", "The file is damaged and cannot be read as xlsx");
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export async function inspectXlsxContainer(data: Uint8Array, limits: ContainerLimits): Promise<ContainerVerdict> {
  if (data.byteLength === 0) return refuse("文件为空", "The file is empty");
  if (data.byteLength > MAX_FILE_BYTES) {
    return refuse(`文件超过 ${mb(MAX_FILE_BYTES)} MB 上限，请分批导入`, `The file exceeds the ${mb(MAX_FILE_BYTES)} MB limit: import it in parts`);
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Old binary .xls files and password-protected .xlsx files are both OLE2 compound documents.
  if (buf.subarray(0, 8).equals(OLE2_MAGIC)) {
    return refuse("这是旧版 .xls 文件或加密的工作簿：请在 Excel 中另存为不加密的 .xlsx 后导入", "This is an old .xls file or an encrypted workbook: save it as an unencrypted .xlsx and import that");
  }
  if (buf.byteLength < 4 || buf.readUInt32LE(0) !== LOCAL_HEADER) {
    return refuse("不是 xlsx 文件（CSV 等文本文件改扩展名无效，请用 Excel 另存为 .xlsx）", "Not an xlsx file (renaming a CSV or text file does not make one: save it as .xlsx in Excel)");
  }
  const entries = centralDirectory(buf);
  if (!entries) return CORRUPT;

  const total = { inflated: 0, cells: 0, elements: 0 };
  const maxElements = limits.cells * 4;
  for (const entry of entries) {
    const isSheet = /^\/?xl\/worksheets\/[^/]+\.xml$/i.test(entry.name);
    const isWorkbook = /^\/?xl\/workbook\.xml$/i.test(entry.name);
    const counter = new TagCounter();
    const workbookPart: Buffer[] = [];
    let entryBytes = 0;
    let rows = 0;
    const outcome = await inflate(entry.data, entry.method, (chunk) => {
      entryBytes += chunk.byteLength;
      total.inflated += chunk.byteLength;
      const found = counter.feed(chunk);
      total.elements += found.elements;
      if (isSheet) {
        rows += found.rows;
        total.cells += found.cells;
      }
      if (isWorkbook) workbookPart.push(chunk);
      return total.inflated <= MAX_INFLATED_BYTES && rows <= limits.rowsPerSheet && total.cells <= limits.cells && total.elements <= maxElements && (!isWorkbook || entryBytes <= MAX_WORKBOOK_PART_BYTES);
    });
    if (outcome === "corrupt") return CORRUPT;
    if (total.inflated > MAX_INFLATED_BYTES) {
      return refuse(`解压后超过 ${mb(MAX_INFLATED_BYTES)} MB，拒绝读取（疑似压缩炸弹）`, `Unpacked, the file exceeds ${mb(MAX_INFLATED_BYTES)} MB: refused (a zip bomb?)`);
    }
    if (rows > limits.rowsPerSheet) {
      return refuse(`有工作表超过 ${limits.rowsPerSheet} 行（设置了格式的空行也计入），请删除多余行或分批导入`, `A worksheet has more than ${limits.rowsPerSheet} rows (formatted empty rows count too): delete them or import in parts`);
    }
    if (isWorkbook) {
      if (entryBytes > MAX_WORKBOOK_PART_BYTES) return CORRUPT;
      total.cells += definedNameArea(Buffer.concat(workbookPart).toString("latin1"));
    }
    if (total.cells > limits.cells || total.elements > maxElements) {
      return refuse(`单元格等内容超过上限（${limits.cells} 个单元格），请删除多余的行列、名称和格式，或分批导入`, `More than ${limits.cells} cells or other items: delete unused rows, columns, names and formats, or import in parts`);
    }
  }
  return { ok: true };
}

interface ZipEntry {
  name: string;
  method: number;
  data: Buffer;
}

/** The entries the central directory lists, or null when the archive is malformed or uses features xlsx never needs. */
function centralDirectory(buf: Buffer): ZipEntry[] | null {
  // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  let end = -1;
  for (let i = buf.byteLength - 22; i >= Math.max(0, buf.byteLength - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = buf.readUInt16LE(end + 10);
  const directoryStart = buf.readUInt32LE(end + 16);
  // 0xffff / 0xffffffff mean zip64, which a file under 20 MB has no need for.
  if (count === 0xffff || directoryStart === 0xffffffff || directoryStart > end) return null;

  const entries: ZipEntry[] = [];
  let p = directoryStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL_HEADER) return null;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    // Encrypted entries and compression methods other than stored/deflate are not produced by spreadsheet programs.
    if (flags & 1 || (method !== 0 && method !== 8)) return null;
    if (localOffset + 30 > directoryStart || buf.readUInt32LE(localOffset) !== LOCAL_HEADER) return null;
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > directoryStart) return null;
    entries.push({ name, method, data: buf.subarray(dataStart, dataStart + compressedSize) });
  }
  return entries;
}

/** Streams an entry's content through `visit` chunk by chunk; `visit` returns false to stop early. */
async function inflate(data: Buffer, method: number, visit: (chunk: Buffer) => boolean): Promise<"done" | "stopped" | "corrupt"> {
  if (method === 0) return visit(data) ? "done" : "stopped";
  const inflater = createInflateRaw();
  inflater.end(data);
  try {
    for await (const chunk of inflater) {
      if (!visit(chunk as Buffer)) return "stopped"; // leaving the loop destroys the stream
    }
    return "done";
  } catch {
    return "corrupt";
  }
}

/**
 * Counts start tags in XML arriving in chunks: all elements, and worksheet rows and cells (exceljs
 * only reads unprefixed element names, so prefixed ones need no counting). Tags are ASCII, so latin1
 * decoding keeps byte offsets and never splits a character.
 */
class TagCounter {
  private tail = "";

  feed(chunk: Buffer): { rows: number; cells: number; elements: number } {
    const text = this.tail + chunk.toString("latin1");
    // A match that ends inside the carried-over tail was already counted with the previous chunk.
    const fresh = (m: RegExpMatchArray) => m.index! + m[0].length > this.tail.length;
    let rows = 0;
    let cells = 0;
    let elements = 0;
    for (const m of text.matchAll(/<(row|c)[\s/>]/g)) {
      if (!fresh(m)) continue;
      if (m[1] === "row") rows++;
      else cells++;
    }
    for (const m of text.matchAll(/<[A-Za-z_]/g)) if (fresh(m)) elements++;
    this.tail = text.slice(-8);
    return { rows, cells, elements };
  }
}

/** Cells covered by the ranges (A1:B2, $A$1:$B$2) in xl/workbook.xml's defined names. */
function definedNameArea(workbookXml: string): number {
  let area = 0;
  for (const m of workbookXml.matchAll(/\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)/g)) {
    const [left, top, right, bottom] = [columnNumber(m[1]), Number(m[2]), columnNumber(m[3]), Number(m[4])];
    area += (Math.abs(right - left) + 1) * (Math.abs(bottom - top) + 1);
  }
  return area;
}

const columnNumber = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
