import { describe, expect, it } from "vitest";
import { PROFILE_IDS, type ProfileId } from "../profiles";
import { AUTHORITY, calendar, CaseDriver, expectRefused, HANDLER, opener, profile, SYSTEM } from "./case-test-kit.fixture";
import { computeClock } from "./clock";
import { rectification } from "./rectification";
import { decideSweep } from "./sweeper";

const ORDERER = opener("authority", "authority", ["reviewer"]);
const order = (deadline: unknown) => ({
  grounds: [{ article: "004 §41(四)", description: "未及时核查存在异议的政务数据" }],
  requirements: "建立异议核查台账并完成积压异议核查",
  deadline,
});
const report = { summary: "已完成积压异议核查", measures: ["建立核查台账", "指定数据专员"] };

function ordered(id: ProfileId = "heilongjiang", on = "2026-09-30", deadline: unknown = { workdays: 10 }) {
  const c = new CaseDriver(rectification, profile(id));
  const r = c.act("order", ORDERER, order(deadline), on);
  return { c, r };
}

describe("rectification: the order sets the deadline (004 §41 在规定期限内完成整改)", () => {
  it("004 §41: 10 wd from 2026-09-30 → 2026-10-20 (National Day off, Sat 10-10 worked)", () => {
    // 10-08 (1), 10-09 (2), 10-10 (3), 10-12..16 (8), 10-19 (9), 10-20 (10).
    const { r } = ordered();
    expect(r.clocks).toEqual([expect.objectContaining({ name: "rectification", dueOn: "2026-10-20", lengthWd: 10, basis: expect.stringContaining("004 §41") })]);
  });

  it("a deadline date must be a later working day: Sat 2026-10-10 (adjusted) is 3 wd; Sun 10-11 or a past date is refused", () => {
    expect(ordered("heilongjiang", "2026-09-30", { date: "2026-10-10" }).r.clocks[0]).toMatchObject({ lengthWd: 3, dueOn: "2026-10-10" });
    const c = new CaseDriver(rectification, profile("heilongjiang"));
    for (const date of ["2026-10-11", "2026-09-30", "2026-09-01"]) {
      const r = expectRefused(c.try("order", ORDERER, order({ date }), "2026-09-30"), 400, "invalid_payload");
      expect(r.fields).toEqual([{ path: "deadline.date", message: expect.objectContaining({ en: expect.stringContaining("working day after 2026-09-30") }) }]);
    }
  });

  it("004 §41: an order needs grounds, requirements and a deadline", () => {
    const c = new CaseDriver(rectification, profile("heilongjiang"));
    const r = expectRefused(c.try("order", ORDERER, { grounds: [] }, "2026-09-30"), 400, "invalid_payload");
    expect(r.fields!.map((f) => f.path).sort()).toEqual(["deadline", "grounds", "requirements"]);
    expectRefused(c.try("order", ORDERER, order({ workdays: 0 }), "2026-09-30"), 400, "invalid_payload");
    expectRefused(c.try("order", ORDERER, order({ workdays: 5, date: "2026-10-12" }), "2026-09-30"), 400, "invalid_payload");
  });

  it("004 §27: a providing department may order too; a company may not", () => {
    const c = new CaseDriver(rectification, profile("heilongjiang"));
    expect(c.act("order", opener("authority", "department", ["data_officer"]), order({ workdays: 10 }), "2026-09-30").nextState).toBe("ordered");
    const d = new CaseDriver(rectification, profile("heilongjiang"));
    expectRefused(d.try("order", opener("authority", "public_org"), order({ workdays: 10 }), "2026-09-30"), 403, "opener_not_allowed");
    expectRefused(d.try("order", opener("applicant", "authority"), order({ workdays: 10 }), "2026-09-30"), 403, "wrong_party");
  });
});

describe("rectification: every path", () => {
  it("004 §41: report in time (deadline paused while verified) → accepted → closed on time", () => {
    const { c } = ordered();
    expectRefused(c.try("report", HANDLER, { summary: "已整改" }, "2026-10-15"), 400, "invalid_payload"); // no measures
    const r = c.act("report", HANDLER, report, "2026-10-15");
    expect(r.nextState).toBe("under_verification");
    expect(r.clocks[0]).toMatchObject({ state: "paused", remainingWd: 3 });
    // Verification takes weeks: the deadline does not run, nothing for the sweeper.
    expect(decideSweep(rectification, c.snapshot!, calendar, "2026-11-30").actions).toEqual([]);
    expectRefused(c.try("accept_report", HANDLER, {}, "2026-11-30"), 403, "wrong_party");
    const closed = c.act("accept_report", AUTHORITY, { note: "整改到位" }, "2026-11-30");
    expect(closed).toMatchObject({ nextState: "closed", terminal: true });
    expect(closed.clocks[0]).toMatchObject({ state: "stopped", late: false });
  });

  it("004 §27 §41: report sent back (reasons, +5 wd) → resumes with its 3 remaining wd + 5: due 2026-11-03", () => {
    const { c } = ordered();
    c.act("report", HANDLER, report, "2026-10-15");
    expectRefused(c.try("reject_report", AUTHORITY, { extraWd: 5 }, "2026-10-22"), 400, "invalid_payload");
    const r = c.act("reject_report", AUTHORITY, { reasons: ["台账未覆盖 2025 年异议"], extraWd: 5 }, "2026-10-22");
    expect(r.nextState).toBe("ordered");
    // Paused (10-15, 10-22] = 5 wd; 3 + 5 = 8 wd after 10-22: 10-23, 26..30, 11-02, 11-03.
    expect(r.clocks[0]).toMatchObject({ state: "running", pausedDays: 5, extendedWd: 5, remainingWd: 8, dueOn: "2026-11-03" });
    expect(r.clockEffects.map((e) => e.event.type)).toEqual(["resume", "extend"]);
    // Sent back without extra time: resumes with what was left.
    const { c: d } = ordered();
    d.act("report", HANDLER, report, "2026-10-15");
    expect(d.act("reject_report", AUTHORITY, { reasons: ["不到位"] }, "2026-10-22").clocks[0]).toMatchObject({ remainingWd: 3, extendedWd: 0 });
  });

  it("001 §39 / 004 §27: not rectified by the deadline → overdue, escalated, then sanctioned — but not before the deadline", () => {
    const { c } = ordered();
    const early = expectRefused(c.try("sanction", AUTHORITY, { reasons: ["拒不整改"], measures: ["terminate_access"] }, "2026-10-20"), 409, "deadline_not_passed");
    expect(early.message.zh).toContain("001 §39");
    const sweep = decideSweep(rectification, c.snapshot!, calendar, "2026-10-21");
    expect(sweep.actions.map((a) => a.action)).toEqual(["mark_overdue", "escalate"]);
    for (const a of sweep.actions) c.act(a.action, SYSTEM, a.payload, "2026-10-21");
    expect(decideSweep(rectification, c.snapshot!, calendar, "2026-10-22").actions).toEqual([]);
    expectRefused(c.try("sanction", AUTHORITY, { reasons: ["逾期未整改"], measures: [] }, "2026-10-21"), 400, "invalid_payload");
    expectRefused(c.try("sanction", AUTHORITY, { reasons: ["逾期未整改"], measures: ["fine"] }, "2026-10-21"), 400, "invalid_payload");
    const r = c.act("sanction", AUTHORITY, { reasons: ["逾期未整改"], measures: ["terminate_access", "report_to_government"] }, "2026-10-21");
    expect(r).toMatchObject({ nextState: "sanctioned", terminal: true });
    expect(r.clocks[0]).toMatchObject({ state: "stopped", late: true, marks: [expect.objectContaining({ mark: "overdue" }), expect.objectContaining({ mark: "escalated" })] });
  });

  it("004 §27 整改不到位: sanction from verification needs no expired deadline", () => {
    const { c } = ordered();
    c.act("report", HANDLER, report, "2026-10-12");
    expect(c.act("sanction", AUTHORITY, { reasons: ["整改不到位"], measures: ["suspend_access"] }, "2026-10-13").nextState).toBe("sanctioned");
  });

  it("a late report stays late: pausing an overdue deadline does not make it on time", () => {
    const { c } = ordered();
    const r = c.act("report", HANDLER, report, "2026-10-23"); // due 10-20: 3 wd late
    expect(r.clocks[0]).toMatchObject({ state: "paused", remainingWd: -3, late: true });
    expect(c.act("accept_report", AUTHORITY, {}, "2026-10-30").clocks[0]).toMatchObject({ late: true, overdueWd: 3 });
  });

  it("the order may be revoked (with reasons) while open; nothing happens after", () => {
    const { c } = ordered();
    expectRefused(c.try("revoke", AUTHORITY, {}, "2026-10-08"), 400, "invalid_payload");
    expect(c.act("revoke", AUTHORITY, { reasons: ["主体认定错误"] }, "2026-10-08").nextState).toBe("revoked");
    expectRefused(c.try("report", HANDLER, report, "2026-10-09"), 409, "invalid_state");
  });

  it("004 §43: a natural person ordered to rectify reports as the handler (no organisation roles)", () => {
    const { c } = ordered();
    expect(c.act("report", [{ party: "handler", roles: [] }], report, "2026-10-12").nextState).toBe("under_verification");
  });

  it("out of order: no acceptance before a report, no second report while verifying", () => {
    const { c } = ordered();
    expectRefused(c.try("accept_report", AUTHORITY, {}, "2026-10-08"), 409, "invalid_state");
    c.act("report", HANDLER, report, "2026-10-08");
    expectRefused(c.try("report", HANDLER, report, "2026-10-09"), 409, "invalid_state");
  });

  it("the deadline comes from the order, so the kind works identically under every profile", () => {
    for (const id of PROFILE_IDS) {
      const { c, r } = ordered(id);
      expect(r.clocks[0].dueOn).toBe("2026-10-20");
      expect(computeClock("rectification", c.clock("rectification"), calendar, "2026-10-21").state).toBe("overdue");
    }
  });
});
