// Counts reads of each entry's data by anyone but its provider ("in use", 004 §16; "most used" in search).
// Counted in memory and added every few seconds, so a busy entry's readers never queue on one row lock;
// a crash loses at most the last few seconds of a statistic (every read is on the audit record anyway).
import type { CatalogRepository } from "../catalog/repository";

export class UsageCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout;

  constructor(
    private readonly catalog: Pick<CatalogRepository, "recordUse">,
    intervalMs = 5000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs).unref();
  }

  add(datasetId: string): void {
    this.pending.set(datasetId, (this.pending.get(datasetId) ?? 0) + 1);
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const [id, n] of batch) await this.catalog.recordUse(id, n);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
