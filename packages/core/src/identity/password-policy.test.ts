import { describe, expect, it } from "vitest";
import { checkPassword, isLockedOut, lockedUntil, passwordExpired } from "./password-policy";

const codes = (password: string, loginName?: string) => checkPassword(password, { loginName }).map((v) => v.code);

describe("004 §38: strong passwords (使用安全等级较高的密码)", () => {
  it("accepts a long password with three classes", () => {
    expect(checkPassword("Harbin-winter-2025")).toEqual([]);
    expect(checkPassword("songhua river 9")).toEqual([]);
  });

  it("refuses fewer than 10 characters", () => {
    expect(codes("Ab1!xyz9")).toEqual(["too_short"]);
    expect(codes("Ab1!xyz9k")).toEqual(["too_short"]);
    expect(codes("Ab1!xyz9kq")).toEqual([]);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(codes("数据共享开放平Ab1")).toEqual([]);
    expect(codes("😀😀😀😀Ab1")).toEqual(["too_short"]);
  });

  it("refuses more than 128 characters", () => {
    expect(codes("Aa1!".repeat(32))).toEqual([]);
    expect(codes("Aa1!".repeat(32) + "x")).toEqual(["too_long"]);
  });

  it("needs three of upper, lower, digit, symbol", () => {
    expect(codes("alllowercase")).toEqual(["too_few_classes"]);
    expect(codes("lowercase123")).toEqual(["too_few_classes"]);
    expect(codes("lowercase12#")).toEqual([]);
    expect(codes("UPPERCASE12#")).toEqual([]);
    expect(codes("UpperLower12")).toEqual([]);
  });

  it("refuses a password containing the login name, whatever its case", () => {
    expect(codes("ZhangWei#2025", "zhangwei")).toEqual(["contains_login_name"]);
    expect(codes("xx-ZHANGWEI-9a", "ZhangWei")).toEqual(["contains_login_name"]);
    expect(codes("Harbin-winter-2025", "zhangwei")).toEqual([]);
  });

  it("ignores login names too short to matter", () => {
    expect(codes("Harbin-winter-2025", "ha")).toEqual([]);
  });

  it("refuses common passwords case-insensitively", () => {
    expect(codes("P@ssw0rd123")).toEqual(["common"]);
    expect(codes("1QAZ2wsx3edc")).toEqual(["common"]);
    expect(codes("Admin@12345")).toEqual(["common"]);
  });

  it("lists every violation with a bilingual message", () => {
    const v = checkPassword("abc");
    expect(v.map((x) => x.code)).toEqual(["too_short", "too_few_classes"]);
    for (const x of v) {
      expect(x.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(x.message.en.length).toBeGreaterThan(0);
    }
  });
});

describe("004 §38: periodic password change (定期更换密码)", () => {
  const changed = new Date("2025-01-01T00:00:00Z");

  it("a password is valid until the profile's period has passed", () => {
    expect(passwordExpired(changed, new Date("2025-03-31T23:59:59Z"), 90)).toBe(false);
    expect(passwordExpired(changed, new Date("2025-04-01T00:00:00Z"), 90)).toBe(true);
  });

  it("must be changed after the profile's period, whatever it is", () => {
    expect(passwordExpired(changed, new Date("2025-01-31T00:00:00Z"), 30)).toBe(true);
  });

  it("never expires when the profile sets no period", () => {
    expect(passwordExpired(changed, new Date("2035-01-01T00:00:00Z"), null)).toBe(false);
  });
});

describe("004 §38: account lockout (账户安全管理)", () => {
  const policy = { maxFailures: 5, lockMinutes: 15 };
  const last = new Date("2025-05-01T08:00:00Z");

  it("is not locked below the failure limit", () => {
    expect(lockedUntil(4, last, policy)).toBeNull();
    expect(isLockedOut(4, last, last, policy)).toBe(false);
  });

  it("locks for lockMinutes after the failure that reaches the limit", () => {
    expect(lockedUntil(5, last, policy)).toEqual(new Date("2025-05-01T08:15:00Z"));
    expect(isLockedOut(5, last, new Date("2025-05-01T08:14:59Z"), policy)).toBe(true);
    expect(isLockedOut(5, last, new Date("2025-05-01T08:15:00Z"), policy)).toBe(false);
  });

  it("locks again on the next failure after the lock ran out", () => {
    const next = new Date("2025-05-01T09:00:00Z");
    expect(lockedUntil(6, next, policy)).toEqual(new Date("2025-05-01T09:15:00Z"));
  });

  it("follows the profile's figures", () => {
    expect(lockedUntil(3, last, { maxFailures: 3, lockMinutes: 60 })).toEqual(new Date("2025-05-01T09:00:00Z"));
    expect(lockedUntil(5, last, { maxFailures: 10, lockMinutes: 60 })).toBeNull();
  });

  it("is not locked without a failure time", () => {
    expect(lockedUntil(9, null, policy)).toBeNull();
  });
});
