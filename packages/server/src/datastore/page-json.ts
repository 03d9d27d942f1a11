// A page of rows written as the JSON array of the rows API, from the text pageSelectList (sql.ts) has
// PostgreSQL send: one pass over the values, no objects re-serialised.
import type { FieldAccess } from "@shuyuan/core";
import { ROW_COLUMN } from "./types";

type Cell = string | number | null;
type Write = (value: Cell) => string;

const quoted: Write = (v) => (v === null ? "null" : JSON.stringify(String(v)));
const literal: Write = (v) => (v === null ? "null" : String(v));
// numeric prints NaN and ±Infinity, which JSON has no literal for: they are strings, as PostgreSQL's JSON has them.
const numeric: Write = (v) => (v === null ? "null" : /^-?[0-9]/.test(String(v)) ? String(v) : JSON.stringify(String(v)));

/** How each selected field's text becomes JSON (a masked value is text whatever the field's type). */
function writerOf(f: FieldAccess): Write {
  if (f.mask || f.type === "string" || f.type === "date") return quoted;
  return f.type === "number" ? numeric : literal;
}

/** The rows as a JSON array text: `_row` then the fields, in the order asked (selected as "0", "1", …). */
export function pageJson(rows: readonly Record<string, Cell>[], fields: readonly FieldAccess[]): string {
  const columns = [ROW_COLUMN, ...fields.map((_, i) => String(i))];
  const keys = [ROW_COLUMN, ...fields.map((f) => f.name)].map((name, i) => `${i ? "," : "{"}${JSON.stringify(name)}:`);
  const writers = [literal, ...fields.map(writerOf)];
  const out: string[] = [];
  for (const row of rows) {
    let item = "";
    for (let i = 0; i < columns.length; i++) item += keys[i] + writers[i](row[columns[i]]);
    out.push(item + "}");
  }
  return `[${out.join(",")}]`;
}
