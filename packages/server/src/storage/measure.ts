// Size and SHA-256 measured on the bytes as they stream into storage, so the digest recorded is the
// digest of what was stored, not of what a client claimed, and no implementation buffers to compute it.
import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import type { StoredObject } from "./types";

export class Measure extends Transform {
  private readonly hash = createHash("sha256");
  // Not `size`: lib-storage reads a body's `size` as its total length (as for a Blob).
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.byteLength;
    this.hash.update(chunk);
    done(null, chunk);
  }

  result(): StoredObject {
    return { size: this.bytes, sha256: this.hash.digest("hex") };
  }
}
