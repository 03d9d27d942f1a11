import { describe, expect, it } from "vitest";
import { calendar, CaseDriver, HANDLER, opener, profile, seededRandom, addDays, SYSTEM } from "./case-test-kit.fixture";
import { correction } from "./correction";
import { openApplicationFixture } from "./open-application.fixture";
import { decideSweep, type SweepAction } from "./sweeper";

const objection = { datasetId: "ds", problem: "inaccurate", description: "数据错误" };

/** A heilongjiang correction received 2026-09-30 (004 §24: due 2026-10-13). */
function correctionCase() {
  const c = new CaseDriver(correction, profile("heilongjiang"));
  c.act("submit", opener("applicant", "public_org"), objection, "2026-09-30");
  return c;
}

/** Runs the sweeper like the server: decide, then apply each action as a system transition. */
function sweep(c: CaseDriver, today: string, options: { dueSoonWd?: number; escalateAfterWd?: number } = {}): SweepAction[] {
  const { actions } = decideSweep(c.kind, c.snapshot!, calendar, today, options);
  for (const a of actions) {
    // The server must pass the same dueSoonWd to the transition as to the sweeper.
    c.act(a.action, SYSTEM, a.payload, today, { dueSoonWd: options.dueSoonWd, ...("effectiveOn" in a ? { effectiveOn: a.effectiveOn } : {}) });
  }
  return actions;
}

describe("decideSweep (004 §42 跟踪督办)", () => {
  it("004 §24 + §42: due soon on Sat 2026-10-10, overdue and escalated on Wed 2026-10-14, each recorded once", () => {
    const c = correctionCase();
    expect(sweep(c, "2026-10-09")).toEqual([]);
    expect(sweep(c, "2026-10-10")).toEqual([
      { action: "mark_due_soon", clock: "verify", dueOn: "2026-10-13", remainingWd: 2, payload: { clock: "verify" } },
    ]);
    expect(sweep(c, "2026-10-10")).toEqual([]); // re-run the same day
    expect(sweep(c, "2026-10-13")).toEqual([]); // still due soon, already marked for this due date
    expect(sweep(c, "2026-10-14")).toEqual([
      { action: "mark_overdue", clock: "verify", dueOn: "2026-10-13", overdueWd: 1, payload: { clock: "verify" } },
      { action: "escalate", clock: "verify", dueOn: "2026-10-13", overdueWd: 1, payload: { clock: "verify" } },
    ]);
    expect(sweep(c, "2026-10-14")).toEqual([]);
    expect(sweep(c, "2026-12-31")).toEqual([]);
    expect(c.snapshot!.version).toBe(1); // marks never bump the version a handler is about to write against
  });

  it("a sweeper that was down: first run after the due date marks overdue directly, no stale due-soon mark", () => {
    const c = correctionCase();
    expect(sweep(c, "2026-10-20").map((a) => a.action)).toEqual(["mark_overdue", "escalate"]);
  });

  it("escalation threshold: escalateAfterWd = 2 escalates on the 2nd workday past due (Thu 2026-10-15)", () => {
    const c = correctionCase();
    expect(sweep(c, "2026-10-14", { escalateAfterWd: 2 }).map((a) => a.action)).toEqual(["mark_overdue"]);
    expect(sweep(c, "2026-10-15", { escalateAfterWd: 2 }).map((a) => a.action)).toEqual(["escalate"]);
  });

  it("dueSoonWd is configurable: with 4 wd it is due soon already on Thu 2026-10-08 (4 wd left)", () => {
    const c = correctionCase();
    expect(sweep(c, "2026-10-08", { dueSoonWd: 4 })).toEqual([expect.objectContaining({ action: "mark_due_soon", remainingWd: 4 })]);
  });

  it("answered cases, paused clocks and untimed clocks give nothing to do", () => {
    const answered = correctionCase();
    answered.act("answer", HANDLER, { outcome: "corrected", explanation: "已更正" }, "2026-10-09");
    expect(sweep(answered, "2026-11-30")).toEqual([]);

    const app = new CaseDriver(openApplicationFixture, profile("beijing-open"));
    app.act("submit", opener("applicant", "public_org"), { datasetId: "d", purpose: "p" }, "2026-09-18");
    app.act("request_supplement", HANDLER, { missingItems: ["用途"] }, "2026-09-21");
    expect(sweep(app, "2027-03-01").filter((a) => a.clock === "reply")).toEqual([]);

    const timely = new CaseDriver(correction, profile("lianyungang"));
    timely.act("submit", opener("applicant", "public_org"), objection, "2026-09-30");
    expect(sweep(timely, "2027-03-01")).toEqual([]);
  });

  it("000 §19: an extension moves the due date, so the new due date can be marked due soon again", () => {
    const app = new CaseDriver(openApplicationFixture, profile("beijing-open"));
    app.act("submit", opener("applicant", "public_org"), { datasetId: "d", purpose: "p" }, "2026-09-18");
    app.act("accept", HANDLER, {}, "2026-09-21");
    expect(sweep(app, "2026-10-21")).toEqual([expect.objectContaining({ action: "mark_due_soon", dueOn: "2026-10-22" })]);
    app.act("extend", HANDLER, { byWd: 5, reason: "需第三方脱敏" }, "2026-10-21");
    expect(sweep(app, "2026-10-26")).toEqual([]);
    expect(sweep(app, "2026-10-27")).toEqual([expect.objectContaining({ action: "mark_due_soon", dueOn: "2026-10-29", remainingWd: 2 })]);
  });

  it("carries calendar warnings: a case whose clock runs into 2027", () => {
    const c = new CaseDriver(correction, profile("heilongjiang"));
    c.act("submit", opener("applicant", "public_org"), objection, "2026-12-28");
    expect(decideSweep(correction, c.snapshot!, calendar, "2026-12-29").warnings.map((w) => w.year)).toEqual([2027]);
  });

  it("idempotent on re-runs: 200 random cases swept on random days twice give nothing the second time", () => {
    const rand = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const c = new CaseDriver(correction, profile("heilongjiang"));
      const start = addDays("2025-01-01", Math.floor(rand() * 600));
      c.act("submit", opener("applicant", "public_org"), objection, start);
      let day = start;
      for (let k = 0; k < 4; k++) {
        day = addDays(day, Math.floor(rand() * 6));
        sweep(c, day);
        expect(decideSweep(correction, c.snapshot!, calendar, day).actions, `${start} ${day}`).toEqual([]);
      }
    }
  });
});
