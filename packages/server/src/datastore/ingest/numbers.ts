// Numbers as departments write them: ASCII or full-width digits, optional thousands separators
// (1,234,567), integers written with zero decimals (12.00). Output is what PostgreSQL reads exactly.

const INTEGER = /^[+-]?\d+(?:\.0*)?$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const NON_ASCII = /[^\x00-\x7f]/;
const BIGINT_MAX = 9_223_372_036_854_775_807n;
/**
 * PostgreSQL's numeric holds up to 131,072 digits before the point and 16,383 after; a value built
 * to overflow that (1e999999) would fail the whole COPY, so far smaller bounds are enforced here.
 */
const MAX_DIGITS = 1000;
const MAX_EXPONENT = 1000;

/** Full-width digits and signs to ASCII, thousands separators out; null when it is not a plain number. */
function plain(text: string): string | null {
  let t = text.trim();
  if (NON_ASCII.test(t)) t = t.normalize("NFKC");
  if (GROUPED.test(t)) t = t.replace(/,/g, "");
  return DECIMAL.test(t) ? t : null;
}

/** How many ASCII digits `text` has from `i` on, up to `end`: the scan every check by position uses. */
export function digitsFrom(text: string, i: number, end: number): number {
  let n = 0;
  for (; i + n < end; n++) {
    const c = text.charCodeAt(i + n);
    if (c < 0x30 || c > 0x39) break;
  }
  return n;
}

/**
 * A plain integer of up to 18 digits at `text[start, end)` (0, or an optional minus and no leading
 * zero), the usual case: in range, and loaded as written.
 */
export function isShortInteger(text: string, start = 0, end = text.length): boolean {
  const i = text.charCodeAt(start) === 0x2d ? start + 1 : start;
  const n = end - i;
  if (n < 1 || n > 18 || digitsFrom(text, i, end) !== n) return false;
  return text.charCodeAt(i) !== 0x30 || (n === 1 && i === start);
}

/** The value as a bigint literal, or null when it is not an integer in bigint's range. */
export function integerText(text: string): string | null {
  if (isShortInteger(text)) return text;
  const t = plain(text);
  if (t === null || !INTEGER.test(t)) return null;
  const digits = t.replace(/^[+-]/, "").replace(/\..*$/, "").replace(/^0+(?=\d)/, "");
  if (digits.length > 19 || (digits.length === 19 && BigInt(digits) > BIGINT_MAX + (t.startsWith("-") ? 1n : 0n))) return null;
  return (t.startsWith("-") && digits !== "0" ? "-" : "") + digits;
}

/** A plain decimal of up to 30 digits either side of the point at `text[start, end)`, the usual case: a literal as written. */
export function isShortDecimal(text: string, start = 0, end = text.length): boolean {
  const i = text.charCodeAt(start) === 0x2d ? start + 1 : start;
  const whole = digitsFrom(text, i, end);
  if (whole < 1 || whole > 30) return false;
  const point = i + whole;
  if (point === end) return true;
  if (text.charCodeAt(point) !== 0x2e) return false;
  const fraction = end - point - 1;
  return fraction >= 1 && fraction <= 30 && digitsFrom(text, point + 1, end) === fraction;
}

/** The value as a numeric literal, or null. */
export function decimalText(text: string): string | null {
  if (isShortDecimal(text)) return text;
  const t = plain(text);
  if (t === null) return null;
  if (t.length <= MAX_DIGITS && !/[eE]/.test(t)) return t;
  const [mantissa, exponent = "0"] = t.split(/[eE]/);
  if (mantissa.replace(/[^\d]/g, "").length > MAX_DIGITS || Math.abs(Number(exponent)) > MAX_EXPONENT) return null;
  return t;
}

/** A number cell (XLSX, JSON) as literal text; null for NaN, infinities and integers beyond 2^53, which lost digits already. */
export function numberCellText(n: number): string | null {
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) return null;
  return String(n);
}
