import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/database";
import { createTestDatabase } from "../testing/test-database";
import { prefixSuccessor } from "./sql";

// Awkward values for a prefix filter: LIKE's own metacharacters, code points either side of the surrogates,
// the last code point, CJK and an astral emoji.
const VALUES = ["", "a", "ab", "abc", "ac", "b", "%", "%x", "_", "a_c", "a%c", "\\", "a\\b", "\u{d7ff}", "\u{d7ff}z", "\u{e000}", "\u{10ffff}", "\u{10ffff}\u{10ffff}", "a\u{10ffff}", "b\u{10ffff}", "哈尔滨", "哈尔滨市", "哈尔", "哈", "😀", "😀a", "😁"];

describe("prefixSuccessor", () => {
  it("raises the last code point by one", () => {
    expect(prefixSuccessor("abc")).toBe("abd");
    expect(prefixSuccessor("哈尔滨")).toBe("哈尔滩");
    expect(prefixSuccessor("😀")).toBe("😁");
  });

  it("steps over the surrogates and drops code points already at the maximum", () => {
    expect(prefixSuccessor("\u{d7ff}")).toBe("\u{e000}");
    expect(prefixSuccessor("a\u{10ffff}")).toBe("b");
    expect(prefixSuccessor("a\u{10ffff}\u{10ffff}")).toBe("b");
  });

  it("has none for the empty string or only maximal code points", () => {
    expect(prefixSuccessor("")).toBeNull();
    expect(prefixSuccessor("\u{10ffff}\u{10ffff}")).toBeNull();
  });
});

describe("a prefix filter as a text_pattern_ops range", () => {
  let database: Database;
  let drop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-sql-"));
    database = await openDatabase({ databaseUrl: created.databaseUrl, dataDir });
    await sql`create table words (w text)`.execute(database.db);
    await sql`insert into words select unnest(${VALUES}::text[])`.execute(database.db);
    await sql`insert into words values (null)`.execute(database.db);
    await sql`create index on words (w text_pattern_ops)`.execute(database.db);
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Every value, and every leading part of one, as a prefix.
  const prefixes = [...new Set(VALUES.flatMap((v) => [...v].map((_, i) => [...v].slice(0, i + 1).join("")).concat(v)))];

  it("matches exactly the values that start with the prefix, LIKE's metacharacters taken literally", async () => {
    for (const p of prefixes) {
      const upper = prefixSuccessor(p);
      const r = await database.prepared<{ w: string }>(
        (upper === null ? sql`select w from words where w ~>=~ ${p}` : sql`select w from words where w ~>=~ ${p} and w ~<~ ${upper}`).compile(database.db),
      );
      expect(r.map((x) => x.w).sort(), `prefix ${JSON.stringify(p)}`).toEqual(VALUES.filter((v) => v.startsWith(p)).sort());
    }
  });
});
