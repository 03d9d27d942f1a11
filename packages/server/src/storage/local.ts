// Objects as files under one directory. A put streams into a temporary file, flushes it to disk and
// renames it over the key: rename is atomic on one filesystem, so a crash or a failed upload leaves at
// most a stray temporary file (swept by check()), never a half-written object under its key.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Measure } from "./measure";
import { assertKey, checkRange, ObjectNotFoundError, type ByteRange, type ObjectStorage } from "./types";

// Keys never start with '.', so this directory cannot collide with an object.
const TEMP_DIR = ".tmp";
// A temporary file this old belongs to an upload that died (crash, kill -9): nothing will rename it.
const STALE_TEMP_MS = 24 * 3600_000;

const missing = (err: unknown) => ["ENOENT", "ENOTDIR"].includes((err as NodeJS.ErrnoException).code ?? "");

export function localStorage(dir: string): ObjectStorage {
  const root = path.resolve(dir);

  /** The file of a key, checked twice: by the key grammar and by where the path lands. */
  function fileOf(key: string): string {
    assertKey(key);
    const file = path.join(root, ...key.split("/"));
    if (!file.startsWith(root + path.sep)) throw new Error(`key ${key} escapes the storage directory`);
    return file;
  }

  const storage: ObjectStorage = {
    kind: "local",

    async put(key, body) {
      const target = fileOf(key);
      const tempDir = path.join(root, TEMP_DIR);
      await fs.mkdir(tempDir, { recursive: true });
      const temp = path.join(tempDir, `${randomUUID()}.part`);
      const measure = new Measure();
      try {
        // flush: fsync before close, so the rename never publishes a file whose bytes a power cut could lose.
        await pipeline(body, measure, createWriteStream(temp, { flags: "wx", mode: 0o640, flush: true }));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.rename(temp, target);
        return measure.result();
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
    },

    async get(key, range?: ByteRange): Promise<Readable> {
      const file = fileOf(key);
      checkRange(range, key);
      // Opened before streaming so a missing key is an error here, not a failed stream later.
      const handle = await fs.open(file, "r").catch((err) => {
        throw missing(err) ? new ObjectNotFoundError(key) : err;
      });
      return handle.createReadStream({ start: range?.start, end: range?.end });
    },

    async head(key) {
      const stat = await fs.stat(fileOf(key)).catch((err) => {
        if (missing(err)) return null;
        throw err;
      });
      return stat?.isFile() ? { size: stat.size, contentType: null } : null;
    },

    async delete(key) {
      await fs.rm(fileOf(key), { force: true });
    },

    async check() {
      await fs.mkdir(path.join(root, TEMP_DIR), { recursive: true });
      const now = Date.now();
      for (const name of await fs.readdir(path.join(root, TEMP_DIR))) {
        const file = path.join(root, TEMP_DIR, name);
        const stat = await fs.stat(file).catch(() => null);
        if (stat && now - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true });
      }
      const probe = `_check/${randomUUID()}`;
      try {
        await storage.put(probe, [Buffer.from("ok")], { contentType: "text/plain" });
        await storage.delete(probe);
      } catch (err) {
        throw new Error(`文件存储目录不可写 / storage directory ${root} is not writable: ${(err as Error).message}`);
      }
    },

    async list(prefix) {
      const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch((err) => {
        if (missing(err)) return [];
        throw err;
      });
      return entries
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join("/"))
        .filter((key) => !key.startsWith(`${TEMP_DIR}/`) && key.startsWith(prefix))
        .sort();
    },
  };
  return storage;
}
