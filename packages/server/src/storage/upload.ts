// Receiving one uploaded file into object storage, shared by every upload route (file distributions, case
// attachments): a declared size far past the limit is refused before a byte is read; the limit is counted
// as bytes pass (a smaller declared size proves nothing); the type is sniffed from the first bytes; the
// bytes are stored under a generated key. Any refusal leaves nothing stored.
import { randomUUID } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, errors } from "../http/errors";
import { sanitiseFileName } from "./file-name";
import { ALLOWED_TYPES, SNIFF_BYTES, sniffFile } from "./media-type";
import type { ObjectStorage } from "./types";

// A multipart body is the file plus boundaries, part headers and (at most ten) small fields.
const MULTIPART_OVERHEAD = 1024 * 1024;

export const tooLarge = (max: number) => {
  const mb = `${Math.round((max / 1024 / 1024) * 10) / 10} MB`;
  return new AppError(413, "file_too_large", { zh: `文件超过 ${mb} 的上限`, en: `The file is larger than the ${mb} limit` });
};

/** Counts bytes as they pass and fails the moment they exceed `max`: a declared size can lie. */
async function* limited(source: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > max) throw tooLarge(max);
      yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (err) {
    // @fastify/multipart's own limit (set one byte above ours) may fire first: the same answer.
    if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge(max);
    throw err;
  }
}

/** The first `n` bytes (fewer if the body is shorter) and the whole body again, without buffering the rest. */
async function peek(source: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; body: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    chunks.push(r.value);
    length += r.value.byteLength;
  }
  const head = Buffer.concat(chunks);
  async function* body() {
    yield head;
    if (ended) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: head.subarray(0, n), body: body() };
}

export interface IncomingFile {
  filename: string;
  stream: AsyncIterable<Uint8Array>;
}

/** What was stored: the generated id and key, the cleaned name, the sniffed type and the measured bytes. */
export interface StoredUpload {
  id: string;
  key: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface UploadRules {
  maxBytes: number;
  /** The storage key of a new object, from its generated id. */
  keyFor: (id: string) => string;
  /** Media types this upload accepts (default: every type the platform stores, media-type.ts). */
  accept?: readonly string[];
}

function refuseType(accept: readonly string[]): AppError {
  const kinds = ALLOWED_TYPES.filter((t) => accept.includes(t.mediaType)).map((t) => t.kind.toUpperCase());
  return new AppError(415, "unsupported_type", { zh: `此处仅接受 ${kinds.join("、")} 文件`, en: `Only ${kinds.join(", ")} files are accepted here` });
}

/**
 * Sniffs the first bytes, streams the rest into storage with the size limit enforced on the way, then
 * `record`s what was stored. An object without its record is unreachable, so a failed record removes it
 * (best effort; a crash exactly there leaves an orphan object that nothing serves).
 */
export async function storeUpload<T>(
  storage: ObjectStorage,
  incoming: IncomingFile | undefined,
  rules: UploadRules,
  record: (stored: StoredUpload) => Promise<T>,
): Promise<T> {
  if (!incoming) throw errors.field("file", { zh: "请上传文件（表单字段 file）", en: 'Upload a file (form field "file")' });
  const { head, body } = await peek(limited(incoming.stream, rules.maxBytes), SNIFF_BYTES);
  const sniffed = await sniffFile(head, sanitiseFileName(incoming.filename));
  if (!sniffed.ok) throw new AppError(415, sniffed.code, sniffed.message);
  if (rules.accept && !rules.accept.includes(sniffed.type.mediaType)) throw refuseType(rules.accept);
  const id = randomUUID();
  const key = rules.keyFor(id);
  const stored = await storage.put(key, body, { contentType: sniffed.type.mediaType });
  return record({ id, key, name: sniffed.name, mediaType: sniffed.type.mediaType, size: stored.size, sha256: stored.sha256 }).catch(async (err) => {
    await storage.delete(key).catch(() => undefined);
    throw err;
  });
}

/**
 * The route side of an upload (multipart field `file`): refuses a declared size far past the limit before
 * reading (closing the connection rather than draining it), caps @fastify/multipart one byte above ours so
 * our counter (and its bilingual answer) normally trips first, and drains what is left of a refused body so
 * the client reads the error. `handle` calls `receive` only once it has decided the caller may upload.
 */
export async function receiveUpload<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  maxBytes: number,
  handle: (receive: () => Promise<IncomingFile | undefined>) => Promise<T>,
): Promise<T> {
  if (Number(request.headers["content-length"]) > maxBytes + MULTIPART_OVERHEAD) {
    reply.header("connection", "close");
    throw tooLarge(maxBytes);
  }
  const received: { stream?: NodeJS.ReadableStream } = {};
  try {
    return await handle(async () => {
      if (!request.isMultipart()) return undefined;
      const file = await request.file({ limits: { fileSize: maxBytes + 1, files: 1 }, throwFileSizeLimit: true });
      if (!file) return undefined;
      received.stream = file.file;
      return file.fieldname === "file" ? { filename: file.filename, stream: file.file } : undefined;
    });
  } catch (err) {
    // Read and drop what is left of the body, so the connection stays usable for the next request.
    received.stream?.resume();
    throw err;
  }
}
