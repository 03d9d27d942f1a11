// JSON: an array of objects, streamed. A small scanner finds where each top-level element begins and
// ends (tracking strings and nesting) and JSON.parse reads that element, so memory holds one element,
// not the file, and the parsing proper is the engine's. Keys become columns as they first appear.
import type { Bilingual } from "@shuyuan/core";
import { decodeText } from "./encoding";
import { fileError } from "./errors";
import type { Cell, SourceRow, TableSource } from "./source";

/** Bounds the memory one element can take (a row of a table, not a document). */
const MAX_ELEMENT_CHARS = 1024 * 1024;
const BATCH_ROWS = 1000;
/** Every row carries a cell per key seen so far, so keys are bounded (a table has columns, not a key per row). */
const MAX_KEYS = 1000;
const NESTED: Bilingual = { zh: "值是对象或数组，只支持文本、数字、布尔值或 null", en: "the value is an object or array: only text, numbers, booleans and null are supported" };

export async function openJson(bytes: AsyncIterable<Buffer>): Promise<TableSource> {
  const { encoding, text } = await decodeText(bytes);
  const elements = splitArray(text);
  const header: string[] = [];
  const columnOf = new Map<string, number>();

  const toRow = (source: string, row: number): SourceRow => {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (err) {
      throw fileError("file_format", `第 ${row} 个元素不是有效的 JSON：${(err as Error).message}`, `Element ${row} is not valid JSON: ${(err as Error).message}`, { row });
    }
    const cells: Cell[] = new Array<Cell>(header.length).fill(null);
    let problem: SourceRow["problem"];
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      let i = columnOf.get(key);
      if (i === undefined) {
        if (header.length === MAX_KEYS) {
          throw fileError("file_format", `JSON 对象中不同的键超过 ${MAX_KEYS} 个，不是一张表`, `The JSON objects have more than ${MAX_KEYS} distinct keys: this is not a table`, { row });
        }
        i = header.push(key) - 1;
        columnOf.set(key, i);
      }
      if (v !== null && typeof v === "object") {
        problem ??= { column: key, reason: NESTED };
        cells[i] = null;
      } else {
        cells[i] = v as Cell;
      }
    }
    return { row, cells, problem };
  };

  const first = await elements.next();
  if (first.done) throw fileError("no_data_rows", "JSON 数组是空的，没有数据行", "The JSON array is empty: there are no rows");
  let row = 1;
  const firstRow = toRow(first.value, row);

  async function* rows(): AsyncGenerator<SourceRow[]> {
    let batch = [firstRow];
    for await (const element of elements) {
      batch.push(toRow(element, ++row));
      if (batch.length === BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    yield batch;
  }
  return { format: "json", encoding, delimiter: null, header, rowWidth: "free", rows: rows() };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const notAnArray = () => fileError("file_format", "JSON 文件应是一个对象数组：[{...}, {...}]", "A JSON file must be an array of objects: [{...}, {...}]");

/** The source text of each element of a top-level JSON array of objects. */
async function* splitArray(text: AsyncIterable<string>): AsyncGenerator<string> {
  let state = "before" as "before" | "between" | "inside" | "after";
  let expectValue = true;
  let elements = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let partsLength = 0;
  for await (const chunk of text) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === "inside") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
        } else if (c === QUOTE) {
          inString = true;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth++;
        } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
          parts.push(chunk.slice(start, i + 1));
          yield parts.join("");
          parts = [];
          partsLength = 0;
          state = "between";
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === "before") {
        if (c !== OPEN_BRACKET) throw notAnArray();
        state = "between";
      } else if (state === "after") {
        throw fileError("file_format", "JSON 数组结束后还有内容", "There is content after the end of the JSON array");
      } else if (c === CLOSE_BRACKET && (!expectValue || elements === 0)) {
        state = "after";
      } else if (c === COMMA && !expectValue) {
        expectValue = true;
      } else if (c === OPEN_BRACE && expectValue) {
        state = "inside";
        depth = 1;
        start = i;
        expectValue = false;
        elements++;
      } else {
        throw fileError("file_format", `第 ${elements + 1} 个元素不是对象：JSON 文件应是一个对象数组`, `Element ${elements + 1} is not an object: a JSON file must be an array of objects`, { row: elements + 1 });
      }
    }
    if (state === "inside") {
      parts.push(chunk.slice(start));
      partsLength += chunk.length - start;
      if (partsLength > MAX_ELEMENT_CHARS) {
        throw fileError("file_format", `第 ${elements} 个元素超过 1 MB`, `Element ${elements} exceeds 1 MB`, { row: elements });
      }
    }
  }
  if (state === "before") throw notAnArray();
  if (state !== "after") throw fileError("file_format", "JSON 文件不完整（数组没有结束）", "The JSON file is incomplete: the array never ends");
}
