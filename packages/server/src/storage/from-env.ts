// Which object store the server uses, read from the environment once at start (config.ts calls these).
// Local directory by default (<data dir>/files), so a single-machine install needs no setup; S3-compatible
// when several instances must see the same files (DESIGN.md "Scale-out").
import path from "node:path";
import { z } from "zod";
import { localStorage } from "./local";
import { s3Storage } from "./s3";
import type { ObjectStorage } from "./types";

export const DEFAULT_FILE_MAX_MB = 200;

const required = (name: string) => z.string({ error: `${name} 必填 / is required when SHUYUAN_STORAGE=s3` }).min(1);

const envSchema = z.discriminatedUnion("SHUYUAN_STORAGE", [
  z.object({ SHUYUAN_STORAGE: z.literal("local") }),
  z.object({
    SHUYUAN_STORAGE: z.literal("s3"),
    SHUYUAN_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    SHUYUAN_S3_BUCKET: required("SHUYUAN_S3_BUCKET"),
    SHUYUAN_S3_REGION: z.string().min(1).default("us-east-1"),
    SHUYUAN_S3_ACCESS_KEY: required("SHUYUAN_S3_ACCESS_KEY"),
    SHUYUAN_S3_SECRET_KEY: required("SHUYUAN_S3_SECRET_KEY"),
    SHUYUAN_S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
  }),
]);

function fail(issues: readonly z.core.$ZodIssue[]): never {
  const lines = issues.map((i) => `  ${i.path.join(".") || "SHUYUAN_STORAGE"}: ${i.message}`);
  throw new Error(`配置错误 / invalid configuration:\n${lines.join("\n")}`);
}

/** The configured store; throws a bilingual configuration error naming each bad variable. */
export function storageFromEnv(env: NodeJS.ProcessEnv, dataDir: string): ObjectStorage {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "" && v !== undefined));
  const parsed = envSchema.safeParse({ SHUYUAN_STORAGE: "local", ...present });
  if (!parsed.success) fail(parsed.error.issues);
  const e = parsed.data;
  if (e.SHUYUAN_STORAGE === "local") return localStorage(path.join(path.resolve(dataDir), "files"));
  return s3Storage({
    endpoint: e.SHUYUAN_S3_ENDPOINT,
    bucket: e.SHUYUAN_S3_BUCKET,
    region: e.SHUYUAN_S3_REGION,
    accessKeyId: e.SHUYUAN_S3_ACCESS_KEY,
    secretAccessKey: e.SHUYUAN_S3_SECRET_KEY,
    // Self-hosted stores (MinIO, most OSS/OBS gateways) are addressed by path; AWS itself by host name.
    forcePathStyle: e.SHUYUAN_S3_FORCE_PATH_STYLE ? e.SHUYUAN_S3_FORCE_PATH_STYLE === "true" : !!e.SHUYUAN_S3_ENDPOINT,
  });
}

/** The largest file distribution accepted, in bytes (SHUYUAN_FILE_MAX_MB, default 200 MB). */
export function fileMaxBytesFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.SHUYUAN_FILE_MAX_MB;
  const parsed = z.coerce.number().positive().max(1024 * 1024).default(DEFAULT_FILE_MAX_MB).safeParse(raw === "" ? undefined : raw);
  if (!parsed.success) fail(parsed.error.issues.map((i) => ({ ...i, path: ["SHUYUAN_FILE_MAX_MB"] })));
  return Math.round(parsed.data * 1024 * 1024);
}
