// PostgreSQL's COPY text format: columns separated by tabs, rows by newlines, `\N` for null, and a
// backslash escape for the characters that would otherwise end a column or a row. Any value the
// validation let through is safe here: text is data to COPY, never SQL.

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

const COPY_NULL = "\\N";

export function copyValue(value: string | null): string {
  if (value === null) return COPY_NULL;
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ESCAPES[ch]) : value;
}
