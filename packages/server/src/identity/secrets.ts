import { createHash, createHmac, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** Password hashing (argon2id with the library's defaults). */
export const passwords = {
  hash: (password: string) => hash(password),
  verify: (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false),
};

/** A random bearer secret: session cookies and API tokens. */
export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Stored form of a bearer secret: a leaked table row cannot be replayed. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/**
 * Keyed hash of a citizen ID number (blind index): equality lookups work, but the
 * small space of valid numbers cannot be brute-forced without the platform key.
 */
export function blindIndex(key: string, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}:${value}`).digest("hex");
}
