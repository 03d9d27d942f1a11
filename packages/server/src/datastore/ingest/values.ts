// Each value checked against its field and normalised to the text PostgreSQL reads for the column
// type, or rejected with a reason in both languages. The type decides the form (integer, number,
// yes/no, date, date-time); for text, the field's sensitivity kind adds format checks where a
// standard defines one: citizen ID (GB 11643) and credit code (GB 32100) check characters via core,
// and phone numbers.
import { citizenIdFailure, creditCodeFailure, parseCitizenId, parseCreditCode, type Bilingual, type CitizenIdFailure, type CreditCodeFailure, type DatasetField } from "@shuyuan/core";
import { excelDate, excelSerialDate, isIsoDate, isPlainDateTime, LOCAL_OFFSET, parseDate, parseDateTime } from "./dates";
import { decimalText, integerText, isShortDecimal, isShortInteger, numberCellText } from "./numbers";
import { isPlainMobile, normalisePhone } from "./phone";
import { cellText, isBlank, type Cell, type TableSource } from "./source";

export type Rejection = Bilingual;
/** A value ready for the column (null: empty), or why it cannot load. */
export type Normalised = string | null | Rejection;
export type Normaliser = (cell: Cell) => Normalised;

export const isRejection = (v: Normalised): v is Rejection => typeof v === "object" && v !== null;

const r = (zh: string, en: string): Rejection => ({ zh, en });
const REQUIRED = r("必填项为空", "required value is empty");
const UNSAFE_NUMBER = r("数字超过 15 位，已丢失精度：请以文本形式保存", "a number of more than 15 digits has lost precision: store it as text");
const NUL = r("含有无法保存的空字符（\\0）", "contains a NUL character, which cannot be stored");
const NOT_INTEGER = r("不是整数（或超出 64 位整数范围）", "not an integer (or outside the 64-bit range)");
const NOT_NUMBER = r("不是数字（或位数过多）", "not a number (or too many digits)");
const NOT_BOOLEAN = r("不是是/否值（是、否、true、false、1、0）", "not a yes/no value (是, 否, true, false, 1, 0)");
const NOT_DATE = r("不是有效日期（YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日）", "not a valid date (YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日)");
const DATE_WITH_TIME = r("日期型信息项的值带有时间", "a date field's value has a time of day");
const NOT_DATETIME = r("不是有效的日期时间（如 2024-03-05 08:30:00）", "not a valid date and time (e.g. 2024-03-05 08:30:00)");
const NOT_PHONE = r("不是有效的电话号码（11 位手机号或带区号的固定电话）", "not a valid phone number (an 11-digit mobile or a landline with its area code)");

const CITIZEN_ID: Record<CitizenIdFailure, Rejection> = {
  format: r("身份证号应为 18 位（最后一位可为 X）", "a citizen ID number has 18 characters (the last may be X)"),
  region: r("身份证号的地区码不存在", "the citizen ID number's region code does not exist"),
  birth_date: r("身份证号中的出生日期无效", "the birth date in the citizen ID number is invalid"),
  check_digit: r("身份证号校验位错误", "the citizen ID number's check character is wrong"),
};
const CREDIT_CODE: Record<CreditCodeFailure, Rejection> = {
  format: r("统一社会信用代码应为 18 位数字或大写字母", "a unified social credit code has 18 digits or capital letters"),
  charset: r("统一社会信用代码含有不允许的字母（I、O、Z、S、V）", "the unified social credit code holds a letter it may not (I, O, Z, S, V)"),
  check_digit: r("统一社会信用代码校验位错误", "the unified social credit code's check character is wrong"),
};

const BOOLEANS = new Map<string, string>([
  ...["是", "true", "t", "yes", "y", "1"].map((k): [string, string] => [k, "t"]),
  ...["否", "false", "f", "no", "n", "0"].map((k): [string, string] => [k, "f"]),
]);

/** Today on the China calendar (YYYY-MM-DD), which bounds birth dates: taken once per load. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Whether the field's values are free text, which may hold any character. Every other normaliser
 * emits a small alphabet (digits, signs, date and time separators, t/f, checked identifiers), so the
 * ingest escapes only free text for COPY.
 */
export const isFreeText = (field: DatasetField) => field.type === "string" && formatCheck(field, chinaToday()) === null;

export function normaliserFor(field: DatasetField, format: TableSource["format"], today = chinaToday()): Normaliser {
  const typed = byType(field, format, today);
  return (cell) => (isBlank(cell) ? (field.required ? REQUIRED : null) : typed(cell as Exclude<Cell, null>));
}

function byType(field: DatasetField, format: TableSource["format"], today: string): (cell: Exclude<Cell, null>) => Normalised {
  // Only Excel stores dates as day numbers; a number in a JSON date is ambiguous (epoch seconds? ms?).
  const serialDates = format === "xlsx";
  switch (field.type) {
    case "string":
      return textNormaliser(field, today);
    case "integer":
      return (c) => {
        if (typeof c === "number") return Number.isSafeInteger(c) ? String(c) : Number.isInteger(c) ? UNSAFE_NUMBER : NOT_INTEGER;
        return typeof c === "string" ? (integerText(c) ?? NOT_INTEGER) : NOT_INTEGER;
      };
    case "number":
      return (c) => {
        if (typeof c === "number") return numberCellText(c) ?? (Number.isFinite(c) ? UNSAFE_NUMBER : NOT_NUMBER);
        return typeof c === "string" ? (decimalText(c) ?? NOT_NUMBER) : NOT_NUMBER;
      };
    case "boolean":
      return (c) => {
        if (typeof c === "boolean") return c ? "t" : "f";
        if (c instanceof Date) return NOT_BOOLEAN;
        return BOOLEANS.get(String(c).trim().toLowerCase()) ?? NOT_BOOLEAN;
      };
    case "date":
      return (c) => {
        const d = c instanceof Date ? c : typeof c === "number" && serialDates ? excelSerialDate(c) : null;
        if (d) {
          const parts = excelDate(d);
          return !parts ? NOT_DATE : parts.time === "00:00:00" ? parts.date : DATE_WITH_TIME;
        }
        return typeof c === "string" ? (parseDate(c.trim()) ?? NOT_DATE) : NOT_DATE;
      };
    case "datetime":
      return (c) => {
        const d = c instanceof Date ? c : typeof c === "number" && serialDates ? excelSerialDate(c) : null;
        if (d) {
          const parts = excelDate(d);
          return parts ? `${parts.date} ${parts.time}${LOCAL_OFFSET}` : NOT_DATETIME;
        }
        return typeof c === "string" ? (parseDateTime(c.trim()) ?? NOT_DATETIME) : NOT_DATETIME;
      };
  }
}

/**
 * Text is kept as written (spaces included), so an export gives back what was loaded. Values with a
 * sensitivity format are trimmed and normalised by their check (an upper-case X, a mobile number
 * without +86 or spaces).
 */
function textNormaliser(field: DatasetField, today: string): (cell: Exclude<Cell, null>) => Normalised {
  const check = formatCheck(field, today);
  const max = field.length;
  return (c) => {
    if (typeof c === "number" && Number.isInteger(c) && !Number.isSafeInteger(c)) return UNSAFE_NUMBER;
    let text = cellText(c);
    if (text.includes("\0")) return NUL;
    if (check) {
      const checked = check(text);
      if (isRejection(checked)) return checked;
      text = checked!;
    }
    // Lengths count characters, as PostgreSQL's char_length does; code units overcount only above the BMP.
    if (max !== undefined && text.length > max && [...text].length > max) {
      return r(`超过最大长度 ${max} 个字符`, `longer than the maximum of ${max} characters`);
    }
    return text;
  };
}

function formatCheck(field: DatasetField, today: string): ((text: string) => Normalised) | null {
  switch (field.sensitivity) {
    case "citizen_id": {
      // Birth dates may not lie in the future (today, on the China calendar). Most values are written
      // normalised: checked as they are, without the parser's result objects.
      return (text) => {
        if (citizenIdFailure(text, today) === null) return text;
        const id = parseCitizenId(text, today);
        return id.ok ? id.value : CITIZEN_ID[id.reason];
      };
    }
    case "credit_code":
      return (text) => {
        if (creditCodeFailure(text) === null) return text;
        const code = parseCreditCode(text);
        return code.ok ? code.value : CREDIT_CODE[code.reason];
      };
    case "phone":
      return (text) => normalisePhone(text) ?? NOT_PHONE;
    default:
      return null;
  }
}

/**
 * Whether the cell `text[start, end)` (not empty) loads exactly as written: the field's normaliser
 * would return that very text (for a date-time, followed by LOCAL_OFFSET; see `asWrittenSuffix`).
 * Each check is the normaliser's own first test, on a part of a line rather than a cut-out string.
 * False does not mean invalid: the normaliser then decides, and explains a reject.
 */
export type AsWritten = (text: string, start: number, end: number) => boolean;

/** With `asBytes`, the text is UTF-8 read one character per byte (encoding.ts). */
export function asWrittenCheck(field: DatasetField, today = chinaToday(), asBytes = false): AsWritten {
  switch (field.type) {
    case "integer":
      return isShortInteger;
    case "number":
      return isShortDecimal;
    case "boolean":
      return (text, start, end) => end - start === 1 && (text.charCodeAt(start) === 0x74 || text.charCodeAt(start) === 0x66);
    case "date":
      return isIsoDate;
    case "datetime":
      return isPlainDateTime;
    case "string":
      switch (field.sensitivity) {
        case "citizen_id":
          return (text, start, end) => citizenIdFailure(text, today, start, end) === null;
        case "credit_code":
          return (text, start, end) => creditCodeFailure(text, start, end) === null;
        case "phone":
          // Landlines have several written forms: the normaliser tells whether this one is the normal one.
          return (text, start, end) => {
            if (isPlainMobile(text, start, end)) return true;
            const cell = text.slice(start, end);
            return normalisePhone(cell) === cell;
          };
        default: {
          // Free text loads as written once it is known not to be blank: a first character that is
          // visible ASCII or a CJK ideograph settles it (as bytes, the lead byte of U+4000–U+9FFF). The
          // line holds no NUL (checked per line). Bytes are never fewer than characters, so a length
          // within the limit in bytes is within it.
          const max = field.length ?? Infinity;
          const ideograph = asBytes ? (c: number) => c >= 0xe4 && c <= 0xe9 : (c: number) => c >= 0x3400 && c <= 0x9fff;
          return (text, start, end) => {
            if (end - start > max) return false;
            const first = text.charCodeAt(start);
            return (first > 0x20 && first < 0x7f) || ideograph(first);
          };
        }
      }
  }
}

/** What a field's loaded form adds after the text as written: a date-time's zone. */
export const asWrittenSuffix = (field: DatasetField) => (field.type === "datetime" ? LOCAL_OFFSET : "");
