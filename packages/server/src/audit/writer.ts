import { chainBatch, GENESIS_HASH, type AuditContent, type HashAlgorithm } from "@shuyuan/core";
import type { AuditRepository } from "./repository";

export type AuditInput = Partial<Omit<AuditContent, "seq" | "at" | "action" | "outcome">> & Pick<AuditContent, "action" | "outcome">;

interface Pending {
  content: Omit<AuditContent, "seq">;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

const EMPTY: Omit<AuditContent, "seq" | "at" | "action" | "outcome"> = {
  actorUserId: null, actorOrganisationId: null, tokenId: null, regionCode: null, subjectType: null,
  subjectId: null, datasetId: null, fields: null, rowCount: null, purpose: null, grantId: null, ip: null,
  userAgent: null, payloadDigest: null, detail: null,
};

/**
 * Group commit for the audit chain. Callers await `append`, which resolves once
 * their entry is committed; entries arriving while a batch is being written form
 * the next batch. One transaction per batch, under a PostgreSQL advisory lock, so
 * several server processes extend one chain and a crash loses only uncommitted,
 * unacknowledged entries — never a link.
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly repo: AuditRepository,
    readonly algorithm: HashAlgorithm,
    private readonly maxBatch = 5000,
  ) {}

  append(input: AuditInput): Promise<number> {
    if (this.closed) return Promise.reject(new Error("audit writer is closed"));
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ content: { ...EMPTY, ...input, at: new Date().toISOString(), detail: input.detail ?? null }, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Writes everything queued; used on clean shutdown. */
  async close() {
    this.closed = true;
    while (this.running) await this.running;
  }

  private async drain() {
    // Yield once so entries appended in the same tick join the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const seqs = await this.write(batch.map((p) => p.content));
          batch.forEach((p, i) => p.resolve(seqs[i]));
        } catch (err) {
          batch.forEach((p) => p.reject(err));
        }
      }
    } finally {
      this.running = null;
    }
  }

  private write(batch: Omit<AuditContent, "seq">[]): Promise<number[]> {
    return this.repo.transaction(async (trx) => {
      const head = (await this.repo.lockedHead(trx)) ?? { seq: 0, hash: GENESIS_HASH };
      const chained = chainBatch(this.algorithm, head, batch);
      await this.repo.insertBatch(trx, chained);
      return chained.map((e) => e.seq);
    });
  }
}
