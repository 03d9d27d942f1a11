// Property checks: the fast per-year prefix-count arithmetic must agree with walking day by day.
import { describe, expect, it } from "vitest";
import { fromDayNumber, toDayNumber } from "./dates";
import type { DayOverride } from "./types";
import { createWorkdayCalendar, type WorkdayCalendar } from "./workday-calendar";

/** mulberry32: seeded, so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function naiveAdd(cal: WorkdayCalendar, from: string, n: number): string {
  let dn = toDayNumber(from);
  if (n === 0) {
    while (!cal.isWorkday(fromDayNumber(dn))) dn++;
    return fromDayNumber(dn);
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    dn += step;
    if (cal.isWorkday(fromDayNumber(dn))) left--;
  }
  return fromDayNumber(dn);
}

function naiveBetween(cal: WorkdayCalendar, a: string, b: string): number {
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let dn = toDayNumber(lo) + 1; dn <= toDayNumber(hi); dn++) if (cal.isWorkday(fromDayNumber(dn))) count++;
  return count === 0 ? 0 : sign * count;
}

const FIRST = toDayNumber("2024-06-01");
const LAST = toDayNumber("2027-06-30");

function calendars(rand: () => number): [string, WorkdayCalendar][] {
  // Random authority days in 2026–2027 stress the table building as well as the base data.
  const overrides: DayOverride[] = Array.from({ length: 40 }, () => ({
    date: fromDayNumber(toDayNumber("2026-01-01") + Math.floor(rand() * 730)),
    kind: rand() < 0.5 ? "holiday" : "workday",
  }));
  return [
    ["chinese-days", createWorkdayCalendar()],
    ["with random overrides", createWorkdayCalendar({ overrides })],
  ];
}

describe("addWorkdays properties (3,000 random cases per calendar)", () => {
  const rand = seededRandom(20260215);
  for (const [label, cal] of calendars(rand)) {
    it(`${label}: due is a workday strictly after from with exactly n workdays in (from, due]`, () => {
      for (let i = 0; i < 3000; i++) {
        const from = fromDayNumber(FIRST + Math.floor(rand() * (LAST - FIRST)));
        const n = 1 + Math.floor(rand() * 45);
        const r = cal.addWorkdays(from, n);
        const ctx = `${from} + ${n}`;
        expect(r.due > from, ctx).toBe(true);
        expect(cal.isWorkday(r.due), ctx).toBe(true);
        expect(cal.workdaysBetween(from, r.due), ctx).toBe(n);
        expect(naiveBetween(cal, from, r.due), ctx).toBe(n);
        expect(r.due, ctx).toBe(naiveAdd(cal, from, n));
        const years = new Set<number>();
        for (let y = Number(from.slice(0, 4)); y <= Number(r.due.slice(0, 4)); y++) if (!cal.hasOfficialSchedule(y)) years.add(y);
        expect(r.warnings.map((w) => w.year), ctx).toEqual([...years]);
      }
    });

    it(`${label}: counting back n wd lands on a workday with exactly n workdays in [due, from)`, () => {
      for (let i = 0; i < 3000; i++) {
        const from = fromDayNumber(FIRST + Math.floor(rand() * (LAST - FIRST)));
        const n = 1 + Math.floor(rand() * 45);
        const r = cal.subtractWorkdays(from, n);
        const ctx = `${from} - ${n}`;
        expect(r.due < from, ctx).toBe(true);
        expect(cal.isWorkday(r.due), ctx).toBe(true);
        expect(cal.workdaysBetween(r.due, from) + 1 - (cal.isWorkday(from) ? 1 : 0), ctx).toBe(n);
        expect(r.due, ctx).toBe(naiveAdd(cal, from, -n));
      }
    });

    it(`${label}: n = 0 gives the first workday on or after from; workdaysBetween matches a day-by-day count`, () => {
      for (let i = 0; i < 1000; i++) {
        const a = fromDayNumber(FIRST + Math.floor(rand() * (LAST - FIRST)));
        const b = fromDayNumber(FIRST + Math.floor(rand() * (LAST - FIRST)));
        expect(cal.addWorkdays(a, 0).due, a).toBe(naiveAdd(cal, a, 0));
        expect(cal.workdaysBetween(a, b), `${a}..${b}`).toBe(naiveBetween(cal, a, b));
      }
    });
  }
});
