// Counts reads of each entry's data by anyone but its provider ("in use", 004 §16; "most used" in search),
// and remembers the signed-in readers (told of a revocation).
// Counted in memory and added every few seconds, so a busy entry's readers never queue on one row lock;
// a crash loses at most the last few seconds of a statistic (every read is on the audit record anyway).
import type { CatalogRepository } from "../catalog/repository";

export class UsageCounter {
  private pending = new Map<string, number>();
  /** datasetId → readers' user ids */
  private readers = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly catalog: Pick<CatalogRepository, "recordUse" | "recordUsers">,
    intervalMs = 5000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs).unref();
  }

  add(datasetId: string, userId: string | null): void {
    this.pending.set(datasetId, (this.pending.get(datasetId) ?? 0) + 1);
    if (!userId) return;
    const readers = this.readers.get(datasetId) ?? new Set<string>();
    this.readers.set(datasetId, readers.add(userId));
  }

  async flush(): Promise<void> {
    const [counts, readers] = [this.pending, this.readers];
    this.pending = new Map();
    this.readers = new Map();
    for (const [id, n] of counts) await this.catalog.recordUse(id, n);
    await this.catalog.recordUsers([...readers].flatMap(([datasetId, users]) => [...users].map((userId) => ({ datasetId, userId }))));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
