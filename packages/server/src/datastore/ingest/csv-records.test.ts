import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { AppError } from "../../http/errors";
import { cellsOf, CsvRecords } from "./csv-records";

function records(text: string, delimiter = ",", cuts: number[] = []) {
  return recordsOf(text, delimiter, cuts).map((r) => cellsOf(r, delimiter));
}

function recordsOf(text: string, delimiter = ",", cuts: number[] = []) {
  const parser = new CsvRecords(delimiter, 1024 * 1024);
  const out = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...parser.push("", true));
  return out;
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe("CSV records", () => {
  it("agree with csv-parse on random files cut into random chunks", () => {
    const pieces = ["a", "黑龙江", " ", '"', ",", ";", "\n", "\r\n", "x\ty", "", "1.5", "'"];
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const delimiter = [",", ";", "\t", "|"][Math.floor(next() * 4)];
      const width = 1 + Math.floor(next() * 5);
      const rows = Array.from({ length: 1 + Math.floor(next() * 20) }, () =>
        Array.from({ length: width }, () => Array.from({ length: Math.floor(next() * 4) }, () => pieces[Math.floor(next() * pieces.length)]).join("")),
      );
      const text = stringify(rows, { delimiter, record_delimiter: next() < 0.5 ? "unix" : "windows", quoted_match: /[\r\n]/ }) + (next() < 0.3 ? "tail" : "");
      const cuts = Array.from({ length: 3 }, () => Math.floor(next() * text.length)).sort((a, b) => a - b);
      const expected = parse(text, { delimiter, relax_column_count: true });
      expect(
        records(text, delimiter, cuts),
        `seed ${seed}: ${JSON.stringify(text)}`,
      ).toEqual(expected);
    }
  });

  it("keep blank lines as records (spreadsheet row numbering) and read a last line without a line break", () => {
    expect(records("a,b\n\n1,2\r\n3,4")).toEqual([["a", "b"], [""], ["1", "2"], ["3", "4"]]);
  });

  it("keep stray quotes inside unquoted values; text after a closing quote marks the row malformed", () => {
    expect(records('5"3,b\n')).toEqual([['5"3', "b"]]);
    const [bad, next] = recordsOf('"bad"q,1\nok,2\n');
    expect(bad).toMatchObject({ row: 1, problem: { column: null, reason: { en: "a quoted value is followed by other characters" } } });
    expect(next).toEqual({ row: 2, line: "ok,2" });
  });

  it("number records as spreadsheet rows and hand a record without quotes on as its line", () => {
    expect(recordsOf('h1,h2\n\n"a\nb",1\r\nc,2\n')).toEqual([
      { row: 1, line: "h1,h2" },
      { row: 2, line: "" },
      { row: 3, cells: ["a\nb", "1"] },
      { row: 4, line: "c,2" },
    ]);
  });

  it("stop at a quote that never closes or a record beyond the size limit, naming the line", () => {
    const unclosed = (() => {
      try {
        records('a,b\n1,2\n3,"open\n4,5\n');
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(unclosed?.extra).toEqual({ line: 3 });
    const parser = new CsvRecords(",", 100);
    expect(() => parser.push(`a,"${"x".repeat(200)}`)).toThrow(/exceeds 1 MB/);
  });
});
