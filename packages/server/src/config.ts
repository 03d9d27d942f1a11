import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { mailFromEnv, type MailConfig } from "./mail/config";
import { fileMaxBytesFromEnv, storageFromEnv, type ObjectStorage } from "./storage";

/** Everything the server reads from its environment, validated once at start. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  profileId: string;
  /** Per-value profile overrides read from SHUYUAN_CONFIG (JSON). */
  profileOverrides: Record<string, unknown>;
  /** Secret for keyed hashes (citizen ID lookup); from SHUYUAN_SECRET or a key file in the data dir. */
  secret: string;
  /** Mark cookies Secure (set when served behind HTTPS). */
  secureCookies: boolean;
  seedDemo: boolean;
  /** Load the demo catalog's tables on the first start (tests leave it off: seconds per server). */
  seedDemoData: boolean;
  /** Hash of the audit chain, fixed at the first start: SM3 (default) or SHA-256. */
  auditHash: "sm3" | "sha256";
  /** Minutes between automatic signed checkpoints of the audit record (0 = only on demand). */
  auditCheckpointMinutes: number;
  /** Where file distributions live: <dataDir>/files, or an S3-compatible bucket (SHUYUAN_STORAGE=s3). */
  storage: ObjectStorage;
  /** Largest accepted file distribution in bytes (SHUYUAN_FILE_MAX_MB, default 200). */
  fileMaxBytes: number;
  /** E-mail copies of notifications (SHUYUAN_SMTP_URL, SHUYUAN_MAIL_FROM); null = in-app only. */
  mail: MailConfig | null;
  /** Memory for pages of table data kept between reads (SHUYUAN_PAGE_CACHE_MB, default 32; 0 turns it off). */
  pageCacheBytes: number;
  /** Never off in a deployment (not read from the environment): bench/ turns it off to measure the audit's cost. */
  auditEnabled: boolean;
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  SHUYUAN_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  SHUYUAN_PROFILE: z.string().min(1).default("heilongjiang"),
  SHUYUAN_CONFIG: z.string().optional(),
  SHUYUAN_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SHUYUAN_SECURE_COOKIES: z.enum(["true", "false"]).optional(),
  SHUYUAN_DEMO: z.enum(["true", "false"]).default("true"),
  SHUYUAN_DEMO_DATA: z.enum(["true", "false"]).default("true"),
  SHUYUAN_AUDIT_HASH: z.enum(["sm3", "sha256"]).default("sm3"),
  SHUYUAN_AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(0).max(10080).default(60),
  SHUYUAN_PAGE_CACHE_MB: z.coerce.number().int().min(0).max(65536).default(32),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`配置错误 / invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.SHUYUAN_DATA_DIR);
  let profileOverrides: Record<string, unknown> = {};
  if (e.SHUYUAN_CONFIG) {
    try {
      const file = JSON.parse(fs.readFileSync(e.SHUYUAN_CONFIG, "utf8"));
      profileOverrides = file.profile ?? {};
    } catch (err) {
      throw new Error(`无法读取配置文件 / cannot read config file ${e.SHUYUAN_CONFIG}: ${(err as Error).message}`);
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    profileId: e.SHUYUAN_PROFILE,
    profileOverrides,
    secret: e.SHUYUAN_SECRET ?? readOrCreateSecret(dataDir),
    secureCookies: e.SHUYUAN_SECURE_COOKIES === "true",
    seedDemo: e.SHUYUAN_DEMO === "true",
    seedDemoData: e.SHUYUAN_DEMO === "true" && e.SHUYUAN_DEMO_DATA === "true",
    auditHash: e.SHUYUAN_AUDIT_HASH,
    auditCheckpointMinutes: e.SHUYUAN_AUDIT_CHECKPOINT_MINUTES,
    auditEnabled: true,
    pageCacheBytes: e.SHUYUAN_PAGE_CACHE_MB * 1024 * 1024,
    storage: storageFromEnv(env, dataDir),
    fileMaxBytes: fileMaxBytesFromEnv(env),
    mail: mailFromEnv(env, { host: e.HOST, port: e.PORT }),
    ...overrides,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret.key");
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    // wx: never overwrite a key another instance wrote meanwhile
    try {
      fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
