import { Buffer } from "node:buffer";
import crypto from "node:crypto";
import { arrayLiteral, ByteWriter, recordField } from "./literal";

/**
 * The audit record's hash chain (全程留痕、可追溯, 004 §28, 003 §26). Each entry's
 * hash covers its canonical content and the previous entry's hash, so editing,
 * deleting, inserting or reordering any entry breaks every link after it.
 *
 * node:crypto is used for hashing only (pure computation, no I/O); SM3 is the
 * national standard (GB/T 32905) and the default, SHA-256 selectable.
 */
export const HASH_ALGORITHMS = ["sm3", "sha256"] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** The hash that precedes entry 1. */
export const GENESIS_HASH = "0".repeat(64);

/** What an audit entry says; everything here is covered by its hash. */
export interface AuditContent {
  seq: number;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  action: string;
  outcome: "success" | "denied" | "error";
  actorUserId: string | null;
  actorOrganisationId: string | null;
  tokenId: string | null;
  regionCode: string | null;
  subjectType: string | null;
  subjectId: string | null;
  datasetId: string | null;
  fields: string[] | null;
  rowCount: number | null;
  purpose: string | null;
  grantId: string | null;
  ip: string | null;
  userAgent: string | null;
  payloadDigest: string | null;
  detail: Record<string, unknown> | null;
}

export interface ChainedEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

/** An entry as the chain sees it: its canonical text and the two hashes that link it. */
export interface SealedEntry {
  seq: number;
  canonical: string;
  prevHash: string;
  hash: string;
}

/**
 * Canonical text of an entry: its values in a fixed order as a PostgreSQL row
 * literal, `detail` as JSON with sorted keys. It is exactly what the database
 * prints for the stored columns (`row(seq, at, …, detail)::text` with `at` as
 * ISO text), so a verifier can have it rendered there instead of rebuilding
 * each entry, and the writer sends it as the row itself. The quoting makes it
 * injective: no value can imitate a separator.
 */
export function canonicalize(c: AuditContent): string {
  return canonicalText(c.seq, c);
}

/**
 * The row literal in one expression, seq apart so sealing a batch needs no copy of each entry.
 * (Faster than joining an array of values, and than writing the values into a buffer one by one.)
 */
function canonicalText(seq: number, c: Omit<AuditContent, "seq">): string {
  const f = recordField;
  return (
    "(" + seq + "," + f(c.at) + "," + f(c.action) + "," + f(c.outcome) + "," + f(c.actorUserId) + "," + f(c.actorOrganisationId) + "," +
    f(c.tokenId) + "," + f(c.regionCode) + "," + f(c.subjectType) + "," + f(c.subjectId) + "," + f(c.datasetId) + "," +
    f(c.fields && arrayLiteral(c.fields)) + "," + (c.rowCount == null ? "" : c.rowCount) + "," + f(c.purpose) + "," + f(c.grantId) + "," +
    f(c.ip) + "," + f(c.userAgent) + "," + f(c.payloadDigest) + "," + f(c.detail && JSON.stringify(sortKeys(c.detail))) + ")"
  );
}

/**
 * The value with object keys in sorted order, as JSON.stringify will walk them. Values already in
 * that order (most details: a few keys, written in order) are returned as they are: copying them
 * into null-prototype objects, which JSON.stringify walks slowly, was half the cost of a detail.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = sortKeys(value[i]);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return copy ?? value;
  }
  if (!value || typeof value !== "object") return value;
  const keys = Object.keys(value);
  const sortedKeys = [...keys].sort();
  const values = sortedKeys.map((key) => sortKeys((value as Record<string, unknown>)[key]));
  // Only a plain object can be returned as it is: JSON.stringify would call a Date's toJSON, say.
  const plain = Object.getPrototypeOf(value) === Object.prototype;
  if (plain && keys.every((key, i) => key === sortedKeys[i] && values[i] === (value as Record<string, unknown>)[key])) return value;
  const sorted: Record<string, unknown> = Object.create(null); // so a "__proto__" key stays a key
  sortedKeys.forEach((key, i) => (sorted[key] = values[i]));
  return sorted;
}

// crypto.hash (Node ≥ 20.12) skips the Hash object: a fifth faster on inputs this short.
const digestHex: (algorithm: HashAlgorithm, data: string | Uint8Array) => string =
  typeof crypto.hash === "function" ? (a, d) => crypto.hash(a, d, "hex") : (a, d) => crypto.createHash(a).update(d).digest("hex");

/** hash = H(prevHash ‖ "\n" ‖ canonical content) */
export function contentHash(algorithm: HashAlgorithm, prevHash: string, canonical: string): string {
  return digestHex(algorithm, `${prevHash}\n${canonical}`);
}

/**
 * An entry read as raw bytes (a verifier streaming rows): `linked` is what its
 * hash covers, prevHash ‖ "\n" ‖ canonical in UTF-8. Hashing these bytes as
 * they arrive saves decoding the canonical text into a string.
 */
export interface LinkedEntry {
  seq: number;
  prevHash: string;
  hash: string;
  linked: Uint8Array;
}

/**
 * An entry as the writer seals it: `linked`, the bytes its hash covers
 * (prevHash ‖ "\n" ‖ canonical, UTF-8), lies in a buffer shared with its batch;
 * the canonical text is decoded from it only if asked for.
 */
export class SealedText implements SealedEntry {
  constructor(
    readonly seq: number,
    readonly prevHash: string,
    readonly hash: string,
    readonly linked: Buffer,
    /** Where the canonical text starts in `linked`. */
    readonly canonicalAt: number,
  ) {}

  get canonical() {
    return this.linked.toString("utf8", this.canonicalAt);
  }
}

/** Links a batch onto the chain's head; seq numbers continue from the head's. */
export function sealBatch(algorithm: HashAlgorithm, head: { seq: number; hash: string }, batch: Omit<AuditContent, "seq">[]): SealedText[] {
  const sealed: SealedText[] = new Array(batch.length);
  const w = new ByteWriter(Math.min(512 * batch.length, 1 << 20));
  let prevHash = head.hash;
  for (let i = 0; i < batch.length; i++) {
    const start = w.at;
    // One write of the whole text: a native call per value cost more than the concatenation.
    w.text(prevHash + "\n" + canonicalText(head.seq + i + 1, batch[i]));
    // After the head's hash, each prevHash is a hex digest made here: one byte per character.
    const canonicalAt = (i ? prevHash.length : Buffer.byteLength(prevHash)) + 1;
    const linked = w.buf.subarray(start, w.at);
    const hash = digestHex(algorithm, linked);
    sealed[i] = new SealedText(head.seq + i + 1, prevHash, hash, linked, canonicalAt);
    prevHash = hash;
  }
  return sealed;
}

/** `sealBatch` with the content kept alongside, as entries are exported. */
export function chainBatch(algorithm: HashAlgorithm, head: { seq: number; hash: string }, batch: Omit<AuditContent, "seq">[]): ChainedEntry[] {
  return sealBatch(algorithm, head, batch).map((s, i) => ({ ...batch[i], seq: s.seq, prevHash: s.prevHash, hash: s.hash }));
}

export type ChainBreak =
  | { seq: number; kind: "content"; message: string }
  | { seq: number; kind: "link"; message: string }
  | { seq: number; kind: "gap"; message: string; missingFrom: number; missingTo: number };

/** A walk's progress (see ChainVerifier.state). */
export interface VerifierState {
  expectedSeq: number | null;
  prevHash: string | null;
  first: { seq: number; prevHash: string } | null;
  checked: number;
  breaks: ChainBreak[];
}

/**
 * Walks entries in seq order, keeping state across calls so a long chain can be
 * verified page by page with constant memory. Consecutive ranges can be walked
 * by separate verifiers at once and joined at their boundary (see `join`).
 */
export class ChainVerifier {
  /** null: a range that follows another verifier's; its first link is checked by `join`. */
  private expectedSeq: number | null;
  private prevHash: string | null;
  private first: { seq: number; prevHash: string } | null = null;
  checked = 0;
  readonly breaks: ChainBreak[] = [];

  constructor(
    private readonly algorithm: HashAlgorithm,
    start: { seq: number; hash: string } | "joined later" = { seq: 0, hash: GENESIS_HASH },
    private readonly maxBreaks = 100,
  ) {
    this.expectedSeq = start === "joined later" ? null : start.seq + 1;
    this.prevHash = start === "joined later" ? null : start.hash;
  }

  get ok() {
    return this.breaks.length === 0;
  }

  get firstBreak(): ChainBreak | undefined {
    return this.breaks[0];
  }

  /** The last entry walked (before any: the start; null for a range to be joined that saw none). */
  get head() {
    return this.expectedSeq === null ? null : { seq: this.expectedSeq - 1, hash: this.prevHash! };
  }

  /** Feeds the next page of entries with their content (an export); returns false once enough breaks are found to stop. */
  feed(entries: ChainedEntry[]): boolean {
    return this.feedSealed(entries.map((e) => ({ seq: e.seq, canonical: canonicalize(e), prevHash: e.prevHash, hash: e.hash })));
  }

  /** Feeds the next page of entries as canonical text (rendered by the database); returns false once enough breaks are found to stop. */
  feedSealed(entries: SealedEntry[]): boolean {
    for (const e of entries) {
      if (!this.check(e, contentHash(this.algorithm, e.prevHash, e.canonical))) return false;
    }
    return true;
  }

  /** Feeds the next entry as raw bytes; returns false once enough breaks are found to stop. */
  feedLinked(e: LinkedEntry): boolean {
    return this.check(e, digestHex(this.algorithm, e.linked));
  }

  /** Where this walk stands, as plain data: a range walked on another thread is sent back as this and joined. */
  get state(): VerifierState {
    return { expectedSeq: this.expectedSeq, prevHash: this.prevHash, first: this.first, checked: this.checked, breaks: this.breaks };
  }

  /**
   * Continues this walk with `next`'s, which started "joined later" at the
   * entry after this range's end: its first link is checked against this
   * head, exactly as if one verifier had walked both.
   */
  join(next: VerifierState) {
    if (this.breaks.length >= this.maxBreaks) return; // a single walk would have stopped here
    if (next.first) this.breaks.push(...this.linkBreaks(next.first));
    this.breaks.push(...next.breaks);
    this.breaks.splice(this.maxBreaks);
    this.checked += next.checked;
    if (next.expectedSeq !== null) {
      this.expectedSeq = next.expectedSeq;
      this.prevHash = next.prevHash;
    }
  }

  private check(e: { seq: number; prevHash: string; hash: string }, computedHash: string): boolean {
    this.checked++;
    if (this.expectedSeq === null) this.first = { seq: e.seq, prevHash: e.prevHash };
    else if (e.seq !== this.expectedSeq || e.prevHash !== this.prevHash) this.breaks.push(...this.linkBreaks(e));
    // Checked against the entry's own stored prevHash, so each entry's content stands or falls on its own.
    if (computedHash !== e.hash) {
      this.breaks.push({ seq: e.seq, kind: "content", message: `entry ${e.seq} was altered: its content does not match its hash` });
    }
    this.expectedSeq = e.seq + 1;
    this.prevHash = e.hash;
    return this.breaks.length < this.maxBreaks;
  }

  /** What is wrong with `e` following the current head: a gap, an entry out of order, a broken link. */
  private linkBreaks(e: { seq: number; prevHash: string }): ChainBreak[] {
    const found: ChainBreak[] = [];
    const expected = this.expectedSeq!;
    if (e.seq > expected) {
      found.push({ seq: expected, kind: "gap", message: `entries ${expected}–${e.seq - 1} are missing`, missingFrom: expected, missingTo: e.seq - 1 });
    } else if (e.seq < expected) {
      found.push({ seq: e.seq, kind: "link", message: `entry ${e.seq} is out of order` });
    }
    if (e.prevHash !== this.prevHash) {
      found.push({ seq: e.seq, kind: "link", message: `entry ${e.seq} does not link to the entry before it` });
    }
    return found;
  }
}
