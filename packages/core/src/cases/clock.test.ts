import { describe, expect, it } from "vitest";
import { calendar, startEvent } from "./case-test-kit.fixture";
import { ClockFactsError, computeClock } from "./clock";
import { silenceAsConsent } from "./consultation";
import type { ClockEvent } from "./types";

const at = (events: ClockEvent[], today: string, dueSoonWd?: number) => computeClock("c", events, calendar, today, { dueSoonWd });

describe("computeClock: due date, state and remaining days on the official calendar", () => {
  // 2026-09-30 (Wed) + 5 wd: 10-01..07 National Day off; Thu 10-08 (1), Fri 10-09 (2),
  // Sat 10-10 adjusted working day (3), Mon 10-12 (4), Tue 10-13 (5).
  const correction = [startEvent("2026-09-30", 5)];

  it("004 §24: a 5 wd clock started 2026-09-30 is due 2026-10-13 (National Day off, Sat 10-10 worked)", () => {
    const v = at(correction, "2026-09-30");
    expect(v).toMatchObject({ startedOn: "2026-09-30", dueOn: "2026-10-13", pausedDays: 0, state: "running", remainingWd: 5, late: false });
    expect(v.warnings).toEqual([]);
  });

  it("004 §24: running through the holiday, due soon from Sat 2026-10-10 (2 wd left), on time on the due day, overdue after", () => {
    expect(at(correction, "2026-10-05")).toMatchObject({ state: "running", remainingWd: 5 });
    expect(at(correction, "2026-10-09")).toMatchObject({ state: "running", remainingWd: 3 });
    expect(at(correction, "2026-10-10")).toMatchObject({ state: "due_soon", remainingWd: 2 });
    expect(at(correction, "2026-10-11")).toMatchObject({ state: "due_soon", remainingWd: 2 }); // Sunday
    expect(at(correction, "2026-10-13")).toMatchObject({ state: "due_soon", remainingWd: 0, late: false });
    expect(at(correction, "2026-10-14")).toMatchObject({ state: "overdue", remainingWd: -1, overdueWd: 1, late: true });
  });

  it("the due-soon threshold is configurable (3 wd → due soon from Fri 2026-10-09; 0 → only on the due day)", () => {
    expect(at(correction, "2026-10-09", 3).state).toBe("due_soon");
    expect(at(correction, "2026-10-12", 0).state).toBe("running");
    expect(at(correction, "2026-10-13", 0).state).toBe("due_soon");
  });

  it("a clock stopped on time is stopped and not late; stopped after the due date it is late", () => {
    const onTime = at([...correction, { type: "stop", on: "2026-10-12" }], "2026-12-01");
    expect(onTime).toMatchObject({ state: "stopped", stoppedOn: "2026-10-12", dueOn: "2026-10-13", remainingWd: 1, late: false, overdueWd: 0 });
    const lateStop = at([...correction, { type: "stop", on: "2026-10-15" }], "2026-12-01");
    expect(lateStop).toMatchObject({ state: "stopped", remainingWd: -2, overdueWd: 2, late: true });
  });

  it("000 §19 pause: reply 20 wd from 2026-09-18 (due 10-22); notice on 09-24, supplement 10-09 → 5 wd paused, due 2026-10-29", () => {
    // Paused (09-24, 10-09]: 09-25 is 中秋 (off), 09-28, 09-29, 09-30 worked, 10-01..07 off, 10-08, 10-09 worked = 5.
    const events: ClockEvent[] = [startEvent("2026-09-18", 20), { type: "pause", on: "2026-09-24" }, { type: "resume", on: "2026-10-09" }];
    expect(at(events.slice(0, 1), "2026-09-18").dueOn).toBe("2026-10-22");
    const paused = at(events.slice(0, 2), "2026-09-30");
    expect(paused).toMatchObject({ state: "paused", pausedSince: "2026-09-24", pausedDays: 3, dueOn: "2026-10-27" }); // projected if resumed today
    // Remaining is frozen while paused: 20 − (09-20 Sun worked, 09-21, 22, 23, 24) = 15.
    expect(paused.remainingWd).toBe(15);
    expect(at(events.slice(0, 2), "2026-10-08").remainingWd).toBe(15);
    expect(at(events, "2026-10-09")).toMatchObject({ state: "running", pausedDays: 5, dueOn: "2026-10-29", remainingWd: 15 });
  });

  it("000 §19 extension: +20 wd with a reason moves 2026-10-22 to the 40th workday, 2026-11-19", () => {
    const v = at([startEvent("2026-09-18", 20), { type: "extend", on: "2026-10-20", byWd: 20, reason: "需第三方脱敏" }], "2026-10-21");
    expect(v).toMatchObject({ dueOn: "2026-11-19", extendedWd: 20, extensions: 1, state: "running" });
  });

  it("pausing an overdue clock keeps its lateness: it resumes exactly as many workdays late as when paused", () => {
    const events: ClockEvent[] = [startEvent("2026-09-30", 5), { type: "pause", on: "2026-10-15" }];
    expect(at(events.slice(0, 1), "2026-10-15")).toMatchObject({ state: "overdue", remainingWd: -2 });
    expect(at(events, "2026-10-30")).toMatchObject({ state: "paused", remainingWd: -2, late: true });
    const resumed = at([...events, { type: "resume", on: "2026-11-02" }], "2026-11-02");
    expect(resumed).toMatchObject({ state: "overdue", remainingWd: -2, overdueWd: 2 });
  });

  it("001 §20 及时: an untimed clock has no due date and is never due soon or overdue", () => {
    const v = at([startEvent("2026-09-30", null, { basis: "001 §20" })], "2027-03-01");
    expect(v).toMatchObject({ dueOn: null, remainingWd: null, state: "running", late: false, basis: "001 §20" });
    expect(at([startEvent("2026-09-30", null), { type: "stop", on: "2026-10-09" }], "2026-10-09").state).toBe("stopped");
  });

  it("carries calendar warnings: a clock running into 2027 (no official schedule yet) warns for 2027", () => {
    const v = at([startEvent("2026-12-24", 10)], "2026-12-24");
    expect(v.dueOn! > "2027-01-01").toBe(true);
    expect(v.warnings.map((w) => w.year)).toEqual([2027]);
    expect(v.warnings[0]).toMatchObject({ code: "year_without_official_schedule" });
    // An untimed clock warns for the span it has run.
    expect(at([startEvent("2026-12-24", null)], "2027-01-05").warnings.map((w) => w.year)).toEqual([2027]);
  });

  it("events dated after today are not facts yet (a past day can be replayed)", () => {
    const events: ClockEvent[] = [startEvent("2026-09-30", 5), { type: "stop", on: "2026-10-12" }];
    expect(at(events, "2026-10-09")).toMatchObject({ state: "running", stoppedOn: null });
    expect(at(events, "2026-10-12")).toMatchObject({ state: "stopped" });
  });

  it("lists the sweeper's marks", () => {
    const v = at([startEvent("2026-09-30", 5), { type: "mark", on: "2026-10-14", mark: "overdue", dueOn: "2026-10-13" }], "2026-10-14");
    expect(v.marks).toEqual([{ mark: "overdue", on: "2026-10-14", dueOn: "2026-10-13" }]);
  });

  it("rejects impossible event lists", () => {
    const bad: ClockEvent[][] = [
      [],
      [{ type: "pause", on: "2026-10-01" }],
      [startEvent("2026-10-02", 5), { type: "pause", on: "2026-10-01" }],
      [startEvent("2026-10-01", 5), { type: "resume", on: "2026-10-02" }],
      [startEvent("2026-10-01", 5), { type: "pause", on: "2026-10-02" }, { type: "pause", on: "2026-10-03" }],
      [startEvent("2026-10-01", 5), { type: "stop", on: "2026-10-02" }, { type: "extend", on: "2026-10-03", byWd: 1, reason: "x" }],
      [startEvent("2026-10-01", 0)],
      [startEvent("2026-10-01", 5), { type: "extend", on: "2026-10-03", byWd: -1, reason: "x" }],
      [startEvent("2026-10-01", 5), startEvent("2026-10-02", 5)],
      [startEvent("2026-13-01", 5)],
    ];
    for (const events of bad) expect(() => at(events, "2026-12-01")).toThrow(ClockFactsError);
  });
});

describe("silenceAsConsent (000 §19: 15 wd, silence = consent)", () => {
  // Consultation from Mon 2026-09-14: 15th workday after it counts Sun 09-20 (adjusted) and skips 09-25..27:
  // 09-15..18 (4), 09-20 (5), 09-21..24 (9), 09-28..30 (12), 10-08 (13), 10-09 (14), 10-10 (15).
  const consult = [startEvent("2026-09-14", 15, { expiry: "consent" })];

  it("the period ends on Sat 2026-10-10 (adjusted working day); until then nothing to record", () => {
    expect(computeClock("consultation", consult, calendar, "2026-10-10").dueOn).toBe("2026-10-10");
    expect(silenceAsConsent("consultation", consult, calendar, "2026-10-10")).toEqual({ expired: false });
  });

  it("from the next day the sweeper must record consent, dated the last day of the period", () => {
    for (const today of ["2026-10-11", "2026-10-12", "2026-11-30"]) {
      expect(silenceAsConsent("consultation", consult, calendar, today)).toMatchObject({ expired: true, dueOn: "2026-10-10", effectiveOn: "2026-10-10" });
    }
  });

  it("an answered (stopped) consultation, or a clock that escalates instead, never turns into consent", () => {
    expect(silenceAsConsent("consultation", [...consult, { type: "stop", on: "2026-10-09" }], calendar, "2026-11-01")).toEqual({ expired: false });
    expect(silenceAsConsent("consultation", [startEvent("2026-09-14", 15)], calendar, "2026-11-01")).toEqual({ expired: false });
  });
});
