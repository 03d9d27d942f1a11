import crypto from "node:crypto";
import { rowLiteral, arrayLiteral } from "./literal";

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

// seq apart, so sealing a batch needs no copy of each entry ({ ...content, seq } costs microseconds).
function canonicalText(seq: number, c: Omit<AuditContent, "seq">): string {
  return rowLiteral([
    String(seq),
    c.at,
    c.action,
    c.outcome,
    c.actorUserId,
    c.actorOrganisationId,
    c.tokenId,
    c.regionCode,
    c.subjectType,
    c.subjectId,
    c.datasetId,
    c.fields && arrayLiteral(c.fields),
    c.rowCount == null ? null : String(c.rowCount),
    c.purpose,
    c.grantId,
    c.ip,
    c.userAgent,
    c.payloadDigest,
    c.detail && JSON.stringify(sortKeys(c.detail)),
  ]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = Object.create(null); // so a "__proto__" key stays a key
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

// crypto.hash (Node ≥ 20.12) skips the Hash object: a fifth faster on inputs this short.
const digestHex: (algorithm: HashAlgorithm, data: string) => string =
  typeof crypto.hash === "function" ? (a, d) => crypto.hash(a, d, "hex") : (a, d) => crypto.createHash(a).update(d).digest("hex");

/** hash = H(prevHash ‖ "\n" ‖ canonical content) */
export function contentHash(algorithm: HashAlgorithm, prevHash: string, canonical: string): string {
  return digestHex(algorithm, `${prevHash}\n${canonical}`);
}

/** Links a batch onto the chain's head; seq numbers continue from the head's. */
export function sealBatch(algorithm: HashAlgorithm, head: { seq: number; hash: string }, batch: Omit<AuditContent, "seq">[]): SealedEntry[] {
  let prevHash = head.hash;
  return batch.map((content, i) => {
    const seq = head.seq + i + 1;
    const canonical = canonicalText(seq, content);
    const sealed = { seq, canonical, prevHash, hash: contentHash(algorithm, prevHash, canonical) };
    prevHash = sealed.hash;
    return sealed;
  });
}

/** `sealBatch` with the content kept alongside, as entries are exported. */
export function chainBatch(algorithm: HashAlgorithm, head: { seq: number; hash: string }, batch: Omit<AuditContent, "seq">[]): ChainedEntry[] {
  return sealBatch(algorithm, head, batch).map((s, i) => ({ ...batch[i], seq: s.seq, prevHash: s.prevHash, hash: s.hash }));
}

export type ChainBreak =
  | { seq: number; kind: "content"; message: string }
  | { seq: number; kind: "link"; message: string }
  | { seq: number; kind: "gap"; message: string; missingFrom: number; missingTo: number };

/**
 * Walks entries in seq order, keeping state across calls so a long chain can be
 * verified page by page with constant memory.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  checked = 0;
  readonly breaks: ChainBreak[] = [];

  constructor(
    private readonly algorithm: HashAlgorithm,
    start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
    private readonly maxBreaks = 100,
  ) {
    this.expectedSeq = start.seq + 1;
    this.prevHash = start.hash;
  }

  get ok() {
    return this.breaks.length === 0;
  }

  get firstBreak(): ChainBreak | undefined {
    return this.breaks[0];
  }

  get head() {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  /** Feeds the next page of entries with their content (an export); returns false once enough breaks are found to stop. */
  feed(entries: ChainedEntry[]): boolean {
    return this.feedSealed(entries.map((e) => ({ seq: e.seq, canonical: canonicalize(e), prevHash: e.prevHash, hash: e.hash })));
  }

  /** Feeds the next page of entries as canonical text (rendered by the database); returns false once enough breaks are found to stop. */
  feedSealed(entries: SealedEntry[]): boolean {
    for (const e of entries) {
      this.checked++;
      if (e.seq !== this.expectedSeq) {
        if (e.seq > this.expectedSeq) {
          this.breaks.push({
            seq: this.expectedSeq,
            kind: "gap",
            message: `entries ${this.expectedSeq}–${e.seq - 1} are missing`,
            missingFrom: this.expectedSeq,
            missingTo: e.seq - 1,
          });
        } else {
          this.breaks.push({ seq: e.seq, kind: "link", message: `entry ${e.seq} is out of order` });
        }
      }
      if (e.prevHash !== this.prevHash) {
        this.breaks.push({ seq: e.seq, kind: "link", message: `entry ${e.seq} does not link to the entry before it` });
      }
      // Checked against the entry's own stored prevHash, so each entry's content stands or falls on its own.
      if (contentHash(this.algorithm, e.prevHash, e.canonical) !== e.hash) {
        this.breaks.push({ seq: e.seq, kind: "content", message: `entry ${e.seq} was altered: its content does not match its hash` });
      }
      this.expectedSeq = e.seq + 1;
      this.prevHash = e.hash;
      if (this.breaks.length >= this.maxBreaks) return false;
    }
    return true;
  }
}
