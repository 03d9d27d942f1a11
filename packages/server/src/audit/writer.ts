import { GENESIS_HASH, sealBatch, type AuditContent, type HashAlgorithm, type SealedEntry } from "@shuyuan/core";
import { sealedCopyText } from "./copy-text";
import { payloadDigest } from "./payload-digest";
import { sealedRowsLiteral, type AuditRepository, type ChainHead } from "./repository";

export type AuditInput = Partial<Omit<AuditContent, "seq" | "at" | "action" | "outcome">> &
  Pick<AuditContent, "action" | "outcome"> & {
    /** The response the entry describes: the writer stores its digest as payloadDigest (hashed where the entry is sealed). */
    payload?: string | Uint8Array;
  };

interface Pending {
  content: Omit<AuditContent, "seq">;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID column's value as PostgreSQL prints it (lowercase), or a refusal. */
function uuid(value: string | null | undefined, name: string): string | null {
  if (value == null) return null;
  const lower = value.toLowerCase();
  if (!UUID.test(lower)) throw new Error(`audit entry: ${name} is not a UUID`);
  return lower;
}

/** A text column's value; PostgreSQL text cannot hold NUL. */
function text(value: string | null | undefined, name: string): string | null {
  if (value?.includes("\0")) throw new Error(`audit entry: ${name} contains a NUL character`);
  return value ?? null;
}

function rowCount(value: number | null | undefined): number | null {
  if (value != null && !Number.isSafeInteger(value)) throw new Error("audit entry: rowCount is not an integer");
  return value ?? null;
}

// Entries arriving within the same millisecond share its ISO text instead of formatting a Date each.
let lastMs = 0;
let lastIso = "";
function now(): string {
  const ms = Date.now();
  if (ms !== lastMs) [lastMs, lastIso] = [ms, new Date(ms).toISOString()];
  return lastIso;
}

/**
 * The entry as the database will store and print it, since verification
 * compares the hashed text with what PostgreSQL prints. A value the table
 * cannot hold is refused here, on its own, instead of failing the whole chunk
 * it would join. (Spelled out field by field: spreading a defaults object costs
 * several microseconds per entry.)
 */
function normalize(input: AuditInput, digest: (payload: string | Uint8Array) => string): Omit<AuditContent, "seq"> {
  return {
    at: now(),
    action: text(input.action, "action")!,
    outcome: input.outcome,
    actorUserId: uuid(input.actorUserId, "actorUserId"),
    actorOrganisationId: uuid(input.actorOrganisationId, "actorOrganisationId"),
    tokenId: uuid(input.tokenId, "tokenId"),
    regionCode: text(input.regionCode, "regionCode"),
    subjectType: text(input.subjectType, "subjectType"),
    subjectId: text(input.subjectId, "subjectId"),
    datasetId: uuid(input.datasetId, "datasetId"),
    fields: input.fields?.map((f) => text(f, "fields")!) ?? null,
    rowCount: rowCount(input.rowCount),
    purpose: text(input.purpose, "purpose"),
    grantId: uuid(input.grantId, "grantId"),
    ip: text(input.ip, "ip"),
    userAgent: text(input.userAgent, "userAgent"),
    payloadDigest: input.payload != null ? digest(input.payload) : text(input.payloadDigest, "payloadDigest"),
    detail: input.detail ?? null,
  };
}

/**
 * Rows per INSERT: small enough that preparing the next chunk overlaps storing
 * this one. Chunks start small and double, since nothing overlaps preparing the
 * first and each one must keep the database busy while we prepare the next.
 */
const FIRST_CHUNK = 250;
const CHUNK = 1000;

/**
 * From this many entries a chunk goes by COPY where the database takes it:
 * fewer PostgreSQL CPU per row, but a round trip more than the single call
 * that suits the small group commits of a server under ordinary load.
 */
const COPY_FROM = 100;

const GENESIS = { seq: 0, hash: GENESIS_HASH };

/** A chunk linked to a head: its entries sealed and written out as rows, for COPY or as one array. */
interface Linked {
  after: ChainHead | null;
  sealed: SealedEntry[];
  rows: { copy: Buffer } | { array: string };
  last: ChainHead;
}

/**
 * Group commit for the audit chain. Callers await `append`, which resolves once
 * their entry is committed; entries arriving while a chunk is being written form
 * the next. Each chunk is linked to the head we expect and appended in one round
 * trip, which PostgreSQL performs under the chain lock only if that is still the
 * head; if another server process appended first, the chunk is linked again
 * under the lock. So several processes extend one chain, and a crash loses only
 * uncommitted, unacknowledged entries — never a link.
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  /** The head after our last append: a guess, since other processes append too. */
  private head: ChainHead | null = null;
  private readonly digest: ReturnType<typeof payloadDigest>;

  constructor(
    private readonly repo: AuditRepository,
    readonly algorithm: HashAlgorithm,
  ) {
    this.digest = payloadDigest(algorithm);
  }

  append(input: AuditInput): Promise<number> {
    if (this.closed) return Promise.reject(new Error("audit writer is closed"));
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ content: normalize(input, this.digest), resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Writes everything queued; used on clean shutdown. */
  async close() {
    this.closed = true;
    while (this.running) await this.running;
  }

  /**
   * Prepares chunk n+1 (canonical text, hashes, row literals) while PostgreSQL
   * stores chunk n: the two run on different cores.
   */
  private async drain() {
    // Yield once so entries appended in the same tick join the first chunk.
    await new Promise((r) => setImmediate(r));
    let stored: Promise<ChainHead | null> = Promise.resolve(this.head);
    try {
      let size = FIRST_CHUNK;
      while (this.queue.length) {
        // A short queue is worth holding until the database is free: preparing it
        // is quick, and what arrives meanwhile joins it, sharing the round trip.
        if (this.queue.length < size) await stored;
        const chunk = this.queue.splice(0, size);
        let linked = this.link(chunk, this.head);
        const head = await stored;
        // The chunk before was linked again elsewhere: follow it.
        if (head !== linked.after) linked = this.link(chunk, head);
        this.head = linked.last;
        let sent!: () => void;
        const onWire = new Promise<void>((r) => (sent = r));
        stored = this.store(chunk, linked, sent);
        // Let the append reach the socket before the CPU-bound work on the next
        // chunk. A COPY's rows follow only once the server has answered its head
        // check, and only this thread can send them: linking first would leave
        // the database idle for as long as that takes.
        await new Promise((r) => setImmediate(r));
        await Promise.race([onWire, stored]);
        if (this.queue.length) {
          size = Math.min(2 * size, CHUNK);
        } else {
          // Idle: entries arriving meanwhile start the next run of chunks.
          this.head = await stored;
          size = FIRST_CHUNK;
        }
      }
    } finally {
      this.running = null;
    }
  }

  private seal(chunk: Pending[], after: ChainHead | null) {
    return sealBatch(this.algorithm, after ?? GENESIS, chunk.map((p) => p.content));
  }

  private link(chunk: Pending[], after: ChainHead | null): Linked {
    const sealed = this.seal(chunk, after);
    const rows = this.repo.copyIfHead && sealed.length >= COPY_FROM ? { copy: sealedCopyText(sealed) } : { array: sealedRowsLiteral(sealed) };
    return { after, sealed, rows, last: sealed[sealed.length - 1] };
  }

  /**
   * Appends the chunk and settles its callers; returns the head it leaves (a
   * guess after a failure). `sent` is called once the rows are on their way.
   */
  private async store(chunk: Pending[], linked: Linked, sent: () => void): Promise<ChainHead | null> {
    try {
      const { rows, after } = linked;
      let appended: boolean;
      if ("copy" in rows) appended = await this.repo.copyIfHead!(rows.copy, after, sent);
      else {
        const appending = this.repo.appendIfHead(rows.array, after);
        sent();
        appended = await appending;
      }
      const sealed = appended ? linked.sealed : await this.relink(chunk);
      chunk.forEach((p, i) => p.resolve(sealed[i].seq));
      return sealed[sealed.length - 1];
    } catch (err) {
      chunk.forEach((p) => p.reject(err));
      return linked.last;
    }
  }

  /** Another process appended first: link the chunk to the head read under the lock, held until commit. */
  private relink(chunk: Pending[]): Promise<SealedEntry[]> {
    return this.repo.transaction(async (trx) => {
      const sealed = this.seal(chunk, await this.repo.lockedHead(trx));
      await this.repo.insertRows(trx, sealedRowsLiteral(sealed));
      return sealed;
    });
  }
}
