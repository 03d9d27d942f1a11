import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import type { DatasetField } from "@shuyuan/core";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../http/errors";
import { copyRows } from "../fixtures/copy-rows";
import { ENTERPRISE_FIELDS, ENTERPRISES_CSV } from "../fixtures/enterprises";
import { retained } from "../fixtures/memory";
import { ingest, type IngestOptions, type SourceFormat } from "./ingest";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-ingest-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const stream = (data: Buffer | string | Buffer[]) =>
  (async function* () {
    for (const chunk of Array.isArray(data) ? data : [data]) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  })();

let runs = 0;
async function run(data: Buffer | string | Buffer[], format: SourceFormat = "csv", options: Partial<IngestOptions> = {}) {
  const rejectsPath = path.join(tmp, `rejects-${++runs}.csv`);
  const ingestRun = ingest(stream(data), { format, fields: ENTERPRISE_FIELDS, rejectsPath, ...options });
  let text = "";
  for await (const chunk of ingestRun.copyText) text += chunk;
  const outcome = ingestRun.outcome()!;
  return { text, rows: copyRows(text, ingestRun.copyFormat(), ENTERPRISE_FIELDS.length), report: outcome.report, rejectsPath: outcome.rejectedFile ? rejectsPath : null };
}

async function refusal(data: Buffer | string | Buffer[], format: SourceFormat = "csv", options: Partial<IngestOptions> = {}): Promise<AppError> {
  try {
    await run(data, format, options);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the file to be refused");
}

const csvOf = (rows: string[][]) => rows.map((r) => r.join(",")).join("\n") + "\n";
const HEADER = ENTERPRISE_FIELDS.map((x) => x.title);

describe("ingest of the enterprises fixture", () => {
  it("loads the good rows normalised, rejects the bad ones with row, column and reason", async () => {
    const { rows, report, rejectsPath } = await run(ENTERPRISES_CSV);
    expect(report).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: ",", rowsRead: 12, rowsLoaded: 8, rowsRejected: 4, duplicateKeys: 1, unknownColumns: [], missingFields: [] });
    expect(report.rejects).toEqual([
      { row: 9, column: "统一社会信用代码", reason: expect.objectContaining({ en: "the unified social credit code's check character is wrong" }) },
      { row: 10, column: "法定代表人身份证号", reason: expect.objectContaining({ en: "the birth date in the citizen ID number is invalid" }) },
      { row: 11, column: "成立日期", reason: expect.objectContaining({ zh: expect.stringContaining("不是有效日期") }) },
      { row: 12, column: null, reason: { zh: "有 9 列，而表头有 10 列", en: "has 9 columns where the header has 10" } },
    ]);
    // Rows keep the spreadsheet's numbering: the header is row 1, and a cell spanning two lines is one row.
    expect(rows.map((r) => r[0])).toEqual(["2", "3", "4", "5", "6", "7", "8", "13"]);
    expect(rows[1]).toEqual(["3", "91230103MA1C4D5E6G", "黑龙江北大荒农产品贸易有限公司", "王芳", "230103199007042341", "0451-86661234", "1200.50", "120", "2016-07-04", "t", "2024-05-06 10:00:00+08:00"]);
    expect(rows[2].slice(2, 11)).toEqual(['道里区"老厨家"餐饮店', "李娜", "230104197801113458", "13904510002", "50", "8", "2003-01-11", "f", "2024-05-07 08:05:00+08:00"]);
    expect(rows[4].slice(2, 11)).toEqual(["松北区雪乡旅游服务中心\n（冬季营业）", "陈静", null, "12345", null, null, "2019-11-20", "t", null]);
    // Injection-looking values are data like any other.
    expect(rows[5][2]).toBe('=HYPERLINK("http://x")');
    expect(rows[6][2]).toBe("'; drop table datasets; --");
    expect(report.fields.find((x) => x.name === "legal_person_id")).toEqual({ name: "legal_person_id", completeness: 7 / 8, empty: 1 });

    const rejected = fs.readFileSync(rejectsPath!, "utf8");
    expect(rejected.startsWith("\uFEFF行号 row,统一社会信用代码,企业名称,")).toBe(true);
    expect(rejected).toContain("9,91230112MA1J1K2L30,香坊区信用代码写错有限公司,");
    expect(rejected).toContain("统一社会信用代码,统一社会信用代码校验位错误,the unified social credit code's check character is wrong");
    expect(rejected.split("\n").filter(Boolean)).toHaveLength(5);
  });

  it("reads the same data saved as GBK, with a BOM, or tab-delimited UTF-16 (Excel's Unicode text) identically", async () => {
    const utf8 = await run(ENTERPRISES_CSV);
    const text = ENTERPRISES_CSV.toString("utf8");
    const gbk = await run(iconv.encode(text, "gbk"));
    const bom = await run(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ENTERPRISES_CSV]));
    const tabbed = stringify(parse(text, { relax_column_count: true }), { delimiter: "\t" });
    const utf16 = await run(iconv.encode(tabbed, "utf-16le", { addBOM: true }));
    expect(gbk.report.encoding).toBe("gb18030");
    expect(utf16.report).toMatchObject({ encoding: "utf-16le", delimiter: "\t" });
    for (const other of [gbk, bom, utf16]) {
      expect(other.rows).toEqual(utf8.rows);
      expect(other.report.rejects).toEqual(utf8.report.rejects);
    }
  });
});

describe("bad files", () => {
  it("an empty file, a blank one, and one with a header only", async () => {
    expect((await refusal("")).code).toBe("file_empty");
    expect((await refusal("\n\n  \n")).code).toBe("file_empty");
    const headerOnly = await refusal(HEADER.join(",") + "\n\n");
    expect(headerOnly.code).toBe("no_data_rows");
    expect(headerOnly.messages).toEqual({ zh: "文件只有表头，没有数据行", en: "The file has a header but no rows" });
  });

  it("ragged rows are rejected with a reason; cells beyond the header that are blank are not ragged", async () => {
    const good = ["91230102MA1B2C3D46", "冰城科技"];
    const { rows, report } = await run(csvOf([["统一社会信用代码", "企业名称"], good, [...good, "extra"], ["91230103MA1C4D5E6G"], [...good, "", " "]]));
    expect(rows.map((r) => r[0])).toEqual(["2", "5"]);
    expect(report.rejects.map((r) => [r.row, r.reason.en])).toEqual([
      [3, "has 3 columns where the header has 2"],
      [4, "has 1 columns where the header has 2"],
    ]);
    expect(report.missingFields).toEqual(ENTERPRISE_FIELDS.slice(2).map((x) => x.name));
  });

  it("the delimiter is sniffed (, ; tab |) or taken from Excel's sep= line; a wrong one leaves a header that matches nothing", async () => {
    for (const d of [";", "\t", "|"]) {
      const { report } = await run(stringify(parse(ENTERPRISES_CSV, { relax_column_count: true }), { delimiter: d, quoted_match: /,/ }));
      expect(report).toMatchObject({ delimiter: d, rowsLoaded: 8 });
    }
    const declared = await run("sep=;\n统一社会信用代码;企业名称;简称,别名\n91230102MA1B2C3D46;冰城科技;冰城,BC\n");
    expect(declared.report).toMatchObject({ delimiter: ";", rowsLoaded: 1, unknownColumns: ["简称,别名"] });
    // A declared delimiter beyond ASCII, in UTF-8 (read as bytes) and in GBK (decoded).
    const fullWidth = "sep=，\n统一社会信用代码，企业名称，备注\n91230102MA1B2C3D46，冰城科技，a\tb\n";
    for (const file of [fullWidth, iconv.encode(fullWidth, "gbk")]) {
      const wide = await run(file);
      expect(wide.report).toMatchObject({ delimiter: "，", rowsLoaded: 1, unknownColumns: ["备注"] });
      expect(wide.rows).toEqual([["2", "91230102MA1B2C3D46", "冰城科技", null, null, null, null, null, null, null, null]]);
    }

    const colons = await refusal("统一社会信用代码:企业名称\n91230102MA1B2C3D46:冰城科技\n");
    expect(colons.code).toBe("header_unmatched");
    expect(colons.messages.en).toContain('read with the delimiter ","');
    expect(colons.messages.zh).toContain("统一社会信用代码:企业名称");
  });

  it("columns that do not match: unknown ones reported, optional missing fields empty, required or doubled ones refused", async () => {
    const { rows, report } = await run("Credit_Code,企业 名称*,注册资本（万元）,备注\n91230102MA1B2C3D46,冰城科技,12,x\n");
    expect(rows).toEqual([["2", "91230102MA1B2C3D46", "冰城科技", null, null, null, "12", null, null, null, null]]);
    expect(report.unknownColumns).toEqual(["备注"]);
    expect(report.missingFields).toEqual(["legal_person", "legal_person_id", "phone", "employees", "established", "active", "updated_at"]);

    const missing = await refusal("企业名称\n冰城科技\n");
    expect(missing.code).toBe("header_missing_required");
    expect(missing.messages.zh).toBe("缺少必填信息项：统一社会信用代码（credit_code）");
    const doubled = await refusal("credit_code,统一社会信用代码,企业名称\n");
    expect(doubled.code).toBe("header_duplicate");
  });

  it("bytes that are not UTF-8 stop the load before any row around them is handed on, lone-CR (Mac) files too", async () => {
    const good = (i: number) => `91230102MA1B2C3D46,哈尔滨市第${i}号企业`;
    for (const eol of ["\n", "\r"]) {
      const rows = Array.from({ length: 3000 }, (_, i) => good(i));
      const file = Buffer.concat([Buffer.from(`统一社会信用代码,企业名称${eol}${rows.join(eol)}${eol}`), iconv.encode(`91230102MA1B2C3D46,齐齐哈尔市企业${eol}`, "gbk"), Buffer.from(rows.join(eol) + eol)]);
      const ingestRun = ingest(stream([file.subarray(0, 100_000), file.subarray(100_000, 200_000), file.subarray(200_000)]), { format: "csv", fields: ENTERPRISE_FIELDS, rejectsPath: path.join(tmp, "not-utf8.csv") });
      let text = "";
      const refused = await (async () => {
        try {
          for await (const chunk of ingestRun.copyText) text += chunk;
        } catch (err) {
          return err as AppError;
        }
      })();
      expect(refused?.code, JSON.stringify(eol)).toBe("file_encoding");
      // The rows before the bad one may have gone on; none from its line on did (3,000 more follow it).
      const numbers = text.split("\n").filter(Boolean).map((line) => Number(line.split(",")[0]));
      expect(Math.max(0, ...numbers)).toBeLessThan(3002);
    }
  });

  it("a quote that never closes stops the load, naming the line", async () => {
    const err = await refusal(`统一社会信用代码,企业名称\n91230102MA1B2C3D46,"冰城科技\n91230103MA1C4D5E6G,北大荒\n`);
    expect(err.code).toBe("file_format");
    expect(err.messages.en).toContain("never closed");
  });

  it("a file larger than the limit is refused by the stream as soon as it passes it", async () => {
    let produced = 0;
    const row = Buffer.from("91230102MA1B2C3D46,冰城科技\n".repeat(1000));
    const huge = (async function* () {
      yield Buffer.from("统一社会信用代码,企业名称\n");
      // An endless upload: without the limit this would never end.
      for (;;) {
        produced += row.length;
        yield row;
      }
    })();
    const ingestRun = ingest(huge, { format: "csv", fields: ENTERPRISE_FIELDS, rejectsPath: path.join(tmp, "huge.csv"), limits: { maxBytes: 1024 * 1024 } });
    const err = await (async () => {
      try {
        for await (const _ of ingestRun.copyText);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err?.code).toBe("file_too_large");
    expect(err?.statusCode).toBe(413);
    expect(produced).toBeLessThan(1.1 * 1024 * 1024);
  });

  it("memory stays flat however large the file", async () => {
    // 64 MB of long rows: far more than the heap may grow by, with little per-row work, so the test stays quick.
    const fields: DatasetField[] = [
      { name: "code", title: "编号", type: "string", level: 1, sensitivity: "none", required: true, key: true },
      { name: "text", title: "正文", type: "string", level: 1, sensitivity: "none", required: false, key: false },
    ];
    const rows = 8000;
    const long = "数据".repeat(1365);
    const source = (async function* () {
      yield Buffer.from("编号,正文\n");
      for (let i = 0; i < rows; i += 10) yield Buffer.from(Array.from({ length: 10 }, (_, j) => `${i + j},${long}\n`).join(""));
    })();
    // Measured from the first thousand rows on, when buffers, code and caches are warm: from there it must stay flat.
    let warm = 0;
    let peak = 0;
    let loaded = 0;
    const ingestRun = ingest(source, { format: "csv", fields, rejectsPath: path.join(tmp, "flat.csv") });
    for await (const chunk of ingestRun.copyText) {
      const thousands = Math.floor(loaded / 1000);
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) loaded++;
      if (Math.floor(loaded / 1000) === thousands) continue;
      const { heap, buffers } = retained();
      if (!warm) warm = heap + buffers;
      else peak = Math.max(peak, heap + buffers - warm);
    }
    expect(loaded).toBe(rows);
    // A few chunks in flight and freshly compiled code, against 64 MB had the file been held.
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("XLSX", () => {
  async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    fill(wb.addWorksheet("企业"));
    wb.addWorksheet("说明").addRow(["不读取"]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it("reads the first sheet with typed cells: dates, numbers, booleans, formulas, rich text", async () => {
    const data = await workbook((sheet) => {
      sheet.addRow(["统一社会信用代码", "企业名称", "注册资本（万元）", "从业人数", "成立日期", "是否存续", "更新时间", "联系电话"]);
      sheet.addRow(["91230102MA1B2C3D46", { richText: [{ text: "冰城" }, { text: "科技" }] }, 500.5, { formula: "30+5", result: 35 }, new Date(Date.UTC(2015, 2, 12)), true, new Date(Date.UTC(2024, 4, 6, 9, 30)), 13904510001]);
      sheet.addRow([]);
      sheet.addRow(["91230103MA1C4D5E6G", "北大荒", "1,200", 12.5, "2016/7/4", "否", "2024-05-06 10:00", null]);
      sheet.getCell("E4").numFmt = "General";
    });
    const { rows, report } = await run(data, "xlsx");
    expect(report).toMatchObject({ format: "xlsx", encoding: null, rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(rows).toEqual([["2", "91230102MA1B2C3D46", "冰城科技", null, null, "13904510001", "500.5", "35", "2015-03-12", "t", "2024-05-06 09:30:00+08:00"]]);
    expect(report.rejects).toEqual([{ row: 4, column: "从业人数", reason: expect.objectContaining({ en: expect.stringContaining("not an integer") }) }]);
  });

  it("refuses zip bombs (the catalog's guard) and files over the XLSX size limit", async () => {
    // One worksheet part that inflates to 120 MB: far past the guard's 100 MB.
    const bomb = zip([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(120 * 1024 * 1024, " ") }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const err = await refusal(bomb, "xlsx");
    expect(err.code).toBe("file_format");
    expect(err.messages.en).toContain("zip bomb");
    const tooBig = await refusal(await workbook((s) => s.addRow(["x"])), "xlsx", { limits: { maxXlsxBytes: 1000 } });
    expect(tooBig.code).toBe("file_too_large");
    expect((await refusal(Buffer.from("统一社会信用代码\n1\n"), "xlsx")).messages.en).toMatch(/Not an xlsx file/);
  });
});

describe("JSON", () => {
  it("streams an array of objects keyed by field name or title", async () => {
    const data = JSON.stringify([
      { credit_code: "91230102MA1B2C3D46", 企业名称: "冰城\t科技", employees: 35, active: true, 备注: "x" },
      { credit_code: "91230103MA1C4D5E6G", 企业名称: "北大荒", registered_capital: 1200.5, established: null },
      { credit_code: "91230104MA1D5E6F7A", 企业名称: "老厨家", updated_at: { nested: 1 } },
      { 企业名称: "缺少代码" },
    ]);
    // Split mid-string and mid-character to show the scanner and decoder do not care where chunks end.
    const bytes = Buffer.from(data);
    const { rows, report } = await run([bytes.subarray(0, 37), bytes.subarray(37, 101), bytes.subarray(101)], "json");
    expect(rows).toEqual([
      ["1", "91230102MA1B2C3D46", "冰城\t科技", null, null, null, null, "35", null, "t", null],
      ["2", "91230103MA1C4D5E6G", "北大荒", null, null, null, "1200.5", null, null, null, null],
    ]);
    expect(report).toMatchObject({ format: "json", rowsRead: 4, rowsRejected: 2, unknownColumns: ["备注"] });
    expect(report.rejects.map((r) => [r.row, r.column])).toEqual([
      [3, "updated_at"],
      [4, "credit_code"],
    ]);
  });

  it("refuses what is not an array of objects, naming the element", async () => {
    expect((await refusal('{"a": 1}', "json")).messages.en).toContain("must be an array of objects");
    expect((await refusal('[{"credit_code": "x"}, 5]', "json")).messages.en).toBe("Element 2 is not an object: a JSON file must be an array of objects");
    expect((await refusal('[{"credit_code": "x"}, {"credit_code": tru}]', "json")).messages.en).toMatch(/^Element 2 is not valid JSON/);
    expect((await refusal('[{"credit_code": "x"}', "json")).messages.en).toContain("incomplete");
    expect((await refusal("[]", "json")).code).toBe("no_data_rows");
    expect((await refusal('[{"备注": 1}]', "json")).code).toBe("header_unmatched");
    const keyPerRow = JSON.stringify(Array.from({ length: 1200 }, (_, i) => ({ credit_code: "91230102MA1B2C3D46", [`k${i}`]: i })));
    expect((await refusal(keyPerRow, "json")).messages.en).toBe("The JSON objects have more than 1000 distinct keys: this is not a table");
  });
});

/** A minimal zip archive (stored names, deflated data, no CRC: the guard does not read it). */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
