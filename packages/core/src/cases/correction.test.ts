import { describe, expect, it } from "vitest";
import { APPLICANT, AUTHORITY, calendar, CaseDriver, expectRefused, HANDLER, opener, profile, SYSTEM } from "./case-test-kit.fixture";
import { computeClock } from "./clock";
import { correction } from "./correction";
import { decideSweep } from "./sweeper";
import type { ProfileId } from "../profiles";

const PERSON = opener("applicant", "natural_person", []);
const objection = { datasetId: "ds-households", aboutSelf: true, problem: "inaccurate", description: "本人户籍地址有误", fields: ["address"] };

function filed(id: ProfileId, on: string) {
  const c = new CaseDriver(correction, profile(id));
  const r = c.act("submit", PERSON, objection, on);
  return { c, r };
}

describe("correction under heilongjiang (004 §24: verify, correct and answer within 5 wd)", () => {
  it("004 §24: a correction received 2026-09-30 in heilongjiang is due 2026-10-13", () => {
    // Counted by hand: 10-01..07 National Day off; Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 adjusted
    // working day (3), Sun 10-11 off, Mon 10-12 (4), Tue 10-13 (5).
    for (const d of ["2026-10-01", "2026-10-07", "2026-10-11"]) expect(calendar.isWorkday(d)).toBe(false);
    expect(calendar.dayKind("2026-10-10")).toMatchObject({ work: true, reason: "adjusted_workday" });
    const { r } = filed("heilongjiang", "2026-09-30");
    expect(r.nextState).toBe("verifying");
    expect(r.clocks).toEqual([expect.objectContaining({ name: "verify", startedOn: "2026-09-30", dueOn: "2026-10-13", basis: "004 §24", state: "running", remainingWd: 5 })]);
  });

  it("004 §24: answered (corrected) on Mon 2026-10-12 — on time; the user sees the answer and the case is closed", () => {
    const { c } = filed("heilongjiang", "2026-09-30");
    const r = c.act("answer", HANDLER, { outcome: "corrected", explanation: "经核实已更正户籍地址", correctedFields: ["address"] }, "2026-10-12");
    expect(r).toMatchObject({ nextState: "answered", terminal: true, version: 2 });
    expect(r.data).toMatchObject({ outcome: "corrected", explanation: "经核实已更正户籍地址" });
    expect(r.clocks[0]).toMatchObject({ state: "stopped", stoppedOn: "2026-10-12", late: false, remainingWd: 1 });
  });

  it("004 §24 with 004 §42: unanswered on 2026-10-14 it is overdue and escalated; a late answer is recorded as late", () => {
    const { c } = filed("heilongjiang", "2026-09-30");
    expect(decideSweep(correction, c.snapshot!, calendar, "2026-10-14").actions.map((a) => a.action)).toEqual(["mark_overdue", "escalate"]);
    const r = c.act("answer", HANDLER, { outcome: "partly_corrected", explanation: "部分更正", reasons: ["门牌号以公安登记为准"] }, "2026-10-15");
    expect(r.clocks[0]).toMatchObject({ state: "stopped", late: true, overdueWd: 2 });
  });

  it("004 §24: the data stands (no_error) only with reasons; the message cites the article", () => {
    const { c } = filed("heilongjiang", "2026-09-30");
    const r = expectRefused(c.try("answer", HANDLER, { outcome: "no_error", explanation: "经核实无误" }, "2026-10-08"), 400, "invalid_payload");
    expect(r.fields).toEqual([{ path: "reasons", message: expect.objectContaining({ zh: expect.stringContaining("004 §24") }) }]);
    expectRefused(c.try("answer", HANDLER, { outcome: "partly_corrected", explanation: "部分", reasons: [] }, "2026-10-08"), 400, "invalid_payload");
    expect(c.act("answer", HANDLER, { outcome: "no_error", explanation: "经核实无误", reasons: ["与户籍原始登记一致"] }, "2026-10-08").nextState).toBe("answered");
  });

  it("004 §24: the objector may withdraw while it is verified; the clock stops; then nothing else can happen", () => {
    const { c } = filed("heilongjiang", "2026-09-30");
    expectRefused(c.try("withdraw", HANDLER, {}, "2026-10-08"), 403, "wrong_party");
    const r = c.act("withdraw", APPLICANT, { reason: "已自行核实" }, "2026-10-08");
    expect(r).toMatchObject({ nextState: "withdrawn", terminal: true });
    expect(r.clocks[0].state).toBe("stopped");
    expectRefused(c.try("answer", HANDLER, { outcome: "corrected", explanation: "x" }, "2026-10-09"), 409, "invalid_state");
    expectRefused(c.try("withdraw", APPLICANT, {}, "2026-10-09"), 409, "invalid_state");
    expect(decideSweep(correction, c.snapshot!, calendar, "2026-12-01").actions).toEqual([]);
  });

  it("004 §24: the authority's cross-verification notice opens the same case, with the same 5 wd", () => {
    const c = new CaseDriver(correction, profile("heilongjiang"));
    const r = c.act("submit", opener("applicant", "authority"), { datasetId: "ds", origin: "cross_verification", problem: "incomplete", description: "交叉核验发现缺失" }, "2026-09-24");
    expect(r.data).toMatchObject({ origin: "cross_verification", aboutSelf: false });
    // 09-25..27 中秋 off: 09-28 (1), 29 (2), 30 (3), 10-08 (4), 10-09 (5).
    expect(r.clocks[0].dueOn).toBe("2026-10-09");
  });

  it("bad input: empty description, unknown field, a disallowed attachment type or an oversized file → 400 with paths", () => {
    const c = new CaseDriver(correction, profile("heilongjiang"));
    const r = expectRefused(c.try("submit", PERSON, { ...objection, description: " ", extra: 1 }, "2026-09-30"), 400, "invalid_payload");
    expect(r.fields!.map((f) => f.path).sort()).toEqual(["description", "extra"]);
    const att = (mediaType: string, size: number) => ({ ...objection, attachments: [{ id: "f1", name: "证明.pdf", mediaType, size }] });
    expect(expectRefused(c.try("submit", PERSON, att("application/x-msdownload", 100), "2026-09-30"), 400, "invalid_payload").fields![0].path).toBe("attachments.0.mediaType");
    expect(expectRefused(c.try("submit", PERSON, att("application/pdf", 21 * 1024 * 1024), "2026-09-30"), 400, "invalid_payload").fields![0].path).toBe("attachments.0.size");
    expect(c.act("submit", PERSON, att("application/pdf", 200_000), "2026-09-30").nextState).toBe("verifying");
  });
});

describe("correction under the 及时 (timely) profiles: no figure, an untimed clock", () => {
  for (const [id, basis] of [
    ["lianyungang", "001 §20"],
    ["shijingshan", "002 §25"],
    ["beijing-zones", "003 §24"],
  ] as const) {
    it(`${basis} ${id}: a correction runs without a due date and is never flagged by the sweeper; answered normally`, () => {
      const { c, r } = filed(id, "2026-09-30");
      expect(r.clocks[0]).toMatchObject({ dueOn: null, remainingWd: null, state: "running", basis: expect.stringContaining(basis) });
      expect(decideSweep(correction, c.snapshot!, calendar, "2027-06-30").actions).toEqual([]);
      expectRefused(c.try("mark_overdue", SYSTEM, { clock: "verify" }, "2027-06-30"), 409, "nothing_to_mark");
      const answered = c.act("answer", HANDLER, { outcome: "corrected", explanation: "已更正" }, "2026-11-30");
      expect(answered.clocks[0]).toMatchObject({ state: "stopped", late: false });
    });
  }
});

describe("correction under beijing-open", () => {
  it("000 governs no objection to data (its §20 is about replies): the kind is unavailable — 409 kind_unavailable", () => {
    const c = new CaseDriver(correction, profile("beijing-open"));
    const r = expectRefused(c.try("submit", opener("applicant", "public_org"), objection, "2026-09-30"), 409, "kind_unavailable");
    expect(r.message.zh).toContain("北京市政务数据开放服务指南");
    expect(r.message.en).toContain("004 §24");
  });

  it("an override giving a figure makes it available (a deployment may set correctionVerifyWd)", () => {
    const c = new CaseDriver(correction, { ...profile("beijing-open"), correctionVerifyWd: 10 });
    expect(c.act("submit", opener("applicant", "public_org"), objection, "2026-09-30").clocks[0].lengthWd).toBe(10);
    expect(computeClock("verify", c.clock("verify"), calendar, "2026-09-30").basis).toBe("004 §24");
  });
});

describe("correction: who may", () => {
  it("004 §24: anyone may object — natural persons, organisations, departments, the authority", () => {
    for (const as of ["natural_person", "public_org", "operator", "department", "authority"] as const) {
      const c = new CaseDriver(correction, profile("heilongjiang"));
      expect(c.act("submit", opener("applicant", as), objection, "2026-09-30").nextState).toBe("verifying");
    }
  });

  it("only the handler answers: not the objector, not the authority", () => {
    const { c } = filed("heilongjiang", "2026-09-30");
    const answer = { outcome: "corrected", explanation: "已更正" };
    expectRefused(c.try("answer", APPLICANT, answer, "2026-10-08"), 403, "wrong_party");
    expectRefused(c.try("answer", AUTHORITY, answer, "2026-10-08"), 403, "wrong_party");
  });
});
