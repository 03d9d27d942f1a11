import { describe, expect, it } from "vitest";
import { baseScheduleYears } from "./base-schedule";
import { createWorkdayCalendar } from "./workday-calendar";

const cal = createWorkdayCalendar();
const due = (from: string, n: number) => cal.addWorkdays(from, n).due;

describe("base schedule from chinese-days", () => {
  it("covers 2004–2026 (a package upgrade that adds a year must revisit these tests: due dates change)", () => {
    const years = Array.from({ length: 23 }, (_, i) => 2004 + i);
    expect(baseScheduleYears()).toEqual(years);
    expect(cal.yearsWithOfficialSchedule()).toEqual(years);
    expect(cal.hasOfficialSchedule(2027)).toBe(false);
  });

  it("knows 2026's Spring Festival: off 02-15..23, 调休上班 on Sat 02-14 and Sat 02-28", () => {
    for (let d = 15; d <= 23; d++) {
      expect(cal.dayKind(`2026-02-${d}`)).toMatchObject({ work: false, reason: "holiday", name: "春节", nameEn: "Spring Festival", source: "base" });
    }
    expect(cal.dayKind("2026-02-14")).toMatchObject({ work: true, reason: "adjusted_workday", name: "春节" });
    expect(cal.dayKind("2026-02-28")).toMatchObject({ work: true, reason: "adjusted_workday", name: "春节" });
    expect(cal.dayKind("2026-02-13")).toEqual({ date: "2026-02-13", work: true, reason: "weekday" });
    expect(cal.dayKind("2026-03-01")).toEqual({ date: "2026-03-01", work: false, reason: "weekend" });
  });

  it("knows 2026's Mid-Autumn (09-25..27), National Day (10-01..07) and their 调休上班 (Sun 09-20, Sat 10-10)", () => {
    for (const d of ["2026-09-25", "2026-09-26", "2026-09-27"]) expect(cal.dayKind(d)).toMatchObject({ work: false, reason: "holiday", name: "中秋" });
    for (let d = 1; d <= 7; d++) expect(cal.dayKind(`2026-10-0${d}`)).toMatchObject({ work: false, reason: "holiday", name: "国庆节" });
    expect(cal.dayKind("2026-09-20")).toMatchObject({ work: true, reason: "adjusted_workday", name: "国庆节" });
    expect(cal.dayKind("2026-10-10")).toMatchObject({ work: true, reason: "adjusted_workday", name: "国庆节" });
    expect(cal.isWorkday("2026-10-08")).toBe(true);
    expect(cal.isWorkday("2026-10-11")).toBe(false);
  });
});

describe("statutory clocks across 2026's Spring Festival", () => {
  it("004 §22: a conditional share request received on Fri 2026-02-13 is due 1 workday later on Sat 2026-02-14 (调休上班)", () => {
    expect(cal.addWorkdays("2026-02-13", 1)).toEqual({ from: "2026-02-13", days: 1, due: "2026-02-14", warnings: [] });
  });

  it("004 §22: received on the 调休 Saturday 2026-02-14, 1 wd jumps the whole holiday to Tue 2026-02-24", () => {
    expect(due("2026-02-14", 1)).toBe("2026-02-24");
    expect(due("2026-02-15", 1)).toBe("2026-02-24");
  });

  it("004 §34: an open-data application received on 2026-02-12 is answered within 5 wd, by 2026-02-26", () => {
    expect(due("2026-02-12", 5)).toBe("2026-02-26");
  });

  it("000 §19: 20 wd from 2026-02-10 is 2026-03-16 (counts both 调休 Saturdays); the +20 wd extension ends 2026-04-14 (after 清明)", () => {
    expect(due("2026-02-10", 20)).toBe("2026-03-16");
    expect(due("2026-03-16", 20)).toBe("2026-04-14");
  });
});

describe("statutory clocks across 2026's Mid-Autumn and National Day", () => {
  it("004 §34: 5 wd from Thu 2026-09-24 skips 09-25..27 and 10-01..07: due Fri 2026-10-09", () => {
    expect(due("2026-09-24", 5)).toBe("2026-10-09");
  });

  it("000 §19: 20 wd from Fri 2026-09-18 counts Sun 09-20 and Sat 10-10: due 2026-10-22", () => {
    expect(due("2026-09-18", 20)).toBe("2026-10-22");
  });

  it("004 §22: 1 wd from Sat 2026-09-19 is the 调休 Sunday 2026-09-20; from Wed 2026-09-30 it is Thu 2026-10-08", () => {
    expect(due("2026-09-19", 1)).toBe("2026-09-20");
    expect(due("2026-09-30", 1)).toBe("2026-10-08");
  });

  it("004 §29: 3 wd to review a data demand received 2026-09-24 ends 2026-09-30", () => {
    expect(due("2026-09-24", 3)).toBe("2026-09-30");
  });

  it("002 §20: 10 wd to negotiate from Fri 2026-10-09 ends 2026-10-22 (Sat 10-10 counts)", () => {
    expect(due("2026-10-09", 10)).toBe("2026-10-22");
  });
});

describe("n = 0 and counting backwards", () => {
  it("n = 0 is the receipt day when it is a workday, else the next workday (first day the office can act)", () => {
    expect(due("2026-02-13", 0)).toBe("2026-02-13");
    expect(due("2026-02-14", 0)).toBe("2026-02-14");
    expect(due("2026-02-15", 0)).toBe("2026-02-24");
  });

  it("due soon: 3 wd before a 2026-10-09 deadline is 2026-09-29; 1 wd before 2026-02-24 is the 调休 Saturday 02-14", () => {
    expect(cal.subtractWorkdays("2026-10-09", 3)).toEqual({ from: "2026-10-09", days: -3, due: "2026-09-29", warnings: [] });
    expect(due("2026-02-24", -1)).toBe("2026-02-14");
    expect(cal.subtractWorkdays("2026-01-05", 1).due).toBe("2026-01-04"); // Sun 01-04 is 调休上班
    expect(cal.subtractWorkdays("2026-01-05", 2).due).toBe("2025-12-31"); // 01-01..03 are 元旦
  });

  it("workdaysBetween counts (a, b], is negative backwards, and adds up (paused clocks)", () => {
    expect(cal.workdaysBetween("2026-02-13", "2026-02-24")).toBe(2);
    expect(cal.workdaysBetween("2026-02-24", "2026-02-13")).toBe(-2);
    expect(cal.workdaysBetween("2026-02-15", "2026-02-15")).toBe(0);
    expect(cal.workdaysBetween("2025-12-30", "2026-01-05")).toBe(3);
    expect(cal.workdaysBetween("2025-01-01", "2026-12-31")).toBe(
      cal.workdaysBetween("2025-01-01", "2025-12-31") + cal.workdaysBetween("2025-12-31", "2026-12-31"),
    );
  });

  it("004 §34: a 5 wd clock started 2026-09-24, paused on 09-29 (2 wd used), resumed 10-12, ends 2026-10-15", () => {
    const used = cal.workdaysBetween("2026-09-24", "2026-09-29");
    expect(used).toBe(2);
    expect(due("2026-10-12", 5 - used)).toBe("2026-10-15");
  });
});

describe("years without an official schedule are computed Mon–Fri and flagged, never silently", () => {
  it("New Year 2025→2026 (both official) counts 调休 Sun 2026-01-04 and gives no warning", () => {
    expect(cal.addWorkdays("2025-12-30", 3)).toEqual({ from: "2025-12-30", days: 3, due: "2026-01-05", warnings: [] });
  });

  it("000 §19: 10 wd from 2026-12-24 runs into 2027, which chinese-days lacks: due 2027-01-07 with a 2027 warning", () => {
    const r = cal.addWorkdays("2026-12-24", 10);
    expect(r.due).toBe("2027-01-07");
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: "year_without_official_schedule", year: 2027 });
    expect(r.warnings[0].message.zh).toContain("2027 年");
    expect(r.warnings[0].message.en).toContain("2027");
    expect(cal.warningsBetween("2027-03-01", "2026-06-01").map((w) => w.year)).toEqual([2027]);
    expect(cal.addWorkdays("2030-01-02", 0).warnings.map((w) => w.year)).toEqual([2030]);
  });

  it("every year the computation touches is listed once, ascending", () => {
    expect(cal.addWorkdays("2026-06-01", 600).warnings.map((w) => w.year)).toEqual([2027, 2028]);
    expect(cal.addWorkdays("2028-06-01", -600).warnings.map((w) => w.year)).toEqual([2027, 2028]);
  });

  it("an authority holiday on 2027-01-01 shifts the due date but does not make 2027 official", () => {
    const c = createWorkdayCalendar({ overrides: [{ date: "2027-01-01", kind: "holiday", name: "元旦" }] });
    const r = c.addWorkdays("2026-12-24", 10);
    expect(r.due).toBe("2027-01-08");
    expect(r.warnings.map((w) => w.year)).toEqual([2027]);
  });

  it("loading 2027 clears its warning", () => {
    const c = createWorkdayCalendar({
      overrides: [
        { date: "2027-01-01", kind: "holiday", name: "元旦" },
        { date: "2027-01-02", kind: "holiday", name: "元旦" },
        { date: "2027-01-03", kind: "holiday", name: "元旦" },
      ],
      officialYears: [2027],
    });
    expect(c.addWorkdays("2026-12-24", 10)).toEqual({ from: "2026-12-24", days: 10, due: "2027-01-08", warnings: [] });
    expect(c.yearsWithOfficialSchedule().at(-1)).toBe(2027);
  });
});

describe("authority overrides win over chinese-days", () => {
  it("004 §34: an extra holiday on Mon 2026-06-22 moves a 5 wd deadline from 2026-06-26 to 2026-06-29", () => {
    expect(due("2026-06-18", 5)).toBe("2026-06-26");
    const c = createWorkdayCalendar({ overrides: [{ date: "2026-06-22", kind: "holiday", name: "防汛停工" }] });
    expect(c.addWorkdays("2026-06-18", 5).due).toBe("2026-06-29");
    expect(c.dayKind("2026-06-22")).toEqual({ date: "2026-06-22", work: false, reason: "holiday", name: "防汛停工", source: "authority" });
  });

  it("cancelling the 调休 Saturday 2026-02-28 pushes 000 §19's 20 wd to 2026-03-17", () => {
    const c = createWorkdayCalendar({ overrides: [{ date: "2026-02-28", kind: "holiday" }] });
    expect(c.addWorkdays("2026-02-10", 20).due).toBe("2026-03-17");
  });

  it("a workday override turns a weekday holiday back into an ordinary weekday and a weekend into 调休上班", () => {
    const c = createWorkdayCalendar({
      overrides: [
        { date: "2026-10-07", kind: "workday" },
        { date: "2026-10-11", kind: "workday", name: "国庆节" },
      ],
    });
    expect(c.dayKind("2026-10-07")).toEqual({ date: "2026-10-07", work: true, reason: "weekday", source: "authority" });
    expect(c.dayKind("2026-10-11")).toMatchObject({ work: true, reason: "adjusted_workday", source: "authority" });
    expect(c.addWorkdays("2026-10-06", 1).due).toBe("2026-10-07");
  });

  it("for the same date the later override wins", () => {
    const c = createWorkdayCalendar({
      overrides: [
        { date: "2026-06-22", kind: "holiday" },
        { date: "2026-06-22", kind: "workday" },
      ],
    });
    expect(c.isWorkday("2026-06-22")).toBe(true);
  });

  it("a loaded year replaces chinese-days for that year: the loaded days are the whole schedule", () => {
    const c = createWorkdayCalendar({ officialYears: [2026], overrides: [{ date: "2026-02-16", kind: "holiday", name: "春节" }] });
    expect(c.isWorkday("2026-02-16")).toBe(false);
    expect(c.dayKind("2026-02-17")).toEqual({ date: "2026-02-17", work: true, reason: "weekday" });
    expect(c.isWorkday("2026-02-14")).toBe(false); // plain Saturday once the package's 调休 is set aside
    expect(c.isWorkday("2025-10-01")).toBe(false); // other years untouched
  });

  it("does not change the default calendar (calendars are independent)", () => {
    createWorkdayCalendar({ overrides: [{ date: "2026-06-22", kind: "holiday" }] });
    expect(createWorkdayCalendar().isWorkday("2026-06-22")).toBe(true);
  });
});

describe("bad input is a RangeError, not a wrong date", () => {
  it("rejects invalid dates, fractional or huge counts, and results beyond year 9999", () => {
    expect(() => cal.isWorkday("2026-02-30")).toThrow(RangeError);
    expect(() => cal.addWorkdays("2026/02/13", 1)).toThrow(RangeError);
    expect(() => cal.addWorkdays("2026-02-13", 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkdays("2026-02-13", Number.NaN)).toThrow(RangeError);
    expect(() => cal.addWorkdays("2026-02-13", 1_000_000)).toThrow(RangeError);
    expect(() => cal.addWorkdays("9999-12-30", 5)).toThrow(RangeError);
    expect(() => createWorkdayCalendar({ overrides: [{ date: "2026-02-30", kind: "holiday" }] })).toThrow(RangeError);
    expect(() => createWorkdayCalendar({ officialYears: [27] })).toThrow(RangeError);
  });
});
