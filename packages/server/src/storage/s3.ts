// Objects in any S3-compatible store (AWS, MinIO, Aliyun OSS, Huawei OBS). Uploads go through
// lib-storage's multipart Upload: the body is cut into parts of PART_SIZE and at most QUEUE_SIZE parts are
// in flight, so memory stays bounded whatever the file size; a failed upload is aborted (its parts
// deleted), so no partial object ever appears under the key: S3 makes an object visible only on Complete.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Measure } from "./measure";
import { assertKey, checkRange, ObjectNotFoundError, type ObjectStorage } from "./types";

export interface S3Options {
  /** e.g. http://127.0.0.1:9000 for MinIO; omitted for AWS itself. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (endpoint/bucket/key): what MinIO and most self-hosted stores need. */
  forcePathStyle?: boolean;
  /** Multipart part size in bytes (S3's minimum is 5 MiB). */
  partSize?: number;
  /** Parts uploaded at once. Memory is bounded by the parts held (in flight, being cut, being sent), not the file. */
  queueSize?: number;
}

// S3's minimum part size and two parts in flight: live memory measured at about 37 MB per upload whether
// the file is 150 MB or 300 MB (storage.test.ts measures a 50 MB one), at a few MB/s less than larger parts.
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

const notFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
};

export function s3Storage(options: S3Options): ObjectStorage & { client: S3Client } {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Checksums only when the operation requires them: several S3-compatible stores reject the newer
    // default (CRC32 trailers on every upload); integrity is ours anyway (the SHA-256 we record).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = options.bucket;

  const storage: ObjectStorage & { client: S3Client } = {
    kind: "s3",
    client,

    async put(key, body, { contentType }) {
      assertKey(key);
      const measure = new Measure();
      const source = body instanceof Readable ? body : Readable.from(body);
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: measure, ContentType: contentType },
        partSize: options.partSize ?? PART_SIZE,
        queueSize: options.queueSize ?? QUEUE_SIZE,
        leavePartsOnError: false,
      });
      // The pipeline fails the measure stream when the source fails (size limit, client gone), which
      // fails the Upload, which aborts the multipart upload. A failed Upload stops reading, so it must
      // fail the pipeline too or the source would wait on backpressure for ever. Both settle first.
      const fed = pipeline(source, measure);
      const done = upload.done().catch((err) => {
        measure.destroy(err);
        throw err;
      });
      const [uploaded, piped] = await Promise.allSettled([done, fed]);
      if (piped.status === "rejected") throw piped.reason;
      if (uploaded.status === "rejected") throw uploaded.reason;
      return measure.result();
    },

    async get(key, range) {
      assertKey(key);
      checkRange(range, key);
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined }),
        );
        return out.Body as Readable;
      } catch (err) {
        if (notFound(err)) throw new ObjectNotFoundError(key);
        throw err;
      }
    },

    async head(key) {
      assertKey(key);
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: out.ContentLength ?? 0, contentType: out.ContentType ?? null };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },

    async delete(key) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async check() {
      const probe = `_check/${randomUUID()}`;
      try {
        await storage.put(probe, [Buffer.from("ok")], { contentType: "text/plain" });
        await storage.delete(probe);
      } catch (err) {
        throw new Error(
          `对象存储不可用 / object storage unavailable (bucket ${Bucket} at ${options.endpoint ?? "AWS"}): ${(err as Error).name}: ${(err as Error).message}`,
        );
      }
    },

    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
  };
  return storage;
}
