import { describe, expect, it } from "vitest";
import { readLinkedRows } from "./copy-rows";

// COPY's text output as PostgreSQL writes it (CopyAttributeOutText): a backslash and six ASCII controls escaped.
const copyText = (value: string) =>
  value.replace(/[\\\b\f\n\r\t\v]/g, (c) => "\\" + ({ "\\": "\\", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v" } as Record<string, string>)[c]);

const rows = [
  { seq: 1, hash: "a".repeat(64), prevHash: "0".repeat(64), canonical: "(1,plain,中文，（）)" },
  { seq: 2, hash: "b".repeat(64), prevHash: "a".repeat(64), canonical: '(2,"a\\\\b","tab\there","new\nline","cr\rlf\n","\b\f\v","ctl\u0001\u007f",😀)' },
  { seq: 3, hash: "c".repeat(64), prevHash: "b".repeat(64), canonical: "(3,\\n is not a newline,\\\\)" },
];
const stream = Buffer.from(rows.map((r) => `${r.seq}\t${r.hash}\t${copyText(r.prevHash)}\t${copyText(r.canonical)}\n`).join(""));

async function read(chunks: Buffer[]) {
  const seen: { seq: number; hash: string; prevHash: string; linked: string }[] = [];
  await readLinkedRows(chunks, (e) => (seen.push({ seq: e.seq, hash: e.hash, prevHash: e.prevHash, linked: Buffer.from(e.linked).toString() }), true));
  return seen;
}

describe("reading verification rows from COPY text", () => {
  const expected = rows.map((r) => ({ seq: r.seq, hash: r.hash, prevHash: r.prevHash, linked: `${r.prevHash}\n${r.canonical}` }));

  it("undoes COPY's escapes, wherever the stream is cut into chunks", async () => {
    expect(stream.toString()).toContain("\\t"); // the escapes are really there
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

  it("refuses a truncated stream, a row without its columns and an unknown escape", async () => {
    await expect(read([stream.subarray(0, -1)])).rejects.toThrow(/ended inside a row/);
    await expect(read([Buffer.from("1\tabc\n")])).rejects.toThrow(/four columns/);
    await expect(read([Buffer.from("1\ta\tb\t(\\x41)\n")])).rejects.toThrow(/unknown escape/);
  });
});
