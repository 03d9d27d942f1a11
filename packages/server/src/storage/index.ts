// Object storage for uploaded files: the interface, its two implementations, and configuration.
export { fileMaxBytesFromEnv, storageFromEnv, DEFAULT_FILE_MAX_MB } from "./from-env";
export { localStorage } from "./local";
export { s3Storage, type S3Options } from "./s3";
export {
  assertKey,
  InvalidKeyError,
  ObjectNotFoundError,
  type Body,
  type ByteRange,
  type ObjectInfo,
  type ObjectStorage,
  type PutOptions,
  type StoredObject,
} from "./types";
