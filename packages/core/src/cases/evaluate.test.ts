// The engine on the 000 §19 open-application fixture: pause on a one-time notice, extension, third-party
// consultation with silence as consent, and the generic refusals (404/403/409/400).
import { describe, expect, it } from "vitest";
import {
  APPLICANT,
  AUTHORITY,
  calendar,
  CaseDriver,
  expectRefused,
  HANDLER,
  HANDLER_EDITOR,
  opener,
  profile,
  SYSTEM,
  THIRD_PARTY,
} from "./case-test-kit.fixture";
import { computeClock } from "./clock";
import { correction } from "./correction";
import { evaluateTransition } from "./evaluate";
import { openApplicationFixture as kind } from "./open-application.fixture";

const PUBLIC = opener("applicant", "public_org");
const apply = { datasetId: "ds-1", purpose: "交通研究" };

function submitted(profileId: Parameters<typeof profile>[0], on: string) {
  const c = new CaseDriver(kind, profile(profileId));
  const r = c.act("submit", PUBLIC, apply, on);
  return { c, r };
}

describe("000 §19 under beijing-open: reply 20 wd, one-time notice 7 wd, extension ≤ 20 wd once, consultation 15 wd", () => {
  it("000 §19: an application of Fri 2026-09-18 is due 2026-10-22 (Sun 09-20 and Sat 10-10 worked); the notice is due 2026-09-29", () => {
    const { r } = submitted("beijing-open", "2026-09-18");
    const byName = Object.fromEntries(r.clocks.map((v) => [v.name, v]));
    expect(byName.reply).toMatchObject({ dueOn: "2026-10-22", basis: "000 §19; 001 §19; 004 §34", state: "running" });
    // 09-20 (1), 09-21..24 (5), 09-25 中秋 off, 09-28 (6), 09-29 (7).
    expect(byName.notice).toMatchObject({ dueOn: "2026-09-29" });
    expect(r).toMatchObject({ nextState: "submitted", version: 1, auditAction: "case.open_application_fixture.submit", fromState: null });
  });

  it("000 §8 §19: the one-time notice must list every missing item; it stops the notice clock and pauses the reply", () => {
    const { c } = submitted("beijing-open", "2026-09-18");
    const missing = expectRefused(c.try("request_supplement", HANDLER, {}, "2026-09-24"), 400, "invalid_payload");
    expect(missing.fields).toEqual([{ path: "missingItems", message: expect.objectContaining({ zh: expect.stringContaining("000 §8 §19") }) }]);
    expectRefused(c.try("request_supplement", HANDLER, { missingItems: ["  "] }, "2026-09-24"), 400, "invalid_payload");
    const r = c.act("request_supplement", HANDLER, { missingItems: ["数据安全管理能力证明", "数据使用期限"] }, "2026-09-24");
    const byName = Object.fromEntries(r.clocks.map((v) => [v.name, v]));
    expect(byName.notice).toMatchObject({ state: "stopped", late: false });
    expect(byName.reply).toMatchObject({ state: "paused", pausedSince: "2026-09-24" });
    // Only once: after the notice the case is no longer "submitted".
    expectRefused(c.try("request_supplement", HANDLER, { missingItems: ["另一项"] }, "2026-09-25"), 409, "invalid_state");
  });

  it("000 §19: the supplement of 2026-10-09 resumes the reply with its remaining 15 wd: due 2026-10-29", () => {
    const { c } = submitted("beijing-open", "2026-09-18");
    c.act("request_supplement", HANDLER, { missingItems: ["数据用途"] }, "2026-09-24");
    expectRefused(c.try("supplement", HANDLER, { note: "x" }, "2026-10-09"), 403, "wrong_party");
    const r = c.act("supplement", APPLICANT, { note: "已补充数据用途说明" }, "2026-10-09");
    expect(r.clocks.find((v) => v.name === "reply")).toMatchObject({ state: "running", pausedDays: 5, remainingWd: 15, dueOn: "2026-10-29" });
  });

  it("000 §19: extension needs a reason, adds at most 20 wd, once: 2026-10-22 → 2026-11-19", () => {
    const { c } = submitted("beijing-open", "2026-09-18");
    c.act("accept", HANDLER, {}, "2026-09-21");
    const noReason = expectRefused(c.try("extend", HANDLER, { byWd: 10 }, "2026-10-20"), 400, "invalid_payload");
    expect(noReason.fields?.[0]).toMatchObject({ path: "reason", message: { zh: "延期须说明理由（000 §19）" } });
    const tooLong = expectRefused(c.try("extend", HANDLER, { byWd: 21, reason: "数据量大" }, "2026-10-20"), 400, "invalid_payload");
    expect(tooLong.fields?.[0]).toMatchObject({ path: "byWd", message: { zh: expect.stringContaining("20 个工作日") } });
    const r = c.act("extend", HANDLER, { byWd: 20, reason: "需脱敏处理" }, "2026-10-20");
    expect(r).toMatchObject({ nextState: "under_review", stateChanged: false });
    expect(r.clockEffects).toEqual([{ clock: "reply", event: { type: "extend", on: "2026-10-20", byWd: 20, reason: "需脱敏处理" } }]);
    expect(r.clocks.find((v) => v.name === "reply")).toMatchObject({ dueOn: "2026-11-19", extendedWd: 20 });
    expectRefused(c.try("extend", HANDLER, { byWd: 1, reason: "再延" }, "2026-10-21"), 409, "extension_used");
  });

  it("000 §19: consultation pauses the reply; the third party may answer until the 15th wd, not after", () => {
    const { c } = submitted("beijing-open", "2026-09-14");
    c.act("accept", HANDLER, {}, "2026-09-14");
    const r = c.act("consult_third_party", HANDLER, { thirdParty: "某公司", rightsAffected: "商业秘密" }, "2026-09-14");
    expect(r.clocks.find((v) => v.name === "consultation")).toMatchObject({ dueOn: "2026-10-10", expiry: "consent" });
    expectRefused(c.try("third_party_answer", APPLICANT, { consents: true, opinion: "同意" }, "2026-10-10"), 403, "wrong_party");
    expectRefused(c.try("third_party_answer", THIRD_PARTY, { consents: false, opinion: "不同意" }, "2026-10-11"), 409, "consultation_expired");
    const answered = c.act("third_party_answer", THIRD_PARTY, { consents: false, opinion: "涉及商业秘密" }, "2026-10-10");
    expect(answered.clocks.find((v) => v.name === "consultation")).toMatchObject({ state: "stopped", late: false });
    // Reply paused (09-14, 10-10] = 15 wd: due 2026-10-12 + … = 35th workday after 09-14.
    expect(answered.clocks.find((v) => v.name === "reply")).toMatchObject({ state: "running", pausedDays: 15 });
  });

  it("000 §19: silence is recorded as consent by the system only, only after expiry, dated the last day of the period", () => {
    const { c } = submitted("beijing-open", "2026-09-14");
    c.act("accept", HANDLER, {}, "2026-09-14");
    c.act("consult_third_party", HANDLER, { thirdParty: "某公司", rightsAffected: "个人隐私" }, "2026-09-14");
    const payload = { clock: "consultation" };
    expectRefused(c.try("record_silence_as_consent", SYSTEM, payload, "2026-10-10"), 409, "consultation_running");
    expectRefused(c.try("record_silence_as_consent", HANDLER, payload, "2026-10-12"), 403, "wrong_party");
    expectRefused(c.try("record_silence_as_consent", SYSTEM, payload, "2026-10-12", { effectiveOn: "2026-10-13" }), 400, "bad_effective_date");
    expectRefused(c.try("record_silence_as_consent", SYSTEM, payload, "2026-10-12", { effectiveOn: "2026-09-01" }), 409, "out_of_order_date");
    expectRefused(c.try("accept", HANDLER, {}, "2026-10-12", { effectiveOn: "2026-10-10" }), 409, "invalid_state");
    const r = c.act("record_silence_as_consent", SYSTEM, payload, "2026-10-12", { effectiveOn: "2026-10-10" });
    expect(r.effectiveOn).toBe("2026-10-10");
    expect(r.clockEffects).toEqual([
      { clock: "consultation", event: { type: "stop", on: "2026-10-10" } },
      { clock: "reply", event: { type: "resume", on: "2026-10-10" } },
    ]);
    expect(c.state).toBe("under_review");
  });

  it("000 §12: approval ends the case and stops every clock; refusal needs reasons", () => {
    const { c } = submitted("beijing-open", "2026-09-18");
    expectRefused(c.try("refuse", HANDLER, { reasons: [] }, "2026-09-21"), 400, "invalid_payload");
    const r = c.act("refuse", HANDLER, { reasons: ["涉及个人隐私，不予开放（000 §9）"] }, "2026-09-21");
    expect(r).toMatchObject({ nextState: "refused", terminal: true, version: 2 });
    expect(r.clocks.map((v) => v.state)).toEqual(["stopped", "stopped"]);
    expectRefused(c.try("approve", HANDLER, {}, "2026-09-22"), 409, "invalid_state");
  });
});

describe("the same declaration under other profiles", () => {
  it("004 §34 heilongjiang: reply 5 wd from 2026-09-24 → 2026-10-09; no notice clock; no extension; no consultation", () => {
    const { c, r } = submitted("heilongjiang", "2026-09-24");
    expect(r.clocks.map((v) => [v.name, v.dueOn])).toEqual([["reply", "2026-10-09"]]);
    c.act("accept", HANDLER, {}, "2026-09-24");
    expectRefused(c.try("extend", HANDLER, { byWd: 5, reason: "x" }, "2026-09-28"), 409, "extension_not_allowed");
    expectRefused(c.try("consult_third_party", HANDLER, { thirdParty: "甲", rightsAffected: "乙" }, "2026-09-28"), 409, "not_governed");
  });

  it("001 §19 lianyungang: reply 10 wd from 2026-09-24 → 2026-10-15", () => {
    // 09-28, 29, 30 (3), 10-08, 09, 10 (6), 12, 13, 14, 15 (10).
    expect(submitted("lianyungang", "2026-09-24").r.clocks[0]).toMatchObject({ name: "reply", dueOn: "2026-10-15" });
  });

  it("shijingshan governs no open-data reply: the kind is unavailable (409 kind_unavailable)", () => {
    const c = new CaseDriver(kind, profile("shijingshan"));
    const r = expectRefused(c.try("submit", PUBLIC, apply, "2026-09-24"), 409, "kind_unavailable");
    expect(r.message.en).toContain("Reply");
  });
});

describe("evaluateTransition: generic refusals", () => {
  const heilongjiang = profile("heilongjiang");

  it("404 for an action the kind does not have", () => {
    expectRefused(evaluateTransition(correction, null, "approve_everything", APPLICANT, {}, heilongjiang, calendar, "2026-09-30"), 404, "unknown_action");
  });

  it("409 when opening twice or acting before the case exists", () => {
    const c = new CaseDriver(correction, heilongjiang);
    expectRefused(c.try("answer", HANDLER, { outcome: "corrected", explanation: "已更正" }, "2026-09-30"), 409, "case_not_open");
    c.act("submit", opener("applicant", "natural_person", []), { datasetId: "d", problem: "inaccurate", description: "姓名错误" }, "2026-09-30");
    expectRefused(c.try("submit", opener("applicant", "natural_person", []), { datasetId: "d", problem: "inaccurate", description: "x" }, "2026-09-30"), 409, "case_already_open");
  });

  it("403 wrong_party vs role_required: a member of the handling organisation without a handler role", () => {
    const c = new CaseDriver(correction, heilongjiang);
    c.act("submit", opener("applicant", "public_org"), { datasetId: "d", problem: "incomplete", description: "缺少字段" }, "2026-09-30");
    const answer = { outcome: "corrected", explanation: "已补全" };
    expectRefused(c.try("answer", AUTHORITY, answer, "2026-10-08"), 403, "wrong_party");
    const r = expectRefused(c.try("answer", HANDLER_EDITOR, answer, "2026-10-08"), 403, "role_required");
    expect(r.message.zh).toContain("数据专员");
  });

  it("409 version_conflict when the caller read an older version; the matching version passes", () => {
    const c = new CaseDriver(correction, heilongjiang);
    c.act("submit", opener("applicant", "public_org"), { datasetId: "d", problem: "other", description: "口径不一致" }, "2026-09-30");
    const answer = { outcome: "corrected", explanation: "已更正" };
    const r = expectRefused(c.try("answer", HANDLER, answer, "2026-10-08", { expectedVersion: 0 }), 409, "version_conflict");
    expect(r.message.en).toContain("version 0");
    expect(c.act("answer", HANDLER, answer, "2026-10-08", { expectedVersion: 1 }).version).toBe(2);
  });

  it("only the system may back-date (effectiveOn)", () => {
    const c = new CaseDriver(correction, heilongjiang);
    c.act("submit", opener("applicant", "public_org"), { datasetId: "d", problem: "other", description: "错误" }, "2026-09-30");
    expectRefused(c.try("answer", HANDLER, { outcome: "corrected", explanation: "已更正" }, "2026-10-20", { effectiveOn: "2026-10-12" }), 403, "effective_date_system_only");
  });

  it("sweeper marks: system only, once per due date, only in the right clock state, and they keep the version", () => {
    const c = new CaseDriver(correction, heilongjiang);
    c.act("submit", opener("applicant", "public_org"), { datasetId: "d", problem: "other", description: "错误" }, "2026-09-30");
    expectRefused(c.try("mark_due_soon", HANDLER, { clock: "verify" }, "2026-10-12"), 403, "wrong_party");
    expectRefused(c.try("mark_due_soon", SYSTEM, { clock: "verify" }, "2026-10-08"), 409, "nothing_to_mark");
    expectRefused(c.try("mark_overdue", SYSTEM, { clock: "verify" }, "2026-10-12"), 409, "nothing_to_mark");
    expectRefused(c.try("mark_due_soon", SYSTEM, { clock: "nope" }, "2026-10-12"), 409, "nothing_to_mark");
    const r = c.act("mark_due_soon", SYSTEM, { clock: "verify" }, "2026-10-12");
    expect(r).toMatchObject({ version: 1, stateChanged: false, auditAction: "case.correction.mark_due_soon" });
    expect(r.clockEffects).toEqual([{ clock: "verify", event: { type: "mark", on: "2026-10-12", mark: "due_soon", dueOn: "2026-10-13" } }]);
    expectRefused(c.try("mark_due_soon", SYSTEM, { clock: "verify" }, "2026-10-13"), 409, "nothing_to_mark");
  });

  it("the returned clocks carry calendar warnings for years without an official schedule", () => {
    const c = new CaseDriver(correction, heilongjiang);
    const r = c.act("submit", opener("applicant", "public_org"), { datasetId: "d", problem: "other", description: "错误" }, "2026-12-28");
    expect(r.clocks[0].dueOn! >= "2027-01-01").toBe(true);
    expect(r.warnings.map((w) => w.year)).toEqual([2027]);
    expect(computeClock("verify", c.clock("verify"), calendar, "2027-01-04").warnings.map((w) => w.year)).toEqual([2027]);
  });
});
