import { Buffer } from "node:buffer";

/**
 * PostgreSQL's text forms of a row and of an array, written exactly as the
 * server's `record_out` and `array_out` print them (unchanged from PostgreSQL 9
 * to 18). The audit chain's canonical text is a row literal, so the database can
 * render it from the stored columns and parse it back into them, byte for byte.
 */

// record_out quotes an empty value and one holding a quote, a backslash, a
// parenthesis, a comma or ASCII white space (not \s: PostgreSQL leaves Unicode
// spaces bare), doubling quotes and backslashes inside. A missing value is NULL,
// as it would be once stored.
const RECORD_SPECIAL = /[",\\() \t\n\v\f\r]/;
const ARRAY_SPECIAL = /[{},"\\ \t\n\v\f\r]/;

/** One field of a row literal; null is an empty field. */
export function recordField(value: string | null | undefined): string {
  if (value == null) return "";
  if (value !== "" && !RECORD_SPECIAL.test(value)) return value;
  return `"${escaped(escaped(value, "\\", "\\"), '"', '"')}"`;
}

// Most quoted values hold neither a quote nor a backslash: finding none is cheaper than a replace.
const escaped = (value: string, c: string, by: string) => (value.includes(c) ? value.replaceAll(c, by + c) : value);

// array_out also quotes an element spelled NULL, and escapes with a backslash.
function arrayElement(value: string | null | undefined): string {
  if (value == null) return "NULL";
  if (value !== "" && !ARRAY_SPECIAL.test(value) && !(value.length === 4 && value.toUpperCase() === "NULL")) return value;
  return `"${escaped(escaped(value, "\\", "\\"), '"', "\\")}"`;
}

/** `{a,b,…}` for a one-dimensional text array. */
export function arrayLiteral(values: (string | null | undefined)[]): string {
  let text = "{";
  for (let i = 0; i < values.length; i++) text += (i ? "," : "") + arrayElement(values[i]);
  return text + "}";
}

/** Appends UTF-8 text to a buffer that grows as needed; views of earlier bytes stay valid. */
export class ByteWriter {
  buf: Buffer;
  at = 0;

  constructor(size = 4096) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes. A grown buffer is a new one: views of the old one keep their bytes. */
  reserve(n: number) {
    if (this.buf.length - this.at >= n) return;
    const bigger = Buffer.allocUnsafe(2 * (this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** Lone surrogates become U+FFFD, as in Buffer.from and in what the database would store. */
  text(s: string) {
    this.reserve(3 * s.length);
    this.at += this.buf.write(s, this.at);
  }
}
