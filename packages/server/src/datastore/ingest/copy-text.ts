// PostgreSQL's COPY text format as the ingest writes it: columns separated by a delimiter, rows by
// newlines, the empty string for null, and a backslash escape for the characters that would otherwise
// end a column or a row. Any value the validation let through is safe here: text is data to COPY,
// never SQL.
//
// The delimiter is the CSV file's own where PostgreSQL accepts it, so a line whose cells all load as
// written can go to COPY as it was read (as-written.ts). Null is the empty string, as in the file: no
// loaded value is empty (a blank cell loads as null).

/** The file delimiters COPY can keep; any other (Excel's `sep=` line allows any character) becomes a tab. */
const KEPT_DELIMITERS = new Set([",", "\t", ";", "|"]);

const COPY_NULL = "";

export interface CopyFormat {
  delimiter: string;
  /**
   * The fields (their indexes) in the order the COPY text lists them after `_row`: for a CSV whose
   * delimiter it keeps, the file's order, without the fields the file lacks (they load as null).
   */
  fieldOrder: readonly number[];
}

/** The COPY text's delimiter for a file read with `fileDelimiter`. */
export const copyDelimiter = (fileDelimiter: string | null) => (fileDelimiter !== null && KEPT_DELIMITERS.has(fileDelimiter) ? fileDelimiter : "\t");

/** The COPY options that read the format, e.g. `delimiter ',', null ''`. */
export function copyOptions(format: CopyFormat): string {
  return `delimiter ${format.delimiter === "\t" ? "E'\\t'" : `'${format.delimiter}'`}, null ''`;
}

/** Escapes a value for COPY text in the format: backslash, line breaks and the delimiter. */
export function copyEscaper({ delimiter }: CopyFormat): (value: string | null) => string {
  // The kept delimiters are literal inside a character class.
  const special = new RegExp(`[\\\\\n\r${delimiter}]`);
  const specials = new RegExp(special.source, "g");
  const escapes: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", [delimiter]: delimiter === "\t" ? "\\t" : `\\${delimiter}` };
  return (value) => {
    if (value === null) return COPY_NULL;
    return special.test(value) ? value.replace(specials, (ch) => escapes[ch]) : value;
  };
}
