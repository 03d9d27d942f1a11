/**
 * PostgreSQL's text forms of a row and of an array, written exactly as the
 * server's `record_out` and `array_out` print them (unchanged from PostgreSQL 9
 * to 18). The audit chain's canonical text is a row literal, so the database can
 * render it from the stored columns and parse it back into them, byte for byte.
 */

// record_out quotes an empty value and one holding a quote, a backslash, a
// parenthesis, a comma or ASCII white space (not \s: PostgreSQL leaves Unicode
// spaces bare), doubling quotes and backslashes inside. A missing value is NULL,
// as it would be once stored. (String replaceAll: twice as fast as a regex here.)
const RECORD_SPECIAL = /[",\\() \t\n\v\f\r]/;
const ARRAY_SPECIAL = /[{},"\\ \t\n\v\f\r]/;

function recordField(value: string | null | undefined): string {
  if (value == null) return "";
  if (value !== "" && !RECORD_SPECIAL.test(value)) return value;
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '""')}"`;
}

// array_out also quotes an element spelled NULL, and escapes with a backslash.
function arrayElement(value: string | null | undefined): string {
  if (value == null) return "NULL";
  if (value !== "" && !ARRAY_SPECIAL.test(value) && !(value.length === 4 && value.toUpperCase() === "NULL")) return value;
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** `(a,b,…)`; null is an empty field. */
export function rowLiteral(values: (string | null | undefined)[]): string {
  return `(${values.map(recordField).join(",")})`;
}

/** `{a,b,…}` for a one-dimensional text array. */
export function arrayLiteral(values: (string | null | undefined)[]): string {
  return `{${values.map(arrayElement).join(",")}}`;
}
