import type { Bilingual } from "../profiles/schema";

// 004 §38: 使用安全等级较高的密码，定期更换密码. The figures are ours; the duty is the seed's.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** Of upper case, lower case, digits and symbols. */
export const PASSWORD_MIN_CLASSES = 3;

export type PasswordViolationCode = "too_short" | "too_long" | "too_few_classes" | "contains_login_name" | "common";

export type PasswordViolation = { code: PasswordViolationCode; message: Bilingual };

// Leaked-password favourites of 10+ characters; compared case-insensitively.
const COMMON_PASSWORDS = new Set([
  "password123", "password1234", "password@123", "passw0rd123", "p@ssw0rd123", "p@ssword123",
  "admin@12345", "admin123456", "administrator", "qwerty123456", "qwer1234!@#$", "1qaz2wsx3edc",
  "1qaz@wsx3edc", "1qaz!qaz2wsx", "zaq12wsxcde3", "abc123456789", "aa123456789", "a1234567890",
  "abcd@123456", "abcd1234!@#$", "welcome123", "welcome@123", "iloveyou123", "woaini1314",
  "woaini520!", "changeme123", "root@123456", "test@123456", "huawei@123", "huawei12#$",
]);

// Login names shorter than this would forbid too many passwords for no gain.
const LOGIN_NAME_MIN_CHECKED = 3;

/** Every rule the password breaks; an empty list means it is acceptable. */
export function checkPassword(password: string, options: { loginName?: string } = {}): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const length = [...password].length;

  if (length < PASSWORD_MIN_LENGTH) {
    violations.push({
      code: "too_short",
      message: { zh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `at least ${PASSWORD_MIN_LENGTH} characters` },
    });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    violations.push({
      code: "too_long",
      message: { zh: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`, en: `at most ${PASSWORD_MAX_LENGTH} characters` },
    });
  }
  if (characterClasses(password) < PASSWORD_MIN_CLASSES) {
    violations.push({
      code: "too_few_classes",
      message: {
        zh: "大写字母、小写字母、数字、符号中至少包含三类",
        en: "use at least three of: upper case, lower case, digits, symbols",
      },
    });
  }
  const name = options.loginName?.trim().toLowerCase();
  if (name && name.length >= LOGIN_NAME_MIN_CHECKED && password.toLowerCase().includes(name)) {
    violations.push({
      code: "contains_login_name",
      message: { zh: "密码不能包含登录名", en: "must not contain the login name" },
    });
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    violations.push({
      code: "common",
      message: { zh: "密码过于常见", en: "too common" },
    });
  }
  return violations;
}

function characterClasses(password: string): number {
  let upper = false, lower = false, digit = false, symbol = false;
  for (const ch of password) {
    if (/\p{Lu}/u.test(ch)) upper = true;
    else if (/\p{Ll}/u.test(ch)) lower = true;
    else if (/\p{Nd}/u.test(ch)) digit = true;
    else symbol = true;
  }
  return Number(upper) + Number(lower) + Number(digit) + Number(symbol);
}

const DAY_MS = 86_400_000;

/** 004 §38 定期更换密码: true once `maxAgeDays` have passed since the change; null = never. */
export function passwordExpired(changedAt: Date, now: Date, maxAgeDays: number | null): boolean {
  if (maxAgeDays === null) return false;
  return now.getTime() - changedAt.getTime() >= maxAgeDays * DAY_MS;
}

export type LockoutPolicy = { maxFailures: number; lockMinutes: number };

/**
 * When the account unlocks, or null if it is not locked. `failureCount` is the consecutive
 * failures since the last successful login; once it reaches the limit every further failure
 * locks again for `lockMinutes` from that failure, so guessing stays slow after the first lock.
 */
export function lockedUntil(failureCount: number, lastFailureAt: Date | null, policy: LockoutPolicy): Date | null {
  if (failureCount < policy.maxFailures || !lastFailureAt) return null;
  return new Date(lastFailureAt.getTime() + policy.lockMinutes * 60_000);
}

/** Attempts while locked are refused before the password is checked. */
export function isLockedOut(
  failureCount: number,
  lastFailureAt: Date | null,
  now: Date,
  policy: LockoutPolicy,
): boolean {
  const until = lockedUntil(failureCount, lastFailureAt, policy);
  return until !== null && now < until;
}
