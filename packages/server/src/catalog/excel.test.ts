import {
  BASE_AREAS,
  checkDataset,
  FIELD_TYPES,
  FORMATS,
  LEVELS,
  OPEN_TYPES,
  SENSITIVITY_KINDS,
  SHARE_TYPES,
  THEME_AREAS,
  UPDATE_FREQUENCIES,
  type DatasetContent,
  type DatasetInput,
} from "@shuyuan/core";
import ExcelJS from "exceljs";
import { createDeflateRaw, crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { catalogTemplate, ENTRY_COLUMNS, FIELD_COLUMNS, headerOf, readCatalogWorkbook, writeCatalogWorkbook, type ReadResult, type RowError } from "./excel";
import { EXAMPLE_ENTRY } from "./excel/write";

// ---- helpers ----------------------------------------------------------------------------------------

function valid(input: DatasetInput): DatasetContent {
  const check = checkDataset(input);
  if (!check.ok) throw new Error(`test entry is invalid: ${JSON.stringify(check.errors)}`);
  return check.content;
}

function entry(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return {
    code: "230000-SC-0012",
    title: "企业登记信息",
    summary: "全省市场主体登记基本信息",
    catalogKind: "department",
    fields: [
      { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, sensitivity: "credit_code", key: true, required: true },
      { name: "reg_date", title: "成立日期", type: "date", level: 1 },
    ],
    formats: ["csv"],
    updateFrequency: "daily",
    shareType: "unconditional",
    openType: "unconditional",
    level: 1,
    contact: { name: "数据科" },
    ...overrides,
  };
}

const exportOf = (...inputs: DatasetInput[]) => writeCatalogWorkbook(inputs.map((i) => ({ content: valid(i) })));

/** Loads with exceljs; `lean` skips the drop-downs, which exceljs expands cell by cell (slow). */
async function load(data: Buffer, lean = false): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer, { ignoreNodes: lean ? ["dataValidations"] : [] });
  return workbook;
}

/** A valid export of `inputs`, edited with exceljs: how a department changes a downloaded file. */
async function edited(inputs: DatasetInput[], edit: (entries: ExcelJS.Worksheet, fields: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = await load(await exportOf(...inputs), true);
  edit(workbook.getWorksheet("目录")!, workbook.getWorksheet("信息项")!, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The errors of a read, with a bilingual message on each. */
function errorsOf(result: ReadResult): RowError[] {
  for (const e of result.errors) {
    expect(e.message.zh, JSON.stringify(e)).not.toBe("");
    expect(e.message.en, JSON.stringify(e)).not.toBe("");
  }
  return result.errors;
}

const where = (e: RowError) => ({ sheet: e.sheet, row: e.row, column: e.column });

/** A zip archive built byte by byte, for containers exceljs would never write. */
function zip(files: { name: string; data: Buffer; method?: 0 | 8; declaredSize?: number; crc?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const method = f.method ?? 8;
    const body = method === 8 && f.declaredSize === undefined ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name);
    const crc = f.crc ?? crc32(f.data);
    const size = f.declaredSize ?? f.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A minimal hand-written xlsx (inline strings, no styles): for parts exceljs cannot be made to write. */
function handmadeXlsx(sheets: { name: string; rows: (string | number)[][]; after?: string }[], workbookExtra = ""): Buffer {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const letter = (i: number) => String.fromCharCode(65 + i);
  const sheetXml = (s: (typeof sheets)[number]) =>
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>` +
    s.rows
      .map(
        (row, r) =>
          `<row r="${r + 1}">` +
          row
            .map((v, c) =>
              typeof v === "number"
                ? `<c r="${letter(c)}${r + 1}"><v>${v}</v></c>`
                : `<c r="${letter(c)}${r + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`,
            )
            .join("") +
          `</row>`,
      )
      .join("") +
    `</sheetData>${s.after ?? ""}</worksheet>`;
  return zip([
    {
      name: "[Content_Types].xml",
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}</Types>`,
      ),
    },
    {
      name: "_rels/.rels",
      data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    },
    {
      name: "xl/workbook.xml",
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets>${workbookExtra}</workbook>`,
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}</Relationships>`,
      ),
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: Buffer.from(sheetXml(s)) })),
  ]);
}

/** The template's example as plain rows, for hand-made workbooks. */
const ENTRY_HEADERS = ENTRY_COLUMNS.map(headerOf);
const FIELD_HEADERS = FIELD_COLUMNS.map(headerOf);
const exampleRows = {
  entry: ["E-1", "标题", "摘要", "部门目录", "", "csv", "每日", "", "无条件共享", "", "", "", "无条件开放", "", "", "一级", "", "张三", "", ""],
  field: ["E-1", "id", "编号", "整数型", "", "", "一级", "", "", ""],
};

// ---- the template -----------------------------------------------------------------------------------

describe("the catalog template", () => {
  it("parses back to its example entry with two fields, without errors or warnings", async () => {
    const result = await readCatalogWorkbook(await catalogTemplate());
    expect(result.errors).toEqual([]);
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({ sheetRow: 2, code: EXAMPLE_ENTRY.code, warnings: [] });
    expect(result.entries[0].content).toEqual(valid(EXAMPLE_ENTRY));
    expect(result.entries[0].content.fields).toHaveLength(2);
  });

  it("has bilingual headers, a frozen header row, widths and drop-downs of the Chinese labels on code-list columns", async () => {
    const workbook = await load(await catalogTemplate());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["目录", "信息项", "说明"]);
    const entries = workbook.getWorksheet("目录")!;
    expect(entries.getRow(1).values).toEqual([undefined, ...ENTRY_HEADERS]);
    expect(entries.getCell("A1").value).toBe("目录编码 code");
    expect(entries.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(entries.getColumn(3).width).toBeGreaterThan(20);
    expect(entries.getCell("I2").value).toBe("有条件共享");
    expect(entries.getCell("I500").dataValidation).toMatchObject({ type: "list", formulae: ['"无条件共享,有条件共享,不予共享"'] });
    expect(entries.getCell("D2").dataValidation.formulae).toEqual(['"基础目录,主题目录,部门目录"']);
    expect(entries.getCell("P2").dataValidation.formulae).toEqual(['"一级,二级,三级,四级"']);
    const fields = workbook.getWorksheet("信息项")!;
    expect(fields.getRow(1).values).toEqual([undefined, ...FIELD_HEADERS]);
    expect(fields.getCell("H3").dataValidation.formulae[0]).toContain("身份证号");
    expect(fields.getCell("I3").dataValidation.formulae).toEqual(['"是,否"']);
  });

  it("the 说明 sheet lists every column, whether it is required, its allowed values and its article (004 §21, 004 §33, 003 §23)", async () => {
    const sheet = (await load(await catalogTemplate())).getWorksheet("说明")!;
    const rows = new Map<string, string[]>();
    sheet.eachRow((row) => rows.set(`${row.getCell(1).value}|${row.getCell(2).value}`, (row.values as string[]).slice(1).map(String)));
    for (const c of ENTRY_COLUMNS) expect(rows.has(`目录|${headerOf(c)}`), headerOf(c)).toBe(true);
    for (const c of FIELD_COLUMNS) expect(rows.has(`信息项|${headerOf(c)}`), headerOf(c)).toBe(true);
    expect(rows.get("目录|共享类型 shareType")).toEqual(expect.arrayContaining(["是 yes", "002 §18, 004 §21"]));
    expect(rows.get("目录|共享类型 shareType")![3]).toContain("none 不予共享 / Not shared");
    expect(rows.get("目录|不予共享依据 shareBasis")![4]).toBe("002 §18, 004 §21");
    expect(rows.get("目录|不予开放理由 openReason")![4]).toBe("004 §33");
    expect(rows.get("目录|分级 level")![4]).toBe("003 §23");
    expect(rows.get("目录|提供单位 providerName")![5]).toContain("导入时忽略");
  });
});

// ---- round trips ------------------------------------------------------------------------------------

/** Entries that together use every value of every code list and every optional property, present and absent. */
function everyCodeListEntries(): DatasetInput[] {
  const themes = [...BASE_AREAS.map((t) => ["base", t] as const), ...THEME_AREAS.map((t) => ["theme", t] as const), ["department", undefined] as const];
  return themes.map(([catalogKind, theme], i) => {
    const level = LEVELS[i % LEVELS.length];
    const restricted = level === 4; // 003 §23: level 4 is neither shared nor opened unconditionally
    const shareType = restricted ? (["conditional", "none"] as const)[i % 2] : SHARE_TYPES[i % SHARE_TYPES.length];
    const openType = restricted ? (["conditional", "none"] as const)[(i + 1) % 2] : OPEN_TYPES[(i + 1) % OPEN_TYPES.length];
    const rich = i % 2 === 0;
    return {
      code: `RT-${String(i).padStart(3, "0")}`,
      title: `往返测试目录 ${i}`,
      summary: `第 ${i} 个条目。\n第二行，含“引号”和 <尖括号> & 符号。`,
      catalogKind,
      theme,
      fields: FIELD_TYPES.map((type, j) => ({
        name: `f_${j}`,
        title: `信息项 ${j}`,
        type,
        length: type === "string" && rich ? 20 + j : undefined,
        description: rich ? `说明 ${j}` : undefined,
        level: LEVELS[(i + j) % level] ?? 1,
        sensitivity: SENSITIVITY_KINDS[(i + j) % SENSITIVITY_KINDS.length],
        required: (i + j) % 2 === 0,
        key: j === 0,
      })),
      formats: [FORMATS[i % FORMATS.length], FORMATS[(i + 3) % FORMATS.length]],
      updateFrequency: UPDATE_FREQUENCIES[i % UPDATE_FREQUENCIES.length],
      collectionChannel: rich ? "业务系统采集" : undefined,
      shareType,
      shareConditions: shareType === "conditional" ? { scope: "本省政务部门", purpose: "履职需要" } : undefined,
      shareBasis: shareType === "none" ? "《中华人民共和国个人信息保护法》第十三条" : undefined,
      openType,
      openConditions: openType === "conditional" ? "签署使用协议" : undefined,
      openReason: openType === "none" ? "涉及个人隐私" : undefined,
      level,
      tags: rich ? ["往返", `标签${i}`] : [],
      contact: rich ? { name: "联系人", phone: "0451-12345678", email: "a@example.gov.cn" } : { name: "联系人" },
    };
  });
}

describe("export → import round trip", () => {
  it("is exact for entries using every code list value and every optional property", async () => {
    const contents = everyCodeListEntries().map(valid);
    const file = await writeCatalogWorkbook(contents.map((content, i) => ({ content, providerName: "省市场监管局", status: i % 2 ? "published" : "draft", version: i % 2 ? i : null })));
    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => e.content)).toEqual(contents);
    expect(result.entries.map((e) => e.sheetRow)).toEqual(contents.map((_, i) => i + 2));
  });

  it("the provider, status and version columns of an export are ignored on import, whatever they hold", async () => {
    const file = await edited([entry()], (entries) => {
      expect(entries.getCell("U1").value).toBe("提供单位 providerName");
      entries.getCell("U2").value = "别的单位";
      entries.getCell("V2").value = "published";
      entries.getCell("W2").value = "v1.0";
    });
    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    expect(result.entries[0].content).toEqual(valid(entry()));
  });

  it("text that Excel would run as a formula is exported with one apostrophe, never as a formula, and imported back exactly", async () => {
    const risky = valid(
      entry({
        title: "=HYPERLINK(\"http://evil.example\",\"点击\")",
        summary: "+1+1",
        collectionChannel: "-2",
        shareType: "none",
        shareBasis: "@SUM(A1:A2)",
        tags: ["=cmd|' /C calc'!A0", "'=already quoted", "''+twice"],
        contact: { name: "@张三", phone: "-", email: undefined },
        fields: [{ name: "f", title: "=1+1", type: "string", description: "'plain apostrophe", level: 1 }],
      }),
    );
    const file = await writeCatalogWorkbook([{ content: risky }]);

    const workbook = await load(file);
    const entries = workbook.getWorksheet("目录")!;
    for (const address of ["B2", "C2", "H2", "L2", "Q2", "R2", "S2"]) {
      const cell = entries.getCell(address);
      expect(cell.type, address).toBe(ExcelJS.ValueType.String);
      expect(cell.formula, address).toBeUndefined();
      expect(String(cell.value).startsWith("'"), address).toBe(true);
    }
    expect(entries.getCell("B2").value).toBe("'=HYPERLINK(\"http://evil.example\",\"点击\")");
    expect(workbook.getWorksheet("信息项")!.getCell("C2").value).toBe("'=1+1");
    expect(workbook.getWorksheet("信息项")!.getCell("F2").value).toBe("'plain apostrophe");

    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    expect(result.entries[0].content).toEqual(risky);
  });
});

// ---- codes and labels -------------------------------------------------------------------------------

describe("code-list cells", () => {
  it("accept the code, the Chinese label or the English label, trimmed, codes and English labels in any case", async () => {
    const file = handmadeXlsx([
      {
        name: "目录",
        rows: [
          // Headers may also be just the Chinese name or the key, with a * mark for required columns.
          ["目录编码*", "title", ...ENTRY_HEADERS.slice(2)],
          ["A-1", "甲", "摘要", " BASE ", "法人", "CSV、api；Json", "Daily", "", "有条件共享", "范围", "用途", "", "open on conditions", "条件", "", "2", "x, y", "张三", "", ""],
          ["A-2", "乙", "摘要", "主题目录", "health", "pdf", "每季度", "", "none", "", "", "依据", "不予开放", "", "理由", "Level 3", "", "李四", "", ""],
          ["A-3", "丙", "摘要", "department", "", "zip", "irregular", "", "Unconditional sharing", "", "", "", "无条件开放", "", "", 1, "", "王五", "", ""],
        ],
      },
      {
        name: "信息项",
        rows: [
          FIELD_HEADERS,
          ["A-1", "id", "编号", "integer", "", "", "二级", "统一社会信用代码", "是", "TRUE"],
          ["A-1", "Name", "名称", "Text", 30, "", 1, "name", "no", 0],
          ["A-2", "x", "字段", "日期时间型", "", "", "level 3", "citizen_id", "1", "false"],
          ["A-3", "y", "字段", "boolean", "", "", "一级", "", "", ""],
        ],
      },
    ]);
    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    const [a1, a2, a3] = result.entries.map((e) => e.content);
    expect(a1).toMatchObject({ catalogKind: "base", theme: "legal_person", formats: ["csv", "api", "json"], updateFrequency: "daily", shareType: "conditional", openType: "conditional", level: 2, tags: ["x", "y"] });
    expect(a1.fields).toEqual([
      { name: "id", title: "编号", type: "integer", level: 2, sensitivity: "credit_code", required: true, key: true },
      { name: "name", title: "名称", type: "string", length: 30, level: 1, sensitivity: "name", required: false, key: false },
    ]);
    expect(a2).toMatchObject({ catalogKind: "theme", theme: "health", updateFrequency: "quarterly", shareType: "none", openType: "none", level: 3 });
    expect(a2.fields[0]).toMatchObject({ type: "datetime", level: 3, sensitivity: "citizen_id", required: true, key: false });
    expect(a3).toMatchObject({ shareType: "unconditional", openType: "unconditional", level: 1 });
    expect(a3.fields[0]).toMatchObject({ type: "boolean", sensitivity: "none", required: false, key: false });
  });

  it("an unknown value is reported at its cell, listing the allowed labels and codes, once", async () => {
    const file = await edited([entry()], (entries, fields) => {
      entries.getCell("I2").value = "部分共享";
      fields.getCell("I3").value = "maybe";
      fields.getCell("E2").value = "十八";
    });
    const errors = errorsOf(await readCatalogWorkbook(file));
    expect(errors.map(where)).toEqual([
      { sheet: "目录", row: 2, column: "I" },
      { sheet: "信息项", row: 2, column: "E" },
      { sheet: "信息项", row: 3, column: "I" },
    ]);
    expect(errors[0].field).toBe("shareType");
    expect(errors[0].message.zh).toContain("有条件共享（conditional）");
    expect(errors[0].message.en).toContain("Conditional sharing (conditional)");
    expect(errors[1]).toMatchObject({ field: "fields.0.length", message: { en: '"十八" is not a whole number' } });
    expect(errors[2].field).toBe("fields.1.required");
  });
});

// ---- bad files and bad rows -------------------------------------------------------------------------

describe("files that are not catalog workbooks", () => {
  const fileError = async (data: Buffer | Uint8Array, text: RegExp) => {
    const result = await readCatalogWorkbook(data);
    expect(result.entries).toEqual([]);
    expect(errorsOf(result)).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ sheet: "", row: 0 });
    expect(result.errors[0].message.en).toMatch(text);
  };

  it("an empty file", () => fileError(Buffer.alloc(0), /empty/));
  it("a CSV renamed .xlsx", () => fileError(Buffer.from("目录编码,目录名称\nA-1,甲\n"), /Not an xlsx file/));
  it("an old binary .xls", () => fileError(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /old \.xls/));
  it("zip garbage: a zip signature followed by noise", () => fileError(Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(5000, 7)]), /damaged/));
  it("a truncated xlsx", async () => {
    const file = await catalogTemplate();
    await fileError(file.subarray(0, file.length - 100), /damaged/);
  });
  it("an entry whose deflate data is corrupt", async () => {
    const file = Buffer.from(await catalogTemplate());
    file.fill(0x55, 2000, 2400); // inside the first compressed entries
    await fileError(file, /damaged/);
  });
  it("a zip of something else (a docx, a text file)", () => fileError(zip([{ name: "word/document.xml", data: Buffer.from("<w:document/>") }]), /not a valid Excel workbook/));
  it("a plain Uint8Array is read like a Buffer", async () => {
    const file = await catalogTemplate();
    const copy = new Uint8Array(file.length + 16).subarray(8, 8 + file.length);
    copy.set(file);
    expect((await readCatalogWorkbook(copy)).entries).toHaveLength(1);
  });

  it("never throws, whatever bytes come in", async () => {
    const original = await catalogTemplate();
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 40; i++) {
      const damaged = Buffer.from(original);
      for (let k = 0; k < 1 + (i % 8); k++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const result = await readCatalogWorkbook(damaged);
      expect(Array.isArray(result.errors)).toBe(true);
    }
  });
});

describe("workbook layout", () => {
  it("an empty workbook (no 目录 sheet) is reported as such", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1");
    const result = await readCatalogWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(errorsOf(result).map((e) => [e.sheet, e.row, e.message.en])).toEqual([
      ["目录", 0, "The workbook has no sheet named “目录” (use the catalog template)"],
      ["信息项", 0, "The workbook has no sheet named “信息项” (use the catalog template)"],
    ]);
  });

  it("a header-only workbook says there are no entries", async () => {
    const result = await readCatalogWorkbook(await writeCatalogWorkbook([]));
    expect(errorsOf(result)).toEqual([{ sheet: "目录", row: 0, message: expect.objectContaining({ en: "The 目录 sheet has no entries: one entry per row from row 2" }) }]);
  });

  it("unknown, repeated and missing headers are reported on row 1, before any row is read", async () => {
    const file = await edited([entry()], (entries, fields) => {
      entries.getCell("C1").value = "备注"; // replaces the required 摘要 column
      entries.getCell("X1").value = "title";
      fields.spliceColumns(4, 1); // drops 数据类型 type
    });
    const errors = errorsOf(await readCatalogWorkbook(file));
    expect(errors.map((e) => [e.sheet, e.row, e.column, e.message.en])).toEqual([
      ["目录", 1, "C", "Unknown column “备注”"],
      ["目录", 1, "X", "Column “title” appears twice"],
      ["目录", 1, undefined, "Missing required column “摘要 summary”"],
      ["信息项", 1, undefined, "Missing required column “数据类型 type”"],
    ]);
  });

  it("optional columns may be left out, and blank rows are skipped", async () => {
    const file = handmadeXlsx([
      { name: "目录", rows: [ENTRY_COLUMNS.filter((c) => c.required === "yes").map(headerOf), ["E-1", "标题", "摘要", "部门目录", "csv", "每日", "无条件共享", "无条件开放", "一级", "张三"], [], ["", "", ""]] },
      { name: "信息项", rows: [["目录编码 code", "字段名 name", "信息项名称 title", "数据类型 type", "分级 level"], [], ["E-1", "id", "编号", "整数型", "一级"]] },
    ]);
    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    expect(result.entries[0].content.fields).toEqual([{ name: "id", title: "编号", type: "integer", level: 1, sensitivity: "none", required: false, key: false }]);
  });

  it("values in a column without a header are reported once, at their first row", async () => {
    const file = handmadeXlsx([
      { name: "目录", rows: [ENTRY_HEADERS, exampleRows.entry, [...exampleRows.entry.map((v, i) => (i === 0 ? "E-2" : v)), "", "", "", "", "多余"]] },
      { name: "信息项", rows: [FIELD_HEADERS, exampleRows.field] },
    ]);
    expect(errorsOf(await readCatalogWorkbook(file)).map(where)).toEqual([{ sheet: "目录", row: 3, column: "Y" }]);
  });
});

describe("rows that cannot be imported", () => {
  it("a repeated catalog code (in any letter case) is reported on the later row, naming the first", async () => {
    const file = await edited([entry({ code: "A-1" }), entry({ code: "B-2" })], (entries) => {
      entries.getCell("A3").value = "a-1";
    });
    const errors = errorsOf(await readCatalogWorkbook(file));
    expect(errors[0]).toEqual({ sheet: "目录", row: 3, column: "A", field: "code", message: expect.objectContaining({ zh: "目录编码“a-1”与第 2 行重复" }) });
    // B-2's field rows now belong to no entry.
    expect(errors.slice(1).map(where)).toEqual([
      { sheet: "信息项", row: 4, column: "A" },
      { sheet: "信息项", row: 5, column: "A" },
    ]);
  });

  it("a field row whose code matches no entry, and one without a code, are reported at their rows", async () => {
    const file = await edited([entry({ code: "A-1" })], (_, fields) => {
      fields.addRow(["Z-9", "x", "孤儿", "字符型", null, null, "一级"]);
      fields.addRow([null, "y", "无主", "字符型", null, null, "一级"]);
    });
    const errors = errorsOf(await readCatalogWorkbook(file));
    expect(errors.map((e) => [e.sheet, e.row, e.column, e.message.en])).toEqual([
      ["信息项", 4, "A", "No entry with catalog code “Z-9” on the 目录 sheet"],
      ["信息项", 5, "A", "Give the code of the entry this field belongs to"],
    ]);
  });

  it("004 §13: an entry with no fields is reported at its row", async () => {
    const file = await edited([entry({ code: "A-1" }), entry({ code: "B-2" })], (_, fields) => {
      for (const row of [4, 5]) fields.getRow(row).eachCell((cell) => (cell.value = null)); // B-2's field rows, now blank
    });
    const result = await readCatalogWorkbook(file);
    expect(errorsOf(result)).toEqual([{ sheet: "目录", row: 3, column: "A", field: "fields", message: expect.objectContaining({ en: expect.stringMatching(/^No fields/) }) }]);
    expect(result.entries.map((e) => e.code)).toEqual(["A-1"]);
  });

  it("a required value left empty is reported at its cell", async () => {
    const file = await edited([entry()], (entries, fields) => {
      entries.getCell("C2").value = null;
      entries.getCell("R2").value = null;
      fields.getCell("C3").value = "  ";
    });
    const errors = errorsOf(await readCatalogWorkbook(file));
    expect(errors.map((e) => [e.sheet, e.row, e.column, e.field])).toEqual([
      ["目录", 2, "C", "summary"],
      ["目录", 2, "R", "contact"],
      ["信息项", 3, "C", "fields.1.title"],
    ]);
  });

  it("a field error points to the 信息项 row of that field and its column (fields.1.length → column E)", async () => {
    const lengthOnDate = await edited([entry()], (_, fields) => {
      fields.getCell("E3").value = 10;
    });
    expect(errorsOf(await readCatalogWorkbook(lengthOnDate)).map((e) => [e.sheet, e.row, e.column, e.field, e.message.en])).toEqual([
      ["信息项", 3, "E", "fields.1.length", "Only text fields take a length"],
    ]);
    const badName = await edited([entry()], (_, fields) => {
      fields.getCell("B3").value = "Bad Name!";
    });
    expect(errorsOf(await readCatalogWorkbook(badName)).map((e) => [e.sheet, e.row, e.column, e.field])).toEqual([["信息项", 3, "B", "fields.1.name"]]);
  });

  it("a formula is read as the result Excel cached; one with no cached result, or an error value, is reported at its cell", async () => {
    const file = await edited([entry({ code: "A-1" })], (entries, fields) => {
      entries.getCell("B2").value = { formula: 'CONCAT("企业","登记")', result: "企业登记" };
      entries.getCell("C2").value = { formula: "A1&B1" } as ExcelJS.CellFormulaValue;
      fields.getCell("F2").value = { error: "#N/A" };
    });
    const result = await readCatalogWorkbook(file);
    expect(errorsOf(result).map((e) => [e.sheet, e.row, e.column, e.message.en])).toEqual([
      ["目录", 2, "C", "The formula has no computed result: open and save the file in Excel, or paste values"],
      ["信息项", 2, "F", "The cell holds the error #N/A"],
    ]);

    const cached = await edited([entry({ code: "A-1" })], (entries) => {
      entries.getCell("B2").value = { formula: 'CONCAT("企业","登记")', result: "企业登记" };
    });
    const ok = await readCatalogWorkbook(cached);
    expect(ok.errors).toEqual([]);
    expect(ok.entries[0].content.title).toBe("企业登记");
  });

  it("rows over the limit are refused at the first row past it", async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => entry({ code: `E-${i}` }));
    const file = await exportOf(...inputs);
    const entries = await readCatalogWorkbook(file, { maxRows: 5 });
    expect(errorsOf(entries)).toEqual([{ sheet: "目录", row: 7, message: expect.objectContaining({ en: "The 目录 sheet takes at most 5 rows: import in parts" }) }]);
    expect(entries.entries).toEqual([]);
    const fields = await readCatalogWorkbook(file, { maxRows: 6, maxFieldRows: 11 });
    expect(errorsOf(fields).map(where)).toEqual([{ sheet: "信息项", row: 13, column: undefined }]);
  });

  it("nothing is half-imported: one bad entry leaves the good ones out of errors but the file has errors", async () => {
    const file = await edited([entry({ code: "A-1" }), entry({ code: "B-2" })], (entries) => {
      entries.getCell("P3").value = "五级";
    });
    const result = await readCatalogWorkbook(file);
    expect(result.errors.map(where)).toEqual([{ sheet: "目录", row: 3, column: "P" }]);
    expect(result.entries.map((e) => e.code)).toEqual(["A-1"]);
  });
});

// ---- classification rules (core's checkDataset), placed on their rows ----------------------------------

describe("classification rules are reported at the row and column, citing the article", () => {
  const ruleErrors = async (edit: Parameters<typeof edited>[1], inputs = [entry()]) => errorsOf(await readCatalogWorkbook(await edited(inputs, edit)));

  it("004 §21: a row with share type none and no legal basis is reported at its row", async () => {
    const errors = await ruleErrors((entries) => {
      entries.getCell("I2").value = "不予共享";
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: "目录", row: 2, column: "L", field: "shareBasis" });
    expect(errors[0].message.zh).toContain("004 §21");
    expect(errors[0].message.en).toContain("002 §18");
  });

  it("004 §21: conditional sharing needs its purpose when a scope is given", async () => {
    const errors = await ruleErrors((entries) => {
      entries.getCell("I2").value = "有条件共享";
      entries.getCell("J2").value = "本省";
    });
    expect(errors.map((e) => [where(e), e.message.en])).toEqual([[{ sheet: "目录", row: 2, column: "K" }, "Conditional sharing must state the purposes allowed (004 §21)"]]);
  });

  it("004 §21: conditional sharing with no conditions imports as unconditional, with a warning on its row", async () => {
    const file = await edited([entry()], (entries) => {
      entries.getCell("I2").value = "有条件共享";
    });
    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    expect(result.entries[0].content.shareType).toBe("unconditional");
    expect(result.entries[0].warnings).toEqual([{ sheet: "目录", row: 2, column: "I", field: "shareType", message: expect.objectContaining({ en: expect.stringContaining("004 §21") }) }]);
  });

  it("004 §33: not open without a reason, and open on conditions without conditions", async () => {
    const errors = await ruleErrors(
      (entries) => {
        entries.getCell("M2").value = "不予开放";
        entries.getCell("M3").value = "有条件开放";
      },
      [entry({ code: "A-1" }), entry({ code: "B-2" })],
    );
    expect(errors.map((e) => [e.row, e.column, e.field])).toEqual([
      [2, "O", "openReason"],
      [3, "N", "openConditions"],
    ]);
    expect(errors.every((e) => e.message.zh.includes("004 §33"))).toBe(true);
  });

  it("003 §23: an entry level below its highest field level is reported at the entry's 分级 cell", async () => {
    const errors = await ruleErrors((_, fields) => {
      fields.getCell("G3").value = "三级";
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: "目录", row: 2, column: "P", field: "level" });
    expect(errors[0].message.en).toContain("003 §23");
  });

  it("001 §7: personal fields in an unconditionally open entry give a warning on the entry row", async () => {
    const file = await edited([entry()], (_, fields) => {
      fields.getCell("H3").value = "身份证号";
    });
    const result = await readCatalogWorkbook(file);
    expect(result.errors).toEqual([]);
    expect(result.entries[0].warnings.map((w) => [w.row, w.column, w.message.en.includes("001 §7")])).toEqual([[2, "M", true]]);
  });

  it("002 §7: a base-catalog entry outside the base resources is reported at its 所属领域 cell", async () => {
    const errors = await ruleErrors((entries) => {
      entries.getCell("D2").value = "基础目录";
      entries.getCell("E2").value = "医疗健康";
    });
    expect(errors.map((e) => [where(e), e.message.en.includes("002 §7")])).toEqual([[{ sheet: "目录", row: 2, column: "E" }, true]]);
  });
});

// ---- hostile files ----------------------------------------------------------------------------------

describe("hostile files are refused without exhausting memory", () => {
  it("a buffer over 20 MB is refused before parsing", async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1);
    big.write("PK\x03\x04");
    const result = await readCatalogWorkbook(big);
    expect(errorsOf(result)).toEqual([{ sheet: "", row: 0, message: expect.objectContaining({ en: "The file exceeds the 20 MB limit: import it in parts" }) }]);
  });

  it("a zip bomb (a small entry that inflates to 512 MB, its declared size a lie) is refused", async () => {
    const deflater = createDeflateRaw({ level: 1 });
    const compressed: Buffer[] = [];
    deflater.on("data", (chunk: Buffer) => compressed.push(chunk));
    const done = new Promise((resolve) => deflater.on("end", resolve));
    const spaces = Buffer.alloc(1024 * 1024, 0x20);
    deflater.write(`<worksheet xmlns="${MAIN_NS}"><sheetData>`);
    for (let i = 0; i < 512; i++) deflater.write(spaces);
    deflater.end("</sheetData></worksheet>");
    await done;
    const bomb = zip([{ name: "xl/worksheets/sheet1.xml", data: Buffer.concat(compressed), declaredSize: 1000, crc: 0 }]);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);

    const heapBefore = process.memoryUsage().heapUsed;
    const result = await readCatalogWorkbook(bomb);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    expect(errorsOf(result)[0].message.en).toMatch(/^Unpacked, the file exceeds 100 MB: refused/);
  });

  it("a sheet of more than twice the largest row limit is refused while it is being unpacked", async () => {
    const rows = Array.from({ length: 100_002 }, (_, i) => [i]);
    const result = await readCatalogWorkbook(handmadeXlsx([{ name: "目录", rows }]));
    expect(errorsOf(result)).toEqual([{ sheet: "", row: 0, message: expect.objectContaining({ en: expect.stringMatching(/^A worksheet has more than 100001 rows/) }) }]);
  });

  it("a defined name over the whole sheet (which exceljs would expand cell by cell) is refused", async () => {
    const file = handmadeXlsx(
      [{ name: "目录", rows: [ENTRY_HEADERS, exampleRows.entry] }, { name: "信息项", rows: [FIELD_HEADERS, exampleRows.field] }],
      `<definedNames><definedName name="everything">目录!$A$1:$XFD$1048576</definedName></definedNames>`,
    );
    const result = await readCatalogWorkbook(file);
    expect(errorsOf(result)[0].message.en).toMatch(/^More than \d+ cells or other items/);
  });

  it("merges and data validations over the whole sheet are not expanded, and the rows still read", async () => {
    const huge = `<mergeCells count="1"><mergeCell ref="Z1:XFD1048576"/></mergeCells><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>`;
    const file = handmadeXlsx([
      { name: "目录", rows: [ENTRY_HEADERS, exampleRows.entry], after: huge },
      { name: "信息项", rows: [FIELD_HEADERS, exampleRows.field], after: huge },
    ]);
    const started = Date.now();
    const result = await readCatalogWorkbook(file);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.errors).toEqual([]);
    expect(result.entries.map((e) => e.code)).toEqual(["E-1"]);
  });
});
