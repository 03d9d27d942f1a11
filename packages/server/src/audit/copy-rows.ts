// From the chain's own modules rather than @shuyuan/core's index: a verification thread loads only these.
import type { LinkedEntry } from "@shuyuan/core/audit/chain";
import { ByteWriter } from "@shuyuan/core/audit/literal";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/**
 * Verification reads the stored columns by `COPY … TO STDOUT (FORMAT binary)` and
 * writes each entry's canonical text from them itself, byte for byte as PostgreSQL's
 * `row(…)::text` prints it (record_out, array_out, uuid_out; `at` as the writer's
 * ISO text): an independent recomputation from the stored values, so any edited
 * column changes the bytes hashed. It saves PostgreSQL printing the row (most of
 * its share of a walk) and needs no string per value here.
 *
 * The columns, in this order: seq, then the content columns in canonical order
 * (see canonicalize in @shuyuan/core), then prev_hash and hash.
 */
export const LINKED_COLUMNS = `seq, at, action, outcome, actor_user_id, actor_organisation_id, token_id, region_code, subject_type,
  subject_id, dataset_id, fields, row_count, purpose, grant_id, ip, user_agent, payload_digest, detail, prev_hash, hash`;
const FIELDS = 21;
// How each content column is printed, by position (seq is 0).
const enum Kind { Int8, Timestamp, Text, Uuid, TextArray }
const KINDS: Kind[] = [
  Kind.Int8, Kind.Timestamp, Kind.Text, Kind.Text, Kind.Uuid, Kind.Uuid, Kind.Uuid, Kind.Text, Kind.Text, Kind.Text, Kind.Uuid,
  Kind.TextArray, Kind.Int8, Kind.Text, Kind.Uuid, Kind.Text, Kind.Text, Kind.Text, Kind.Text,
];

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const QUOTE = 34;
const BACKSLASH = 92;

// record_out quotes a value that is empty or holds one of these (ASCII white space as isspace sees it).
const RECORD_SPECIAL = new Uint8Array(256);
for (const c of '",\\() \t\n\v\f\r') RECORD_SPECIAL[c.charCodeAt(0)] = 1;
// array_out quotes an element that is empty, spelled NULL, or holds one of these.
const ARRAY_SPECIAL = new Uint8Array(256);
for (const c of '{},"\\ \t\n\v\f\r') ARRAY_SPECIAL[c.charCodeAt(0)] = 1;
// Each byte's two lowercase hex digits, as one 16-bit value (first digit in the high byte).
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => ("0123456789abcdef".charCodeAt(b >> 4) << 8) | "0123456789abcdef".charCodeAt(b & 15));

/**
 * Streams entries `after` < seq ≤ `to` (or to the end) in chain order on `client`, as the bytes their
 * hashes cover (see readLinkedRows). Resolves false if `onEntry` stopped it; the client is then left
 * mid-COPY and must be closed, not reused.
 */
export async function copyLinkedRows(client: pg.ClientBase, after: number, to: number | undefined, onEntry: (entry: LinkedEntry) => boolean) {
  if (!Number.isSafeInteger(after) || (to !== undefined && !Number.isSafeInteger(to))) throw new Error("audit: a seq range must be integers");
  const rows = client.query(
    copyTo(`copy (select ${LINKED_COLUMNS} from audit_entries
      where seq > ${after}${to === undefined ? "" : ` and seq <= ${to}`} order by seq) to stdout (format binary)`),
  );
  let finished = false;
  try {
    finished = await readLinkedRows(rows, onEntry);
    return finished;
  } finally {
    if (!finished) rows.destroy();
  }
}

/**
 * Reads the binary output of `COPY (select LINKED_COLUMNS …) TO STDOUT (FORMAT binary)` as
 * entries whose `linked` bytes are what each hash covers: prevHash ‖ "\n" ‖ canonical. `linked`
 * is only valid during the call to `onEntry` (its buffer is reused). Returns false as soon as
 * `onEntry` does, leaving the rest of the stream unread.
 */
export async function readLinkedRows(rows: AsyncIterable<Buffer> | Iterable<Buffer>, onEntry: (entry: LinkedEntry) => boolean): Promise<boolean> {
  const out = new Out();
  const starts = new Int32Array(FIELDS);
  const lengths = new Int32Array(FIELDS);
  let rest: Buffer | null = null;
  let header = true;
  let ended = false;
  for await (const chunk of rows) {
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    if (header) {
      if (buf.length < SIGNATURE.length + 8) {
        rest = buf;
        continue;
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("audit verification: not a binary COPY stream");
      at = SIGNATURE.length + 8 + buf.readUInt32BE(SIGNATURE.length + 4); // flags, then the header extension
      header = false;
    }
    for (;;) {
      if (at + 2 > buf.length) break;
      const count = buf.readInt16BE(at);
      if (count === -1) {
        ended = true;
        at += 2;
        break;
      }
      if (count !== FIELDS) throw new Error(`audit verification: a COPY row of ${count} columns`);
      // A whole row in the buffer, or wait for more.
      let p = at + 2;
      let whole = true;
      for (let f = 0; f < FIELDS; f++) {
        if (p + 4 > buf.length) {
          whole = false;
          break;
        }
        const n = int32(buf, p);
        starts[f] = p + 4;
        lengths[f] = n;
        p += 4 + Math.max(n, 0);
      }
      if (!whole || p > buf.length) break;
      at = p;
      if (!onEntry(linkedEntry(buf, starts, lengths, out))) return false;
    }
    rest = at < buf.length ? buf.subarray(at) : null;
  }
  if (!ended || rest) throw new Error("audit verification: the COPY stream ended inside a row");
  return true;
}

function linkedEntry(buf: Buffer, starts: Int32Array, lengths: Int32Array, out: Out): LinkedEntry {
  const prev = FIELDS - 2;
  const hash = FIELDS - 1;
  if (lengths[0] !== 8 || lengths[prev] < 0 || lengths[hash] < 0) throw new Error("audit verification: a COPY row without seq or hashes");
  out.at = 0;
  out.copy(buf, starts[prev], lengths[prev]);
  out.put(10); // \n
  out.put(40); // (
  for (let f = 0; f < KINDS.length; f++) {
    if (f) out.put(44); // ,
    const n = lengths[f];
    if (n < 0) continue; // NULL: an empty field
    const s = starts[f];
    const kind = KINDS[f];
    if (n !== (kind === Kind.Uuid ? 16 : 8) && (kind === Kind.Int8 || kind === Kind.Timestamp || kind === Kind.Uuid)) {
      throw new Error("audit verification: a COPY column of another type than the table's");
    }
    switch (kind) {
      case Kind.Int8:
        out.int8(buf, s);
        break;
      case Kind.Timestamp:
        out.timestamp(buf, s);
        break;
      case Kind.Uuid:
        out.uuid(buf, s);
        break;
      case Kind.Text:
        out.field(buf, s, n);
        break;
      case Kind.TextArray:
        out.arrayField(buf, s, n);
        break;
    }
  }
  out.put(41); // )
  return {
    seq: readInt8(buf, starts[0]),
    prevHash: buf.toString("latin1", starts[prev], starts[prev] + lengths[prev]),
    hash: buf.toString("latin1", starts[hash], starts[hash] + lengths[hash]),
    linked: out.buf.subarray(0, out.at),
  };
}

// Big-endian integers without Buffer's bounds-checking wrappers (the row was checked to be whole).
const int32 = (b: Buffer, at: number) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
const uint32 = (b: Buffer, at: number) => int32(b, at) >>> 0;

/** A signed 64-bit integer; beyond 2^53 only approximately (such a seq is a break anyway). */
const readInt8 = (buf: Buffer, at: number) => int32(buf, at) * 4294967296 + uint32(buf, at + 4);

// PostgreSQL counts timestamps in microseconds from 2000-01-01 UTC.
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

/** The bytes of one entry's linked text, in a buffer reused from entry to entry. */
class Out extends ByteWriter {
  /** A scratch buffer for an array's own text, which is then quoted as a field. */
  private array: Out | null = null;
  private day = NaN;
  private dayText = "";

  put(b: number) {
    this.reserve(1);
    this.buf[this.at++] = b;
  }

  copy(src: Buffer, from: number, n: number) {
    this.reserve(n);
    // A loop: Buffer.copy's checks cost more than copying values this short.
    const buf = this.buf;
    const at = this.at;
    for (let i = 0; i < n; i++) buf[at + i] = src[from + i];
    this.at = at + n;
  }

  ascii(s: string) {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
  }

  /** A value as a row literal field (record_out): quoted if empty or holding a special byte, " and \ doubled. */
  field(src: Buffer, from: number, n: number) {
    this.quoted(src, from, n, RECORD_SPECIAL, false);
  }

  /**
   * `src[from, from + n)` quoted as record_out (`"`, `\` doubled) or, as an element of
   * array_out, backslash-escaped and also quoted when spelled NULL. Special bytes are
   * all ASCII, and no byte of a multi-byte UTF-8 sequence is, so bytes can be tested alone.
   */
  private quoted(src: Buffer, from: number, n: number, special: Uint8Array, element: boolean) {
    const end = from + n;
    if (n > 0 && !(element && n === 4 && isNull(src, from))) {
      // Copied as it is until a special byte shows it must be quoted (most values: never).
      this.reserve(n);
      const buf = this.buf;
      let o = this.at;
      let i = from;
      for (; i < end && special[src[i]] !== 1; i++) buf[o++] = src[i];
      if (i === end) {
        this.at = o;
        return;
      }
    }
    this.reserve(2 * n + 2);
    const buf = this.buf;
    let o = this.at;
    buf[o++] = QUOTE;
    for (let i = from; i < end; i++) {
      const b = src[i];
      if (b === QUOTE || b === BACKSLASH) buf[o++] = element ? BACKSLASH : b;
      buf[o++] = b;
    }
    buf[o++] = QUOTE;
    this.at = o;
  }

  int8(src: Buffer, from: number) {
    const value = readInt8(src, from);
    this.ascii(Number.isSafeInteger(value) ? String(value) : String(src.readBigInt64BE(from)));
  }

  /** As the writer wrote it: ISO 8601 in UTC with milliseconds (what to_char printed for the same value). */
  timestamp(src: Buffer, from: number) {
    // Milliseconds exactly, without a BigInt: 2^32 µs = 4,294,967 ms + 296 µs.
    const hi = int32(src, from);
    const ms = hi * 4_294_967 + Math.floor((hi * 296 + uint32(src, from + 4)) / 1000) + PG_EPOCH_MS;
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      // Not a date JavaScript can write (±infinity, say): the microseconds, unlike any ISO text.
      const date = new Date(day * DAY_MS);
      this.dayText = Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, -13);
      this.day = day;
    }
    if (!this.dayText) return this.ascii(String(src.readBigInt64BE(from)));
    this.ascii(this.dayText);
    let t = ms - day * DAY_MS;
    const msPart = t % 1000;
    t = (t - msPart) / 1000;
    this.reserve(13);
    this.two(Math.floor(t / 3600));
    this.buf[this.at++] = 58; // :
    this.two(Math.floor(t / 60) % 60);
    this.buf[this.at++] = 58;
    this.two(t % 60);
    this.buf[this.at++] = 46; // .
    this.buf[this.at++] = 48 + Math.floor(msPart / 100);
    this.two(msPart % 100);
    this.buf[this.at++] = 90; // Z
  }

  private two(n: number) {
    this.buf[this.at++] = 48 + Math.floor(n / 10);
    this.buf[this.at++] = 48 + (n % 10);
  }

  /** uuid_out: 8-4-4-4-12 lowercase hex. */
  uuid(src: Buffer, from: number) {
    this.reserve(36);
    const buf = this.buf;
    let o = this.at;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) buf[o++] = 45; // -
      const pair = HEX_PAIRS[src[from + i]];
      buf[o++] = pair >> 8;
      buf[o++] = pair & 255;
    }
    this.at = o;
  }

  /** A text[] value as array_out prints it, then quoted as a field. */
  arrayField(src: Buffer, from: number, n: number) {
    const text = (this.array ??= new Out());
    text.at = 0;
    text.reserve(2 * n + 64);
    text.textArray(src, from, n);
    this.field(text.buf, 0, text.at);
  }

  /**
   * array_send's layout: dimensions, a has-nulls flag, the element type, each
   * dimension's length and lower bound, then the elements. array_out prints the
   * bounds only if one is not 1 (`[0:1]={a,b}`), and nests braces per dimension.
   */
  private textArray(src: Buffer, from: number, n: number) {
    const end = from + n;
    const ndim = src.readInt32BE(from);
    // (array_send writes the flag and element type after ndim; the elements carry their own lengths.)
    if (ndim === 0) return this.ascii("{}");
    const dims: number[] = [];
    let bounds = "";
    let lowerNotOne = false;
    let p = from + 12;
    for (let d = 0; d < ndim; d++) {
      const length = src.readInt32BE(p);
      const lower = src.readInt32BE(p + 4);
      dims.push(length);
      bounds += `[${lower}:${lower + length - 1}]`;
      lowerNotOne ||= lower !== 1;
      p += 8;
    }
    if (lowerNotOne) this.ascii(`${bounds}=`);
    this.elements(src, p, end, dims, 0);
  }

  /** The elements of dimension `d` from `p`, in braces; returns where they end. */
  private elements(src: Buffer, p: number, end: number, dims: number[], d: number): number {
    this.put(123); // {
    for (let i = 0; i < dims[d]; i++) {
      if (i) this.put(44); // ,
      if (d + 1 < dims.length) {
        p = this.elements(src, p, end, dims, d + 1);
        continue;
      }
      if (p + 4 > end) throw new Error("audit verification: a truncated array in a COPY row");
      const n = src.readInt32BE(p);
      p += 4;
      if (n < 0) {
        this.ascii("NULL");
        continue;
      }
      this.quoted(src, p, n, ARRAY_SPECIAL, true);
      p += n;
    }
    this.put(125); // }
    return p;
  }
}

/** The four bytes spell NULL in any case, as array_out's pg_strcasecmp sees it. */
const isNull = (src: Buffer, at: number) =>
  (src[at] | 32) === 110 && (src[at + 1] | 32) === 117 && (src[at + 2] | 32) === 108 && (src[at + 3] | 32) === 108;
