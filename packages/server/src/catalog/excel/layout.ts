// The catalog workbook's layout (docs/catalog-template.md): its sheets, their columns, and how a cell
// maps to a DatasetContent value and back. The reader, the writer, the template's 说明 sheet and the
// docs all follow these definitions, so they cannot drift apart. Rules about values live in core
// (checkDataset); the articles here only tell the person filling the sheet where a rule comes from.
import {
  CATALOG_KIND_LABELS,
  CATALOG_KINDS,
  FIELD_TYPE_LABELS,
  FIELD_TYPES,
  FORMATS,
  LEVEL_LABELS,
  LEVELS,
  OPEN_TYPE_LABELS,
  OPEN_TYPES,
  SENSITIVITY_KINDS,
  SENSITIVITY_LABELS,
  SHARE_TYPE_LABELS,
  SHARE_TYPES,
  THEME_LABELS,
  THEMES,
  UPDATE_FREQUENCIES,
  UPDATE_FREQUENCY_LABELS,
  type Bilingual,
} from "@shuyuan/core";
import type { CellValue } from "exceljs";

export interface CodeItem {
  code: string | number;
  zh: string;
  en: string;
}
export type CodeList = readonly CodeItem[];

const codeList = <T extends string | number>(codes: readonly T[], labels?: Readonly<Record<T, Bilingual>>): CodeList =>
  codes.map((code) => ({ code, ...(labels ? labels[code] : { zh: String(code), en: String(code) }) }));

export type ColumnKind =
  | { type: "text" }
  | { type: "integer" }
  | { type: "boolean" }
  /** One value of a closed list: the code, the Chinese or the English label. */
  | { type: "code"; list: CodeList }
  /** Several values in one cell, separated by , ， 、 ; ； or line breaks; from `list` when given. */
  | { type: "multi"; list?: CodeList };

export interface Column {
  /** Path into DatasetContent (目录) or DatasetField (信息项); `code` on 信息项 names the owning entry. */
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
  /**
   * `yes`: a value is always required, so the column must be present; `conditional`: required in the
   * cases the note states. checkDataset enforces both; this only informs the person filling the sheet.
   */
  required: "yes" | "conditional" | "no";
  /** What to write, or when a conditional value is required. */
  note?: Bilingual;
  article?: string;
  width: number;
}

/** The header as written: Chinese name, a space, the key (e.g. "共享类型 shareType"). */
export const headerOf = (c: Column) => `${c.zh} ${c.key}`;

const text = { type: "text" } as const;
const col = (key: string, zh: string, en: string, kind: ColumnKind, width: number, extra: Partial<Column> = {}): Column => ({
  key,
  zh,
  en,
  kind,
  width,
  required: "no",
  ...extra,
});
const required = { required: "yes" } as const;
const conditional = (zh: string, en: string) => ({ required: "conditional", note: { zh, en } }) as const;
const note = (zh: string, en: string) => ({ note: { zh, en } });

export const ENTRY_COLUMNS: readonly Column[] = [
  col("code", "目录编码", "Catalog code", text, 20, required),
  col("title", "目录名称", "Title", text, 28, required),
  col("summary", "摘要", "Summary", text, 40, required),
  col("catalogKind", "目录类型", "Catalog kind", { type: "code", list: codeList(CATALOG_KINDS, CATALOG_KIND_LABELS) }, 12, { ...required, article: "002 §6–8, 004 §20" }),
  col("theme", "所属领域", "Theme", { type: "code", list: codeList(THEMES, THEME_LABELS) }, 14, {
    ...conditional("基础目录须选基础信息资源库（人口、法人、地理空间、自然资源、电子证照、视频图像），主题目录须选主题领域", "A base entry names its base resource, a theme entry its theme"),
    article: "002 §7–8, 004 §20",
  }),
  col("formats", "数据格式", "Formats", { type: "multi", list: codeList(FORMATS) }, 14, { ...required, article: "004 §13, 002 §9" }),
  col("updateFrequency", "更新频率", "Update frequency", { type: "code", list: codeList(UPDATE_FREQUENCIES, UPDATE_FREQUENCY_LABELS) }, 12, { ...required, article: "004 §13, 002 §9" }),
  col("collectionChannel", "采集渠道", "Collection channel", text, 20, { article: "002 §9" }),
  col("shareType", "共享类型", "Share type", { type: "code", list: codeList(SHARE_TYPES, SHARE_TYPE_LABELS) }, 14, { ...required, article: "002 §18, 004 §21" }),
  col("shareConditions.scope", "共享范围", "Share scope", text, 24, {
    ...conditional("有条件共享时必填（范围和用途都未填的，按无条件共享处理）", "Required for conditional sharing (with neither scope nor purpose it counts as unconditional)"),
    article: "004 §21",
  }),
  col("shareConditions.purpose", "共享用途", "Share purpose", text, 24, { ...conditional("有条件共享时必填", "Required for conditional sharing"), article: "004 §21" }),
  col("shareBasis", "不予共享依据", "Legal basis for not sharing", text, 24, { ...conditional("不予共享时必填：法律、行政法规或政策依据", "Required when not shared: the law, regulation or policy"), article: "002 §18, 004 §21" }),
  col("openType", "开放类型", "Open type", { type: "code", list: codeList(OPEN_TYPES, OPEN_TYPE_LABELS) }, 14, { ...required, article: "001 §6–7, 004 §33" }),
  col("openConditions", "开放条件", "Open conditions", text, 24, { ...conditional("有条件开放时必填", "Required when open on conditions"), article: "004 §33" }),
  col("openReason", "不予开放理由", "Reason for not opening", text, 24, { ...conditional("不予开放时必填", "Required when not open"), article: "004 §33" }),
  col("level", "分级", "Level", { type: "code", list: codeList(LEVELS, LEVEL_LABELS) }, 8, {
    ...required,
    ...note("不得低于信息项的最高分级；四级不得无条件共享或开放", "Not below the highest field level; level 4 is never shared or opened unconditionally"),
    article: "003 §23",
  }),
  col("tags", "标签", "Tags", { type: "multi" }, 20),
  col("contact.name", "联系人", "Contact name", text, 12, required),
  col("contact.phone", "联系电话", "Contact phone", text, 16),
  col("contact.email", "联系邮箱", "Contact e-mail", text, 24),
];

/**
 * Written by exports so a downloaded catalog reads on its own; import ignores them because the
 * provider, status and version of an entry are set by the platform, not by the file.
 */
export const EXPORT_ONLY_COLUMNS: readonly Column[] = [
  col("providerName", "提供单位", "Provider", text, 20),
  col("status", "状态", "Status", text, 12),
  col("version", "版本", "Version", { type: "integer" }, 8),
];

export const FIELD_COLUMNS: readonly Column[] = [
  col("code", "目录编码", "Catalog code", text, 20, { ...required, ...note("所属目录的目录编码", "The code of the entry the field belongs to") }),
  col("name", "字段名", "Field name", text, 18, { ...required, ...note("字母、数字、下划线，不以数字开头（存为小写）", "Letters, digits and _, not starting with a digit (stored in lower case)") }),
  col("title", "信息项名称", "Field title", text, 20, { ...required, article: "004 §13" }),
  col("type", "数据类型", "Data type", { type: "code", list: codeList(FIELD_TYPES, FIELD_TYPE_LABELS) }, 12, required),
  col("length", "长度", "Length", { type: "integer" }, 8, note("仅字符型可填", "Text fields only")),
  col("description", "描述", "Description", text, 30),
  col("level", "分级", "Level", { type: "code", list: codeList(LEVELS, LEVEL_LABELS) }, 8, { ...required, article: "003 §23" }),
  col("sensitivity", "敏感类型", "Sensitivity", { type: "code", list: codeList(SENSITIVITY_KINDS, SENSITIVITY_LABELS) }, 14, {
    ...note("空白为非敏感；含个人信息的条目无条件开放须脱敏或经权利人同意", "Blank = not sensitive; personal data opened unconditionally must be desensitised or consented to"),
    article: "001 §7",
  }),
  col("required", "必填", "Required", { type: "boolean" }, 8),
  col("key", "主键", "Key", { type: "boolean" }, 8),
];

/**
 * The workbook's sheets, in order: their columns and the most data rows one import takes. Export-only
 * columns are written by exports and recognised, but never read, by the importer.
 */
export const CATALOG_SHEETS = {
  entries: { name: "目录", columns: ENTRY_COLUMNS, exportOnlyColumns: EXPORT_ONLY_COLUMNS, maxRows: 5_000 },
  fields: { name: "信息项", columns: FIELD_COLUMNS, exportOnlyColumns: [] as readonly Column[], maxRows: 50_000 },
  instructions: { name: "说明" },
} as const;
export type TableSheet = (typeof CATALOG_SHEETS)["entries" | "fields"];

// ---- cells → values -------------------------------------------------------------------------------

export type Parsed = { value: unknown } | { error: Bilingual };

const FORMULA_INJECTION = /^'*[=+\-@]/;
const NEUTRALISED = /^'+[=+\-@]/;

/**
 * Text that Excel would run as a formula if someone re-entered the cell (= + - @) gets a leading
 * apostrophe. Text already starting with apostrophes before such a character gets one more, so that
 * `restore` (drop exactly one) is the exact inverse for every string.
 */
const neutralise = (s: string) => (FORMULA_INJECTION.test(s) ? `'${s}` : s);
const restore = (s: string) => (NEUTRALISED.test(s) ? s.slice(1) : s);

/**
 * What a cell says, as text: rich text joined, a hyperlink by its text, a formula by the result Excel
 * cached when it last saved the file (formulas are accepted, never evaluated here; one with no cached
 * result is an error), and our own formula neutralisation undone.
 */
export function cellText(value: CellValue): { text: string } | { error: Bilingual } {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "string") return { text: restore(value.trim()) };
  if (typeof value === "number" || typeof value === "boolean") return { text: String(value) };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ("richText" in value) return cellText(value.richText.map((r) => r.text).join(""));
  if ("hyperlink" in value) return cellText(value.text);
  if ("error" in value) return { error: { zh: `单元格是错误值 ${value.error}`, en: `The cell holds the error ${value.error}` } };
  if ("formula" in value || "sharedFormula" in value) {
    if (value.result === undefined) {
      return { error: { zh: "公式没有计算结果：请在 Excel 中打开并保存，或粘贴为数值", en: "The formula has no computed result: open and save the file in Excel, or paste values" } };
    }
    return cellText(value.result as CellValue);
  }
  return { error: { zh: "无法识别的单元格内容", en: "Unrecognised cell content" } };
}

const MULTI_SEPARATOR = /[,，、;；\r\n]+/;
const TRUE_WORDS = new Set(["是", "yes", "y", "true", "1", "√"]);
const FALSE_WORDS = new Set(["否", "no", "n", "false", "0", "×"]);

/** The value a cell's text gives a column; empty text gives `undefined` (absent). */
export function parseCell(column: Column, text: string): Parsed {
  if (!text) return { value: undefined };
  const { kind } = column;
  switch (kind.type) {
    case "text":
      return { value: text };
    case "integer":
      return /^[+-]?\d+(\.0+)?$/.test(text)
        ? { value: Number(text) }
        : { error: { zh: `"${text}"不是整数`, en: `"${text}" is not a whole number` } };
    case "boolean": {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { error: { zh: `"${text}"应为"是"或"否"`, en: `"${text}" should be yes or no` } };
    }
    case "code":
      return lookup(kind.list, [text]);
    case "multi": {
      const items = text.split(MULTI_SEPARATOR).map((s) => s.trim()).filter(Boolean);
      return kind.list ? lookup(kind.list, items, true) : { value: items };
    }
  }
}

function lookup(list: CodeList, items: string[], many = false): Parsed {
  const found: (string | number)[] = [];
  const unknown: string[] = [];
  for (const item of items) {
    const needle = item.toLowerCase();
    const hit = list.find((c) => String(c.code).toLowerCase() === needle || c.zh === item || c.en.toLowerCase() === needle);
    if (hit) found.push(hit.code);
    else unknown.push(item);
  }
  if (unknown.length) {
    return {
      error: {
        zh: `"${unknown.join("、")}"不在可选值中，应为：${list.map((c) => (c.zh === String(c.code) ? c.zh : `${c.zh}（${c.code}）`)).join("、")}`,
        en: `"${unknown.join(", ")}" is not allowed; use one of: ${list.map((c) => (c.en === String(c.code) ? c.en : `${c.en} (${c.code})`)).join(", ")}`,
      },
    };
  }
  return { value: many ? found : found[0] };
}

// ---- values → cells -------------------------------------------------------------------------------

/** The cell a value is written as: code lists by their Chinese label (what the drop-downs offer). */
export function formatCell(column: Column, value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  const { kind } = column;
  switch (kind.type) {
    case "text":
      return neutralise(String(value));
    case "integer":
      return Number(value);
    case "boolean":
      return value ? "是" : "否";
    case "code":
      return kind.list.find((c) => c.code === value)?.zh ?? neutralise(String(value));
    case "multi":
      return (value as unknown[]).length ? neutralise((value as unknown[]).join("、")) : undefined;
  }
}

// ---- nested keys ----------------------------------------------------------------------------------

export function getPath(object: object, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), object);
}

export function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop()!;
  let o = object;
  for (const k of keys) o = (o[k] ??= {}) as Record<string, unknown>;
  o[last] = value;
}
