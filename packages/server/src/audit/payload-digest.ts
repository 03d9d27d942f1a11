import { createHash } from "node:crypto";
import type { HashAlgorithm } from "@shuyuan/core";

/** Responses kept with their digest, in characters: a few hundred pages. */
const KEPT_CHARS = 2_000_000;

/**
 * The digest an audit entry keeps of its response. The same response text is often sent again (a page
 * the datastore's page cache serves, a catalog page): its digest is looked up by the text rather than
 * hashed again, which cost a cached read more than anything else in its entry (SM3 runs ~130 MB/s here).
 * The least recently sent texts are dropped first.
 */
export function payloadDigest(algorithm: HashAlgorithm) {
  const hash = (payload: string | Uint8Array) => createHash(algorithm).update(payload).digest("hex");
  const kept = new Map<string, string>();
  let keptChars = 0;
  return (payload: string | Uint8Array): string => {
    if (typeof payload !== "string" || payload.length > KEPT_CHARS / 16) return hash(payload);
    let digest = kept.get(payload);
    if (digest !== undefined) {
      kept.delete(payload);
    } else {
      digest = hash(payload);
      keptChars += payload.length;
      for (const text of kept.keys()) {
        if (keptChars <= KEPT_CHARS) break;
        kept.delete(text);
        keptChars -= text.length;
      }
    }
    kept.set(payload, digest);
    return digest;
  };
}
