// Duplicate detection on a dataset's key in one pass over the rows. Each key is kept as a 53-bit hash
// in an open-addressing table of doubles, 16 to 32 bytes a row (against ~80 for a Set of strings):
// a million rows take at most 32 MB, ten million 256 MB. Two distinct keys share a
// hash with odds of about n²/2^54 (one in 18,000 at a million rows), which would count one duplicate
// too many in a quality report: acceptable for a report, and why rows are never rejected on it.

export class KeySet {
  private slots = new Float64Array(1 << 16);
  private count = 0;

  /** Adds the key made of `values` at `parts` (none of them null); false when it was there already. */
  add(values: readonly (string | null)[], parts: readonly number[]): boolean {
    // 0 marks an empty slot, so hashes are shifted off it.
    const h = cyrb53(values, parts) + 1;
    if (this.count * 2 >= this.slots.length) this.grow();
    return this.insert(this.slots, h);
  }

  private insert(slots: Float64Array, h: number): boolean {
    const mask = slots.length - 1;
    for (let i = h % slots.length; ; i = (i + 1) & mask) {
      if (slots[i] === 0) {
        slots[i] = h;
        this.count++;
        return true;
      }
      if (slots[i] === h) return false;
    }
  }

  private grow() {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.count = 0;
    for (const h of old) if (h !== 0) this.insert(this.slots, h);
  }
}

/**
 * cyrb53 (public domain), a fast 53-bit string hash with good dispersion, of the parts joined by NUL
 * (which no value holds): hashed in place, without building the joined string for every row.
 */
function cyrb53(values: readonly (string | null)[], parts: readonly number[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const p of parts) {
    const text = values[p]!;
    for (let i = 0; i <= text.length; i++) {
      const ch = i < text.length ? text.charCodeAt(i) : 0;
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
