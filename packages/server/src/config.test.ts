import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveProfile } from "@shuyuan/core";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-config-"));

describe("configuration from the environment", () => {
  it("has the documented defaults", () => {
    const dir = tmp();
    const c = loadConfig({ SHUYUAN_DATA_DIR: dir });
    expect(c).toMatchObject({ port: 8080, host: "127.0.0.1", profileId: "heilongjiang", databaseUrl: undefined, seedDemo: true, auditHash: "sm3" });
    // the keyed-hash secret is generated once and kept
    expect(loadConfig({ SHUYUAN_DATA_DIR: dir }).secret).toBe(c.secret);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
  });

  it("reads per-value profile overrides from SHUYUAN_CONFIG and applies them to the preset", () => {
    const dir = tmp();
    const file = path.join(dir, "shuyuan.json");
    fs.writeFileSync(file, JSON.stringify({ profile: { passwordMaxAgeDays: 60 } }));
    const c = loadConfig({ SHUYUAN_DATA_DIR: dir, SHUYUAN_PROFILE: "lianyungang", SHUYUAN_CONFIG: file });
    const profile = resolveProfile(c.profileId, c.profileOverrides);
    expect(profile.id).toBe("lianyungang");
    expect(profile.passwordMaxAgeDays).toBe(60);
  });

  it("refuses bad values with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SHUYUAN_SECRET: "short" })).toThrow(/SHUYUAN_SECRET/);
    expect(() => loadConfig({ SHUYUAN_CONFIG: "/nonexistent/shuyuan.json", SHUYUAN_DATA_DIR: tmp() })).toThrow(/config file/);
  });

  it("e-mail is off unless SHUYUAN_SMTP_URL is set; links default to the listening address", () => {
    expect(loadConfig({ SHUYUAN_DATA_DIR: tmp() }).mail).toBeNull();
    const c = loadConfig({ SHUYUAN_DATA_DIR: tmp(), PORT: "8090", SHUYUAN_SMTP_URL: "smtps://u:p@mail.example.gov.cn:465", SHUYUAN_MAIL_FROM: "数源 <noreply@example.gov.cn>" });
    expect(c.mail).toMatchObject({ smtpUrl: "smtps://u:p@mail.example.gov.cn:465", from: "数源 <noreply@example.gov.cn>", publicUrl: "http://127.0.0.1:8090" });
    const behindProxy = loadConfig({ SHUYUAN_DATA_DIR: tmp(), SHUYUAN_SMTP_URL: "smtp://mail:25", SHUYUAN_MAIL_FROM: "noreply@example.gov.cn", SHUYUAN_PUBLIC_URL: "https://data.example.gov.cn/" });
    expect(behindProxy.mail?.publicUrl).toBe("https://data.example.gov.cn");
  });

  it("a bad mail setting is refused naming the variable", () => {
    const dir = tmp();
    expect(() => loadConfig({ SHUYUAN_DATA_DIR: dir, SHUYUAN_SMTP_URL: "http://mail" })).toThrow(/SHUYUAN_SMTP_URL/);
    expect(() => loadConfig({ SHUYUAN_DATA_DIR: dir, SHUYUAN_SMTP_URL: "smtp://mail:25" })).toThrow(/SHUYUAN_MAIL_FROM: .*required/);
    expect(() => loadConfig({ SHUYUAN_DATA_DIR: dir, SHUYUAN_SMTP_URL: "smtp://mail:25", SHUYUAN_MAIL_FROM: "nobody" })).toThrow(/SHUYUAN_MAIL_FROM/);
    expect(() => loadConfig({ SHUYUAN_DATA_DIR: dir, SHUYUAN_SMTP_URL: "smtp://mail:25", SHUYUAN_MAIL_FROM: "a@b.cn", SHUYUAN_PUBLIC_URL: "ftp://x" })).toThrow(/SHUYUAN_PUBLIC_URL/);
  });

  it("an unknown profile or a bad override is refused", () => {
    expect(() => resolveProfile("shanghai")).toThrow();
    expect(() => resolveProfile("heilongjiang", { passwordMaxAgeDays: "ninety" })).toThrow(/passwordMaxAgeDays/);
  });
});
