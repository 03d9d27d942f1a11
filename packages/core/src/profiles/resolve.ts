import type { z } from "zod";
import { PRESETS } from "./presets";
import { PROFILE_IDS, profileSchema, type Bilingual, type Profile, type ProfileId } from "./schema";

export const DEFAULT_PROFILE_ID: ProfileId = "heilongjiang";

/** A bad profile id or override; `key` names the offending value (dotted path). */
export class ProfileError extends Error {
  readonly messages: Bilingual;
  readonly key?: string;
  constructor(messages: Bilingual, key?: string) {
    super(`${messages.zh} / ${messages.en}`);
    this.name = "ProfileError";
    this.messages = messages;
    this.key = key;
  }
}

export function isProfileId(id: string): id is ProfileId {
  return (PROFILE_IDS as readonly string[]).includes(id);
}

/**
 * The preset for `id` with per-value `overrides` deep-merged in (plain objects merge,
 * everything else replaces; `null` sets a clock to "not governed"), validated as a whole.
 */
export function resolveProfile(id: string = DEFAULT_PROFILE_ID, overrides?: unknown): Profile {
  if (!isProfileId(id)) {
    throw new ProfileError(
      {
        zh: `未知的辖区配置 "${id}"，可选：${PROFILE_IDS.join("、")}`,
        en: `unknown profile "${id}"; expected one of ${PROFILE_IDS.join(", ")}`,
      },
      "id",
    );
  }
  if (overrides !== undefined && !isPlainObject(overrides)) {
    throw new ProfileError({ zh: "配置覆盖项必须是对象", en: "profile overrides must be an object" });
  }
  // The id picks the preset; letting an override change it would make the two disagree.
  if (overrides && "id" in overrides && overrides.id !== id) {
    throw new ProfileError(
      { zh: `配置项 "id" 不能被覆盖`, en: `profile key "id" cannot be overridden` },
      "id",
    );
  }

  const merged = overrides ? deepMerge(PRESETS[id], overrides) : structuredClone(PRESETS[id]);
  const parsed = profileSchema.safeParse(merged);
  if (!parsed.success) throw toProfileError(parsed.error.issues[0]);
  return parsed.data;
}

function toProfileError(issue: z.core.$ZodIssue): ProfileError {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const key = [...path, issue.keys[0]].join(".");
    return new ProfileError({ zh: `未知的配置项 "${key}"`, en: `unknown profile key "${key}"` }, key);
  }
  const key = path.join(".");
  return new ProfileError(
    { zh: `配置项 "${key}" 的值无效：${issue.message}`, en: `invalid value for profile key "${key}": ${issue.message}` },
    key,
  );
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined) continue;
    // defineProperty, not assignment: a JSON "__proto__" key must stay a plain (unknown) key.
    const value = Object.hasOwn(out, k) ? deepMerge(out[k], v) : v;
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
