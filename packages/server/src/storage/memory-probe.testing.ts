// Run as its own process by storage.test.ts: streams a generated body of SHUYUAN_PROBE_MB through a store
// (put, then get) and prints the peak growth of live memory. A process of its own, because the test
// runner's heap would otherwise be measured too, and full collections in it are slow.
//   node --expose-gc --import tsx memory-probe.testing.ts   (environment: storageFromEnv's, plus SHUYUAN_PROBE_MB)
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import { storageFromEnv } from "./from-env";

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

// Live memory (JS heap + Buffers) after a full collection; RSS would mostly measure uncollected garbage.
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function* generated(total: number, digest: ReturnType<typeof createHash>) {
  const block = randomBytes(64 * 1024);
  for (let off = 0, n = 0; off < total; off += block.length, n++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(block.length, total - off)));
    chunk.writeUInt32BE(n, 0);
    digest.update(chunk);
    yield chunk;
  }
}

const total = Number(process.env.SHUYUAN_PROBE_MB ?? 50) * MB;
const storage = storageFromEnv(process.env, process.env.SHUYUAN_DATA_DIR ?? os.tmpdir());
const baseline = live();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, live())), 50);
const sent = createHash("sha256");
const stored = await storage.put("probe/large", generated(total, sent), { contentType: "application/octet-stream" });
const putPeak = peak;
peak = baseline;
const received = createHash("sha256");
let size = 0;
for await (const chunk of await storage.get("probe/large")) {
  received.update(chunk as Buffer);
  size += (chunk as Buffer).length;
}
clearInterval(sampler);
await storage.delete("probe/large");
console.log(JSON.stringify({ stored, sent: sent.digest("hex"), received: received.digest("hex"), size, grewMB: (Math.max(putPeak, peak) - baseline) / MB, putMB: (putPeak - baseline) / MB, getMB: (peak - baseline) / MB }));
