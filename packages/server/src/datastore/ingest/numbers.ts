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

/** Plain integers of up to 18 digits, the usual case, are in range as written. */
const SHORT_INTEGER = /^(?:0|-?[1-9]\d{0,17})$/;

/** The value as a bigint literal, or null when it is not an integer in bigint's range. */
export function integerText(text: string): string | null {
  if (SHORT_INTEGER.test(text)) return text;
  const t = plain(text);
  if (t === null || !INTEGER.test(t)) return null;
  const digits = t.replace(/^[+-]/, "").replace(/\..*$/, "").replace(/^0+(?=\d)/, "");
  if (digits.length > 19 || (digits.length === 19 && BigInt(digits) > BIGINT_MAX + (t.startsWith("-") ? 1n : 0n))) return null;
  return (t.startsWith("-") && digits !== "0" ? "-" : "") + digits;
}

/** Plain decimals of up to 30 digits either side of the point, the usual case, are literals as written. */
const SHORT_DECIMAL = /^-?\d{1,30}(?:\.\d{1,30})?$/;

/** The value as a numeric literal, or null. */
export function decimalText(text: string): string | null {
  if (SHORT_DECIMAL.test(text)) return text;
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
