// Writes the catalog workbook: exports of existing entries, and the empty template departments fill in.
// Both share one layout with the reader, so an exported file imports back to the same content.
import type { DatasetContent, DatasetInput } from "@shuyuan/core";
import ExcelJS from "exceljs";
import { CATALOG_SHEETS, ENTRY_COLUMNS, EXPORT_ONLY_COLUMNS, FIELD_COLUMNS, formatCell, getPath, headerOf, type Column } from "./layout";
import { MAX_FILE_BYTES } from "./zip-guard";

export interface ExportEntry {
  content: DatasetContent;
  providerName?: string;
  status?: string;
  version?: number | null;
}

export async function writeCatalogWorkbook(entries: readonly ExportEntry[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const records = entries.map(({ content, providerName, status, version }) => ({ ...content, providerName, status, version }));
  addTable(workbook, CATALOG_SHEETS.entries, [...ENTRY_COLUMNS, ...EXPORT_ONLY_COLUMNS], records);
  addTable(workbook, CATALOG_SHEETS.fields, FIELD_COLUMNS, fieldRecords(entries.map((e) => e.content)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The empty template: headers, drop-downs, one example entry with two fields, and the 说明 sheet. */
export async function catalogTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addTable(workbook, CATALOG_SHEETS.entries, ENTRY_COLUMNS, [EXAMPLE_ENTRY]);
  addTable(workbook, CATALOG_SHEETS.fields, FIELD_COLUMNS, fieldRecords([EXAMPLE_ENTRY]));
  addInstructions(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The template's example row: a valid entry, so a department can see a filled-in row that imports. */
export const EXAMPLE_ENTRY: DatasetInput = {
  code: "230000-SCJ-0001",
  title: "市场主体登记信息",
  summary: "本省登记的企业、个体工商户和农民专业合作社的登记信息。",
  catalogKind: "base",
  theme: "legal_person",
  fields: [
    { name: "credit_code", title: "统一社会信用代码", type: "string", length: 18, level: 1, sensitivity: "credit_code", required: true, key: true },
    { name: "legal_rep_name", title: "法定代表人", type: "string", length: 50, description: "法定代表人或负责人姓名", level: 2, sensitivity: "name", required: false, key: false },
  ],
  formats: ["csv", "api"],
  updateFrequency: "daily",
  collectionChannel: "市场主体登记注册系统",
  shareType: "conditional",
  shareConditions: { scope: "省内政务部门履职使用", purpose: "市场监管、信用评价" },
  openType: "conditional",
  openConditions: "经申请审核，签署数据使用协议后开放",
  level: 2,
  tags: ["市场主体", "登记"],
  contact: { name: "张三", phone: "0451-12345678", email: "data@example.gov.cn" },
};

const fieldRecords = (contents: readonly Pick<DatasetInput, "code" | "fields">[]) => contents.flatMap((c) => c.fields.map((f) => ({ ...f, code: c.code })));

// The Excel typings omit the worksheet's range-based data validations, which exceljs does write;
// one validation per column range keeps the file small where per-cell validations would not.
type WithRangeValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

/** A sheet with a header row and one row per record; drop-downs reach as far down as an import may. */
function addTable(workbook: ExcelJS.Workbook, spec: { name: string; maxRows: number }, columns: readonly Column[], records: readonly object[]) {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: headerOf(c),
    key: c.key,
    width: c.width,
    // Text columns formatted as text, so Excel keeps "0012" and "2024-01" as typed.
    style: c.kind.type === "text" || c.kind.type === "multi" ? { numFmt: "@" } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
  columns.forEach((c, i) => {
    if (c.required === "yes") header.getCell(i + 1).font = { bold: true, color: { argb: "FFC00000" } };
  });
  for (const record of records) sheet.addRow(columns.map((c) => formatCell(c, getPath(record, c.key))));

  columns.forEach((c, i) => {
    const choices = c.kind.type === "code" ? c.kind.list.map((item) => item.zh) : c.kind.type === "boolean" ? ["是", "否"] : undefined;
    if (!choices) return;
    const letter = sheet.getColumn(i + 1).letter;
    (sheet as unknown as WithRangeValidations).dataValidations.add(`${letter}2:${letter}${spec.maxRows + 1}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${choices.join(",")}"`],
      showErrorMessage: true,
      // A warning, not a stop: the importer also accepts codes and English labels typed by hand.
      errorStyle: "warning",
      errorTitle: headerOf(c),
      error: "不在下拉列表中。也可填写代码或英文名称，见“说明”表。",
    });
  });
}

function addInstructions(workbook: ExcelJS.Workbook) {
  const sheet = workbook.addWorksheet(CATALOG_SHEETS.instructions.name);
  const { entries, fields } = CATALOG_SHEETS;
  sheet.columns = [{ width: 10 }, { width: 30 }, { width: 22 }, { width: 60 }, { width: 18 }, { width: 50 }];
  const notes = [
    "目录导入模板说明 Catalog import template",
    "“目录”表每行一个目录条目；“信息项”表每行一个信息项，按“目录编码”归属到目录。One entry per row on 目录; one field per row on 信息项, tied to its entry by the catalog code.",
    "代码表列可填代码、中文名称或英文名称，下拉列表提供中文名称。Code-list columns take the code, the Chinese or the English label; the drop-downs offer the Chinese labels.",
    "数据格式、标签可填多个，用逗号、顿号、分号或换行分隔（标签本身不能含这些符号）。Formats and tags take several values separated by commas, 、, semicolons or line breaks (so a tag cannot contain them).",
    "公式单元格按 Excel 保存时的计算结果读取，没有计算结果的报错。Formula cells are read as the result Excel saved with the file; one without a saved result is an error.",
    "合并单元格只有左上角的格子有值，其余格子按空白读取。In merged cells only the top-left cell holds the value; the others read as blank.",
    "以 = + - @ 开头的文字导出时前加一个单引号（'），导入时去掉。Text starting with = + - @ is exported with one leading apostrophe, which import removes.",
    `每个文件最多 ${entries.maxRows} 个目录、${fields.maxRows} 个信息项，不超过 ${MAX_FILE_BYTES / 1024 / 1024} MB。At most ${entries.maxRows} entries and ${fields.maxRows} fields per file, ${MAX_FILE_BYTES / 1024 / 1024} MB at most.`,
    "文件中有任何错误则整个文件不导入；错误报告写明工作表、行号和列。A file with any error imports nothing; each error names its sheet, row and column.",
    "第 2 行是示例，导入前请替换或删除。Row 2 is an example: replace or delete it before importing.",
  ];
  for (const note of notes) sheet.mergeCells(sheet.addRow([note]).number, 1, sheet.rowCount, 6);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const tableHeader = sheet.addRow(["工作表 Sheet", "列名 Header", "必填 Required", "可填写的值 Allowed values", "依据 Article", "说明 Notes"]);
  tableHeader.font = { bold: true };
  const describe = (sheetName: string, c: Column, extraNote?: string) =>
    sheet.addRow([
      sheetName,
      headerOf(c),
      { yes: "是 yes", conditional: "视情况 conditional", no: "否 no" }[c.required],
      allowedValues(c),
      c.article ?? "",
      [c.note && `${c.note.zh}\n${c.note.en}`, extraNote].filter(Boolean).join("\n"),
    ]);
  for (const c of entries.columns) describe(entries.name, c);
  for (const c of entries.exportOnlyColumns) describe(entries.name, c, "仅导出时提供，导入时忽略。Written by exports, ignored on import.");
  for (const c of fields.columns) describe(fields.name, c);
  sheet.eachRow((row) => (row.alignment = { wrapText: true, vertical: "top" }));
}

function allowedValues(c: Column): string {
  switch (c.kind.type) {
    case "code":
      return c.kind.list.map((item) => `${item.code} ${item.zh} / ${item.en}`).join("\n");
    case "multi":
      return c.kind.list ? c.kind.list.map((item) => item.code).join(", ") : "文字 text";
    case "boolean":
      return "是/否, yes/no, true/false, 1/0";
    case "integer":
      return "整数 whole number";
    case "text":
      return "文字 text";
  }
}
