// The object storage seam (DESIGN.md "Object storage"): uploaded files live behind this interface, in a
// local directory by default or in any S3-compatible store (MinIO, OSS, OBS). Keys are ids the platform
// generates, never names a user typed, so no implementation ever has to trust a key's content.
import type { Readable } from "node:stream";

export interface PutOptions {
  contentType: string;
  /** The size when known in advance (lets S3 skip multipart for small bodies); never trusted for limits. */
  size?: number;
}

/** What a put wrote: the byte count and SHA-256 measured on the bytes as they passed. */
export interface StoredObject {
  size: number;
  sha256: string;
}

export interface ObjectInfo {
  size: number;
  contentType: string | null;
}

/** Inclusive byte positions, as in HTTP's `Range: bytes=start-end`; `end` omitted = to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export type Body = Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ObjectStorage {
  readonly kind: "local" | "s3";
  /** Stores the whole body under `key`, or nothing: a failed or interrupted put never leaves a partial object. */
  put(key: string, body: Body, options: PutOptions): Promise<StoredObject>;
  /** The object's bytes, or one range of them. Rejects with ObjectNotFoundError when there is no such key. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and type, or null when there is no such key. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Removes the object; removing a missing key is not an error (deletes are retried). */
  delete(key: string): Promise<void>;
  /** Startup check: is the store reachable and writable? Throws a readable, bilingual error when not. */
  check(): Promise<void>;
  /** Every key under a prefix (tests and operator tools; not for request paths). */
  list(prefix: string): Promise<string[]>;
}

export class ObjectNotFoundError extends Error {
  override readonly name = "ObjectNotFoundError";
  readonly code = "object_not_found";
  constructor(readonly key: string) {
    super(`no object under key ${key}`);
  }
}

export class InvalidKeyError extends Error {
  override readonly name = "InvalidKeyError";
  readonly code = "invalid_key";
  constructor(readonly key: string) {
    super(`invalid object key: ${JSON.stringify(key).slice(0, 200)}`);
  }
}

// Segments of letters, digits, '.', '_' and '-', joined by single slashes; no segment is '.' or '..'.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * Refuses anything that could escape a directory or mean different things to different stores:
 * `..`, absolute paths, backslashes, empty segments, control characters. Both implementations call it,
 * although keys are generated, so a bug upstream cannot turn into a path traversal.
 */
export function assertKey(key: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > 512) throw new InvalidKeyError(String(key));
  const segments = key.split("/");
  if (!segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..")) throw new InvalidKeyError(key);
}

/** Validates a range against an object's size: an unsatisfiable range is the caller's to answer (416). */
export function checkRange(range: ByteRange | undefined, key: string): void {
  if (!range) return;
  const ok = Number.isSafeInteger(range.start) && range.start >= 0 && (range.end === undefined || (Number.isSafeInteger(range.end) && range.end >= range.start));
  if (!ok) throw new RangeError(`invalid byte range for ${key}: ${JSON.stringify(range)}`);
}
