import type { LinkedEntry } from "@shuyuan/core";

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;

// COPY's text format escapes a backslash and these ASCII controls as \b \f \n \r \t \v, nothing
// else; all are single bytes, so the UTF-8 between them is copied through untouched.
const UNESCAPED = new Map([..."bfnrtv\\"].map((c, i) => [c.charCodeAt(0), [8, 12, 10, 13, 9, 11, 92][i]]));

/**
 * Reads the text output of `COPY (select seq, hash, prev_hash, <canonical text>) TO STDOUT`
 * as entries whose `linked` bytes are what each hash covers, without decoding the canonical
 * text into a string. `linked` is only valid during the call to `onEntry` (its buffer is
 * reused). Returns false as soon as `onEntry` does, leaving the rest of the stream unread.
 */
export async function readLinkedRows(rows: AsyncIterable<Buffer> | Iterable<Buffer>, onEntry: (entry: LinkedEntry) => boolean): Promise<boolean> {
  let linked = Buffer.allocUnsafe(4096);
  let rest: Buffer | null = null;
  for await (const chunk of rows) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end; (end = buf.indexOf(NEWLINE, start)) >= 0; start = end + 1) {
      const t1 = buf.indexOf(TAB, start);
      const t2 = buf.indexOf(TAB, t1 + 1);
      const t3 = buf.indexOf(TAB, t2 + 1);
      if (t1 < 0 || t2 < 0 || t3 < 0 || t3 > end) throw new Error("audit verification: a COPY row without its four columns");
      if (linked.length < end - t2) linked = Buffer.allocUnsafe(2 * (end - t2));
      // prevHash ‖ "\n" ‖ canonical
      let n = copyUnescaped(buf.subarray(t2 + 1, t3), linked, 0);
      linked[n++] = NEWLINE;
      n = copyUnescaped(buf.subarray(t3 + 1, end), linked, n);
      const entry = { seq: Number(buf.toString("latin1", start, t1)), hash: buf.toString("latin1", t1 + 1, t2), prevHash: buf.toString("latin1", t2 + 1, t3), linked: linked.subarray(0, n) };
      if (!onEntry(entry)) return false;
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest) throw new Error("audit verification: the COPY stream ended inside a row");
  return true;
}

/** Copies a COPY text value into `target` at `at` without its escapes; returns where it ends. */
function copyUnescaped(value: Buffer, target: Buffer, at: number): number {
  for (let i = 0; ; ) {
    const escape = value.indexOf(BACKSLASH, i);
    at += value.copy(target, at, i, escape < 0 ? value.length : escape);
    if (escape < 0) return at;
    const byte = UNESCAPED.get(value[escape + 1]);
    if (byte === undefined) throw new Error("audit verification: an unknown escape in a COPY row");
    target[at++] = byte;
    i = escape + 2;
  }
}
