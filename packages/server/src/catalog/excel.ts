// Catalog entries in and out of Excel (issue 5), in the layout documented in docs/catalog-template.md.
// Reading never throws on bad input: every problem comes back as a RowError naming the sheet, the row
// and the column, with checkDataset's bilingual, article-citing message where a rule is the cause.
// Callers import a file only when `errors` is empty, so nothing is ever half-imported.
import { checkDataset, type Bilingual, type DatasetContent } from "@shuyuan/core";
import ExcelJS from "exceljs";
import { CATALOG_SHEETS, cellText, headerOf, parseCell, setPath, type Column, type TableSheet } from "./excel/layout";
import { inspectXlsxContainer } from "./excel/zip-guard";

export { catalogTemplate, writeCatalogWorkbook, type ExportEntry } from "./excel/write";
export { CATALOG_SHEETS, ENTRY_COLUMNS, EXPORT_ONLY_COLUMNS, FIELD_COLUMNS, headerOf, type Column } from "./excel/layout";
export { MAX_FILE_BYTES } from "./excel/zip-guard";

/**
 * One problem in the file. `row` is the row number Excel shows (0 = the file or a whole sheet);
 * `column` is the column letter in the uploaded file; `field` is the path into the entry's content
 * (e.g. `fields.2.level`).
 */
export interface RowError {
  sheet: string;
  row: number;
  column?: string;
  field?: string;
  message: Bilingual;
}

export interface ReadEntry {
  /** The entry's row on the 目录 sheet. */
  sheetRow: number;
  code: string;
  /** Normalised by checkDataset, ready to store. */
  content: DatasetContent;
  warnings: RowError[];
}

/** `entries` holds only the entries without errors; import nothing unless `errors` is empty. */
export interface ReadResult {
  entries: ReadEntry[];
  errors: RowError[];
}

export interface ReadOptions {
  /** Most entry rows on 目录 (default 5,000). */
  maxRows?: number;
  /** Most field rows on 信息项 (default 50,000). */
  maxFieldRows?: number;
}

/**
 * Everything in a worksheet but its cells (sheetData). Skipping these is not only faster: exceljs
 * expands merges, data validations and the like cell by cell over their ranges, so one validation on
 * A1:XFD1048576 would never finish loading. Merged cells therefore read as they are stored: only the
 * top-left cell holds the value.
 */
const WORKSHEET_PARTS_NOT_READ = [
  "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "autoFilter", "mergeCells", "rowBreaks", "hyperlinks", "pageMargins",
  "dataValidations", "pageSetup", "headerFooter", "printOptions", "picture", "drawing", "sheetProtection", "tableParts", "conditionalFormatting", "extLst",
];

export async function readCatalogWorkbook(data: Buffer | Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const layout = CATALOG_SHEETS;
  const limits = { entries: opts.maxRows ?? layout.entries.maxRows, fields: opts.maxFieldRows ?? layout.fields.maxRows };
  const fileError = (message: Bilingual): ReadResult => ({ entries: [], errors: [{ sheet: "", row: 0, message }] });

  // The container guard only bounds memory, at twice what a file at the limits needs (room for the
  // 说明 sheet, formatted blank rows and stray cells); readSheet applies the exact limits per sheet.
  const verdict = await inspectXlsxContainer(data, {
    rowsPerSheet: 2 * Math.max(limits.entries, limits.fields) + 1,
    cells: 2 * ((limits.entries + 1) * (layout.entries.columns.length + layout.entries.exportOnlyColumns.length) + (limits.fields + 1) * layout.fields.columns.length) + 10_000,
  });
  if (!verdict.ok) return fileError(verdict.message);

  const workbook = new ExcelJS.Workbook();
  const notAWorkbook = fileError({ zh: "文件不是有效的 Excel 工作簿", en: "The file is not a valid Excel workbook" });
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ExcelJS.Buffer, { ignoreNodes: WORKSHEET_PARTS_NOT_READ });
  } catch {
    return notAWorkbook;
  }
  // A zip without a workbook part (a .docx, an archive of CSVs) loads as a workbook without sheets.
  if (!workbook.worksheets.length) return notAWorkbook;

  const entrySheet = readSheet(workbook, layout.entries, limits.entries);
  const fieldSheet = readSheet(workbook, layout.fields, limits.fields);
  // A missing sheet, bad headers or too many rows make every row suspect: report only those first.
  const layoutErrors = [...entrySheet.errors, ...fieldSheet.errors];
  if (layoutErrors.length) return { entries: [], errors: layoutErrors };
  if (!entrySheet.rows.length) {
    return { entries: [], errors: [{ sheet: entrySheet.name, row: 0, message: { zh: "“目录”表没有条目：从第 2 行起每行填写一个目录", en: "The 目录 sheet has no entries: one entry per row from row 2" } }] };
  }
  return assemble(entrySheet, fieldSheet);
}

// ---- sheets → rows --------------------------------------------------------------------------------

interface Issue {
  key: string;
  message: Bilingual;
}

interface SheetRow {
  number: number;
  values: Map<string, unknown>;
  issues: Issue[];
}

interface Sheet {
  name: string;
  /** Column letter of each key present in the header row. */
  letters: Map<string, string>;
  rows: SheetRow[];
  errors: RowError[];
}

const normaliseHeader = (s: string) => s.replace(/[\s*＊]/g, "").toLowerCase();
const letterOf = (cell: ExcelJS.Cell) => cell.address.replace(/\d+$/, "");

/** Reads a sheet's header and at most `limit` data rows; export-only columns are recognised but never read. */
function readSheet(workbook: ExcelJS.Workbook, { name, columns, exportOnlyColumns: ignored }: TableSheet, limit: number): Sheet {
  const sheet: Sheet = { name, letters: new Map(), rows: [], errors: [] };
  const fail = (row: number, message: Bilingual, column?: string) => sheet.errors.push({ sheet: name, row, column, message });
  const worksheet = workbook.getWorksheet(name);
  if (!worksheet) {
    fail(0, { zh: `缺少工作表“${name}”（请使用目录导入模板）`, en: `The workbook has no sheet named “${name}” (use the catalog template)` });
    return sheet;
  }

  // Headers may be the full bilingual header, its Chinese part or its key, with spaces or * marks.
  const byHeader = new Map<string, Column>();
  for (const c of [...columns, ...ignored]) for (const h of [headerOf(c), c.zh, c.key]) byHeader.set(normaliseHeader(h), c);
  const columnAt = new Map<number, Column | "ignored">();
  worksheet.getRow(1).eachCell((cell, colNumber) => {
    const header = cellText(cell.value);
    if ("error" in header || !header.text) return;
    const column = byHeader.get(normaliseHeader(header.text));
    if (!column) return fail(1, { zh: `无法识别的列“${header.text}”`, en: `Unknown column “${header.text}”` }, letterOf(cell));
    if (sheet.letters.has(column.key)) return fail(1, { zh: `列“${header.text}”重复`, en: `Column “${header.text}” appears twice` }, letterOf(cell));
    sheet.letters.set(column.key, letterOf(cell));
    columnAt.set(colNumber, ignored.includes(column) ? "ignored" : column);
  });
  for (const c of columns) {
    if (c.required === "yes" && !sheet.letters.has(c.key)) fail(1, { zh: `缺少必需的列“${headerOf(c)}”`, en: `Missing required column “${headerOf(c)}”` });
  }
  if (sheet.errors.length) return sheet;

  const headerless = new Set<number>();
  for (let r = 2; r <= worksheet.rowCount; r++) {
    const row = worksheet.findRow(r);
    if (!row?.hasValues) continue;
    const parsed: SheetRow = { number: r, values: new Map(), issues: [] };
    let blank = true;
    row.eachCell((cell, colNumber) => {
      const column = columnAt.get(colNumber);
      if (column === "ignored") return;
      const content = cellText(cell.value);
      if ("text" in content && !content.text) return;
      blank = false;
      if (!column) {
        if (!headerless.has(colNumber)) fail(r, { zh: "此列有内容但没有列名", en: "This column has values but no header" }, letterOf(cell));
        headerless.add(colNumber);
        return;
      }
      const value = "error" in content ? content : parseCell(column, content.text);
      if ("error" in value) parsed.issues.push({ key: column.key, message: value.error });
      else parsed.values.set(column.key, value.value);
    });
    if (blank) continue;
    if (sheet.rows.length === limit) {
      // Stop here: the rest of the sheet is never parsed into entries.
      fail(r, { zh: `“${name}”表最多 ${limit} 行，请分批导入`, en: `The ${name} sheet takes at most ${limit} rows: import in parts` });
      return sheet;
    }
    sheet.rows.push(parsed);
  }
  return sheet;
}

// ---- rows → entries -------------------------------------------------------------------------------

function assemble(entrySheet: Sheet, fieldSheet: Sheet): ReadResult {
  const entries: ReadEntry[] = [];
  const errors: RowError[] = [];
  const codeOf = (row: SheetRow) => String(row.values.get("code") ?? "");
  // Codes are compared without case, as the catalog's store compares them.
  const keyOf = (row: SheetRow) => codeOf(row).toLowerCase();

  const fieldRowsByCode = new Map<string, SheetRow[]>();
  for (const row of fieldSheet.rows) {
    const list = fieldRowsByCode.get(keyOf(row));
    if (list) list.push(row);
    else fieldRowsByCode.set(keyOf(row), [row]);
  }

  const firstRowOfCode = new Map<string, number>();
  for (const row of entrySheet.rows) {
    const code = codeOf(row);
    const first = firstRowOfCode.get(keyOf(row));
    if (code && first !== undefined) {
      errors.push(at(entrySheet, row, "code", { zh: `目录编码“${code}”与第 ${first} 行重复`, en: `Catalog code “${code}” repeats row ${first}` }));
      continue;
    }
    firstRowOfCode.set(keyOf(row), row.number);
    const fieldRows = code ? (fieldRowsByCode.get(keyOf(row)) ?? []) : [];
    const outcome = checkEntry(entrySheet, fieldSheet, row, fieldRows);
    errors.push(...outcome.errors);
    if (!outcome.errors.length && outcome.content) entries.push({ sheetRow: row.number, code, content: outcome.content, warnings: outcome.warnings });
  }

  // Field rows that belong to no entry: their own cell problems, and why they belong nowhere.
  for (const [key, rows] of fieldRowsByCode) {
    if (key && firstRowOfCode.has(key)) continue;
    for (const row of rows) {
      errors.push(...row.issues.map((issue) => at(fieldSheet, row, issue.key, issue.message)));
      if (row.issues.some((issue) => issue.key === "code")) continue;
      const code = codeOf(row);
      const message = code
        ? { zh: `“目录”表中没有目录编码“${code}”`, en: `No entry with catalog code “${code}” on the 目录 sheet` }
        : { zh: "须填写所属目录的目录编码", en: "Give the code of the entry this field belongs to" };
      errors.push(at(fieldSheet, row, "code", message));
    }
  }

  errors.sort(readingOrder);
  return { entries, errors };
}

/** Sheet by sheet, row by row, column by column (A < Z < AA): the order a person fixes a file in. */
function readingOrder(a: RowError, b: RowError): number {
  const sheets: string[] = [CATALOG_SHEETS.entries.name, CATALOG_SHEETS.fields.name];
  const column = (e: RowError) => (e.column ?? "").padStart(3, " ");
  return sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet) || a.row - b.row || (column(a) < column(b) ? -1 : column(a) > column(b) ? 1 : 0);
}

/** Builds one entry from its row and its field rows, runs checkDataset, and places every finding on a cell. */
function checkEntry(entrySheet: Sheet, fieldSheet: Sheet, row: SheetRow, fieldRows: SheetRow[]) {
  const input: Record<string, unknown> = {};
  for (const [key, value] of row.values) if (value !== undefined) setPath(input, key, value);
  input.fields = fieldRows.map((fieldRow) => {
    const field: Record<string, unknown> = {};
    for (const [key, value] of fieldRow.values) if (key !== "code" && value !== undefined) field[key] = value;
    return field;
  });

  const errors = row.issues.map((issue) => at(entrySheet, row, issue.key, issue.message));
  fieldRows.forEach((fieldRow, i) => errors.push(...fieldRow.issues.map((issue) => at(fieldSheet, fieldRow, issue.key, issue.message, `fields.${i}.${issue.key}`))));
  // A cell that could not be read already has a more precise message than the schema's about the same path.
  const reported = errors.map((e) => e.field!);
  if (!fieldRows.length) {
    reported.push("fields");
    if (row.values.get("code")) {
      errors.push(at(entrySheet, row, "code", { zh: "没有信息项：在“信息项”表中按目录编码填写至少一项", en: "No fields: list at least one on the 信息项 sheet under this catalog code" }, "fields"));
    }
  }
  const covered = (path: string) => reported.some((p) => path === p || path.startsWith(`${p}.`));

  const place = (path: string, message: Bilingual): RowError => {
    const field = /^fields\.(\d+)\.(.+)$/.exec(path);
    const fieldRow = field ? fieldRows[Number(field[1])] : undefined;
    return fieldRow && field ? at(fieldSheet, fieldRow, field[2], message, path) : at(entrySheet, row, path, message, path);
  };
  const check = checkDataset(input);
  const warnings = check.warnings.map((w) => place(w.path, w.message));
  if (!check.ok) errors.push(...check.errors.filter((e) => !covered(e.path)).map((e) => place(e.path, e.message)));
  return { errors, warnings, content: check.ok ? check.content : undefined };
}

/** A RowError on `row`, in the column holding `key` (or the nearest column for a path like `formats.1` or `contact`). */
function at(sheet: Sheet, row: SheetRow, key: string, message: Bilingual, field = key): RowError {
  const keys = [...sheet.letters.keys()];
  const match = keys.find((k) => key === k || key.startsWith(`${k}.`)) ?? keys.find((k) => k.startsWith(`${key}.`));
  return { sheet: sheet.name, row: row.number, column: match && sheet.letters.get(match), field, message };
}
