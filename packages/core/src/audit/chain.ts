import { createHash } from "node:crypto";

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

/**
 * Canonical text of an entry: values in a fixed order, JSON-encoded (so no
 * separator can be forged inside a value), objects with sorted keys.
 */
export function canonicalize(c: AuditContent): string {
  return JSON.stringify([
    c.seq,
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
    c.fields,
    c.rowCount,
    c.purpose,
    c.grantId,
    c.ip,
    c.userAgent,
    c.payloadDigest,
    c.detail === null ? null : sortKeys(c.detail),
  ]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function entryHash(algorithm: HashAlgorithm, prevHash: string, content: AuditContent): string {
  return createHash(algorithm).update(prevHash).update("\n").update(canonicalize(content)).digest("hex");
}

/** Links a batch onto the chain's head; seq numbers continue from the head's. */
export function chainBatch(
  algorithm: HashAlgorithm,
  head: { seq: number; hash: string },
  batch: Omit<AuditContent, "seq">[],
): ChainedEntry[] {
  let prev = head.hash;
  return batch.map((content, i) => {
    const entry = { ...content, seq: head.seq + i + 1 };
    const hash = entryHash(algorithm, prev, entry);
    const chained = { ...entry, prevHash: prev, hash };
    prev = hash;
    return chained;
  });
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

  /** Feeds the next page; returns false once enough breaks are found to stop. */
  feed(entries: ChainedEntry[]): boolean {
    for (const e of entries) {
      this.checked++;
      if (e.seq !== this.expectedSeq) {
        if (e.seq > this.expectedSeq) {
          this.add({
            seq: this.expectedSeq,
            kind: "gap",
            message: `entries ${this.expectedSeq}–${e.seq - 1} are missing`,
            missingFrom: this.expectedSeq,
            missingTo: e.seq - 1,
          });
        } else {
          this.add({ seq: e.seq, kind: "link", message: `entry ${e.seq} is out of order` });
        }
      }
      if (e.prevHash !== this.prevHash) {
        this.add({ seq: e.seq, kind: "link", message: `entry ${e.seq} does not link to the entry before it` });
      }
      if (entryHash(this.algorithm, e.prevHash, e) !== e.hash) {
        this.add({ seq: e.seq, kind: "content", message: `entry ${e.seq} was altered: its content does not match its hash` });
      }
      this.expectedSeq = e.seq + 1;
      this.prevHash = e.hash;
      if (this.breaks.length >= this.maxBreaks) return false;
    }
    return true;
  }

  private add(b: ChainBreak) {
    this.breaks.push(b);
  }
}
