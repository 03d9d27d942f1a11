import type { SealedText } from "@shuyuan/core";

const QUOTE = 34;
const COMMA = 44;
const BACKSLASH = 92;
const TAB = 9;
const NEWLINE = 10;

// COPY's text input needs a backslash, a newline, a carriage return and the tab between columns
// escaped; \b \f \v are escaped too, as COPY writes them. ESCAPE[b] is the letter after the backslash, or 0.
const ESCAPE = new Uint8Array(256);
for (const [byte, letter] of [[92, "\\"], [8, "b"], [12, "f"], [10, "n"], [13, "r"], [9, "t"], [11, "v"]] as const) ESCAPE[byte] = letter.charCodeAt(0);

/**
 * Entries as `COPY audit_entries FROM STDIN` text: each entry's canonical row literal read back
 * into its values as PostgreSQL's record_in would (quotes, doubled quotes, backslashes; an empty
 * unquoted field is NULL), each value COPY-escaped, then the two hashes. PostgreSQL hands a value
 * to the same input function either way, so what is stored is what was hashed, by construction.
 * Works on the UTF-8 bytes the hash covered: no string per value.
 */
export function sealedCopyText(entries: SealedText[]): Buffer {
  let out = Buffer.allocUnsafe(entries.length * 512);
  let o = 0;
  for (const e of entries) {
    // At most 3 bytes of COPY text per byte of the literal (",," becomes "\N\t"), and the hashes.
    const most = 3 * e.linked.length + e.hash.length + 3;
    if (out.length - o < most) out = grow(out, o, most);
    o = copyValues(e.linked, e.canonicalAt, out, o);
    // The hashes: prevHash's bytes lead `linked`; the hash is hex (a loop, cheaper than a native write).
    out[o++] = TAB;
    for (let i = 0; i < e.canonicalAt - 1; i++) out[o++] = e.linked[i];
    out[o++] = TAB;
    for (let i = 0; i < e.hash.length; i++) out[o++] = e.hash.charCodeAt(i);
    out[o++] = NEWLINE;
  }
  return out.subarray(0, o);
}

function grow(out: Buffer, used: number, more: number) {
  const bigger = Buffer.allocUnsafe(2 * (used + more));
  out.copy(bigger, 0, 0, used);
  return bigger;
}

/**
 * The values of the row literal in `row` from `from`, tab-separated COPY text, into `out` at `o`;
 * returns where they end. The literal is the canonical text, so an unquoted value holds no quote,
 * backslash, comma, parenthesis or white space: it is copied as it is up to its comma.
 */
function copyValues(row: Buffer, from: number, out: Buffer, o: number): number {
  const end = row.length - 1;
  if (row[from] !== 40 || row[end] !== 41) throw new Error("audit: a canonical text that is not a row literal");
  for (let i = from + 1; ; i++) {
    if (i === end || row[i] === COMMA) {
      out[o++] = BACKSLASH;
      out[o++] = 78; // \N: NULL
    } else if (row[i] !== QUOTE) {
      for (; i < end && row[i] !== COMMA; i++) out[o++] = row[i];
    } else {
      // Quoted: "" is a quote and \x is x; the value's own controls and backslashes are COPY-escaped.
      for (i++; ; i++) {
        if (i >= end) throw new Error("audit: an unterminated quote in a canonical text");
        let b = row[i];
        if (b === QUOTE) {
          if (row[i + 1] !== QUOTE) break;
          i++;
        } else if (b === BACKSLASH) {
          b = row[++i];
        }
        const escape = ESCAPE[b];
        if (escape) {
          out[o++] = BACKSLASH;
          out[o++] = escape;
        } else {
          out[o++] = b;
        }
      }
      i++; // past the closing quote
      if (i !== end && row[i] !== COMMA) throw new Error("audit: a canonical text with a value after a closing quote");
    }
    if (i === end) return o;
    out[o++] = TAB;
  }
}
