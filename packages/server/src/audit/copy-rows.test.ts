import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/migrate";
import { createTestDatabase } from "../testing/test-database";
import { LINKED_COLUMNS, readLinkedRows } from "./copy-rows";
import { CANONICAL_SQL } from "./repository";

async function read(chunks: Buffer[]) {
  const seen: { seq: number; hash: string; prevHash: string; linked: string }[] = [];
  await readLinkedRows(chunks, (e) => (seen.push({ seq: e.seq, hash: e.hash, prevHash: e.prevHash, linked: Buffer.from(e.linked).toString() }), true));
  return seen;
}

// A binary COPY stream built by hand (the layout PostgreSQL writes), for the framing alone.
const int16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const int32 = (n: number) => (({ b }) => (b.writeInt32BE(n), b))({ b: Buffer.alloc(4) });
const value = (b: Buffer | null) => (b ? Buffer.concat([int32(b.length), b]) : int32(-1));
const int8 = (n: number) => (({ b }) => (b.writeBigInt64BE(BigInt(n)), b))({ b: Buffer.alloc(8) });
function row(seq: number, action: string, prevHash: string, hash: string) {
  const at = int8((Date.UTC(2026, 10, 25, 23, 6, 43, 407) - Date.UTC(2000, 0, 1)) * 1000);
  const content = [int8(seq), at, Buffer.from(action), Buffer.from("success"), ...Array(15).fill(null)];
  return Buffer.concat([int16(21), ...content.map(value), value(Buffer.from(prevHash)), value(Buffer.from(hash))]);
}
const header = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), int32(0), int32(0)]);
const stream = Buffer.concat([header, row(1, "a,b", "0".repeat(64), "a".repeat(64)), row(2, "中文", "a".repeat(64), "b".repeat(64)), int16(-1)]);
const expected = [
  { seq: 1, hash: "a".repeat(64), prevHash: "0".repeat(64), linked: `${"0".repeat(64)}\n(1,2026-11-25T23:06:43.407Z,"a,b",success,,,,,,,,,,,,,,,)` },
  { seq: 2, hash: "b".repeat(64), prevHash: "a".repeat(64), linked: `${"a".repeat(64)}\n(2,2026-11-25T23:06:43.407Z,中文,success,,,,,,,,,,,,,,,)` },
];

describe("reading verification rows from binary COPY", () => {
  it("writes the canonical text, wherever the stream is cut into chunks", async () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(await read([stream.subarray(0, cut), stream.subarray(cut)]), `cut at byte ${cut}`).toEqual(expected);
    }
    expect(await read([...stream].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  it("stops when told to", async () => {
    let n = 0;
    expect(await readLinkedRows([stream], () => ++n < 2)).toBe(false);
    expect(n).toBe(2);
  });

  it("refuses a truncated stream, another format and a row without its columns", async () => {
    await expect(read([stream.subarray(0, -1)])).rejects.toThrow(/ended inside a row/);
    await expect(read([stream.subarray(0, -3)])).rejects.toThrow(/ended inside a row/);
    await expect(read([Buffer.from("1\tabc\n".repeat(5))])).rejects.toThrow(/not a binary COPY/);
    await expect(read([Buffer.concat([header, int16(3), value(int8(1)), value(null), value(null), int16(-1)])])).rejects.toThrow(/3 columns/);
  });
});

/**
 * Property test against PostgreSQL itself: random and awkward values stored in the
 * real table, read back by binary COPY, must give exactly the bytes PostgreSQL prints
 * for `prev_hash ‖ "\n" ‖ row(…)::text` (the canonical text verification used to have
 * the database print).
 */
describe.runIf(!!process.env.DATABASE_URL)("the canonical text written from the columns is what PostgreSQL prints", () => {
  let database: Database;
  let drop: () => Promise<void>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-copy-rows-"));

  beforeAll(async () => {
    const scratch = await createTestDatabase();
    drop = scratch.drop;
    database = await openDatabase(loadConfig({}, { dataDir, databaseUrl: scratch.databaseUrl }));
    await migrate(database);
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const ALPHABET = [..."ab\"\\,(){} \t\n\r\v\f\b=[]:;'", "NULL", "null", "\\N", "中", "，", "😀", "\u00a0", "\u3000", "\u0001", "\u007f", "é"];
  let seed = 20261125;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const text = () => (random() < 0.1 ? "" : random() < 0.1 ? pick(["NULL", "null", "Null"]) : Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(ALPHABET)).join(""));
  const maybe = <T,>(f: () => T) => (random() < 0.2 ? null : f());
  const array = () => Array.from({ length: Math.floor(random() * 4) }, () => maybe(text));

  it("for random values, NULLs, arrays and JSON", async () => {
    if (database.driver.kind !== "postgres") throw new Error("needs PostgreSQL");
    const pool = database.driver.pool;
    const rows = Array.from({ length: 400 }, (_, i) => [
      random() < 0.05 ? -i - 1 : random() < 0.05 ? Number.MAX_SAFE_INTEGER - i : i + 1,
      new Date(Date.UTC(1 + Math.floor(random() * 9998), 0, 1) + Math.floor(random() * 365 * 86_400_000)).toISOString(),
      text(), pick(["success", "denied", "error"]), maybe(randomUUID), maybe(randomUUID), maybe(randomUUID), maybe(text), maybe(text), maybe(text), maybe(randomUUID),
      maybe(array), maybe(() => pick(["0", "-7", "9223372036854775807", "-9223372036854775808", "9007199254740993"])), maybe(text), maybe(randomUUID),
      maybe(text), maybe(text), maybe(text), maybe(() => JSON.stringify({ [text()]: text(), n: [1.5, null, true], " s": { z: text() } }, null, pick([0, 1, "\t"]))),
      text(), text(),
    ]);
    const params = rows[0].map((_, c) => `$${c + 1}`).join(", ");
    for (const r of rows) await pool.query(`insert into audit_entries values (${params})`, r);
    // Array shapes the writer never makes, printed with their bounds or nesting.
    await pool.query(`insert into audit_entries (seq, at, action, outcome, fields, prev_hash, hash) values
      (-1001, now(), 'x', 'success', '[0:1]={a,"b c"}', '', ''), (-1002, now(), 'x', 'success', '{{a,NULL},{"",d}}', 'p', 'h'),
      (-1003, now(), 'x', 'success', '[2:2][-1:0]={{"\\\\",","}}', 'p', 'h'), (-1004, now(), 'x', 'success', '{}', 'p', 'h')`);

    const printed = (await pool.query<{ linked: string }>(`select prev_hash || E'\\n' || ${CANONICAL_SQL} as linked from audit_entries order by seq`)).rows.map((r) => r.linked);
    const client = await pool.connect();
    const chunks: Buffer[] = [];
    try {
      const out = client.query(copyTo(`copy (select ${LINKED_COLUMNS} from audit_entries order by seq) to stdout (format binary)`));
      out.on("data", (c: Buffer) => chunks.push(c));
      await finished(out);
    } finally {
      client.release();
    }
    const streamed = (await read(chunks)).map((e) => e.linked);
    expect(streamed).toHaveLength(printed.length);
    streamed.forEach((linked, i) => expect(linked, printed[i]).toBe(printed[i]));

    // Timestamps JavaScript cannot write, or that to_char prints without an era: read without failing, printed unlike any ISO text.
    await pool.query(`insert into audit_entries (seq, at, action, outcome, prev_hash, hash) values
      (9007199254741001, 'infinity', 'x', 'success', '', ''), (9007199254741000, '0044-03-15 BC', 'x', 'success', '', '')`);
    const out = (await pool.connect());
    try {
      const far: Buffer[] = [];
      const s = out.query(copyTo(`copy (select ${LINKED_COLUMNS} from audit_entries where seq >= 9007199254741000 order by seq) to stdout (format binary)`));
      s.on("data", (c: Buffer) => far.push(c));
      await finished(s);
      const [bc, infinity] = (await read(far)).map((e) => e.linked);
      expect(infinity).toMatch(/^\n\(9007199254741001,9223372036854775807,/);
      expect(bc).toMatch(/^\n\(9007199254741000,-000043-03-15T00:00:00\.000Z,/);
    } finally {
      out.release();
    }
  });
});
