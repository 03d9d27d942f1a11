// The upload size limit, enforced on the bytes as they pass: a declared size can lie (or be absent on a
// chunked upload), so the stream stops the moment it crosses the limit instead of after reading it all.
import { tooLarge } from "./errors";

export interface ByteCounter {
  bytes: number;
}

export async function* limitBytes(source: AsyncIterable<Uint8Array | string>, max: number, counter: ByteCounter): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    counter.bytes += buf.byteLength;
    if (counter.bytes > max) throw tooLarge(max);
    yield buf;
  }
}
