// 工作日日历: the calendar every statutory clock counts on.
// Off: Saturdays, Sundays and holidays. On: Mon–Fri and adjusted working weekends (调休上班).
// Sources, weakest first: plain Mon–Fri weeks < chinese-days < the authority's overrides.
// A year the authority loaded replaces chinese-days for that year (see WorkdayCalendarOptions).
import { baseScheduleDays, baseScheduleYears } from "./base-schedule";
import {
  dayNumberOf,
  fromDayNumber,
  isLeapYear,
  isWeekendDay,
  MAX_YEAR,
  MIN_YEAR,
  toDayNumber,
  yearOfDayNumber,
} from "./dates";
import type { CalendarWarning, DayKind, DayOverride, DayOverrideKind, WorkdayResult } from "./types";

export interface WorkdayCalendarOptions {
  /**
   * Days set by the authority: whole official schedules it loaded (parser output) and single-day
   * decisions (e.g. a typhoon day off). They win over chinese-days; for the same date a later
   * entry wins over an earlier one.
   */
  overrides?: readonly DayOverride[];
  /**
   * Years whose official schedule the authority has loaded. For these years chinese-days is set
   * aside entirely and `overrides` are the schedule (so a corrected notice cannot leave a stale
   * package holiday behind), and no warning is raised. An override in a year not listed here
   * adjusts chinese-days (or plain Mon–Fri weeks) and leaves the year unofficial.
   */
  officialYears?: readonly number[];
}

/** |n| limit for add/subtract: 10,000 wd ≈ 40 years, far beyond any statutory clock. */
export const MAX_WORKDAY_SPAN = 10_000;

interface Entry {
  kind: DayOverrideKind;
  name?: string;
  nameEn?: string;
  source: "base" | "authority";
}

// Per-day codes in a year table.
const WEEKDAY = 0;
const WEEKEND = 1;
const HOLIDAY = 2;
const ADJUSTED = 3;

interface YearTable {
  start: number;
  length: number;
  codes: Uint8Array;
  /** cum[i] = workdays among the year's first i days; cum[length] = the year's total. */
  cum: Int32Array;
}

export class WorkdayCalendar {
  private readonly entries = new Map<number, Entry>();
  private readonly official = new Set<number>();
  // Filled lazily; the calendar is immutable after construction, so the cache never goes stale.
  private readonly tables = new Map<number, YearTable>();

  constructor(options: WorkdayCalendarOptions = {}) {
    const loaded = new Set((options.officialYears ?? []).map(checkYear));
    for (const [dn, day] of baseScheduleDays) {
      if (!loaded.has(yearOfDayNumber(dn))) this.entries.set(dn, { ...day, source: "base" });
    }
    for (const year of [...baseScheduleYears(), ...loaded]) this.official.add(year);
    for (const day of options.overrides ?? []) this.setAuthority(day);
  }

  private setAuthority(day: DayOverride): void {
    if (day.kind !== "holiday" && day.kind !== "workday") throw new RangeError(`unknown day kind: ${String(day.kind)}`);
    const name = day.name?.trim();
    this.entries.set(toDayNumber(day.date), { kind: day.kind, ...(name ? { name } : {}), source: "authority" });
  }

  /** Years with an official schedule: chinese-days' years plus those the authority loaded, ascending. */
  yearsWithOfficialSchedule(): number[] {
    return [...this.official].sort((a, b) => a - b);
  }

  hasOfficialSchedule(year: number): boolean {
    return this.official.has(year);
  }

  isWorkday(date: string): boolean {
    const dn = toDayNumber(date);
    const t = this.table(yearOfDayNumber(dn));
    return isWork(t.codes[dn - t.start]);
  }

  dayKind(date: string): DayKind {
    const dn = toDayNumber(date);
    const t = this.table(yearOfDayNumber(dn));
    const code = t.codes[dn - t.start];
    const entry = this.entries.get(dn);
    const reason = code === HOLIDAY ? "holiday" : code === ADJUSTED ? "adjusted_workday" : code === WEEKEND ? "weekend" : "weekday";
    const kind: DayKind = { date: fromDayNumber(dn), work: isWork(code), reason };
    if (entry) {
      if (entry.name) kind.name = entry.name;
      if (entry.nameEn) kind.nameEn = entry.nameEn;
      kind.source = entry.source;
    }
    return kind;
  }

  /**
   * The n-th working day after `from`; the day of receipt itself is never counted (n ≥ 1).
   * n = 0 means "the first day the office can act": `from` if it is a workday, else the next workday.
   * Negative n counts backwards: the |n|-th workday before `from` (e.g. "due soon" = 3 wd before due).
   */
  addWorkdays(from: string, n: number): WorkdayResult {
    if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_WORKDAY_SPAN) {
      throw new RangeError(`workday count must be an integer within ±${MAX_WORKDAY_SPAN}: ${n}`);
    }
    const start = toDayNumber(from);
    const startTable = this.table(yearOfDayNumber(start));
    let due: number;
    if (n === 0) due = isWork(startTable.codes[start - startTable.start]) ? start : this.forward(start, 1);
    else due = n > 0 ? this.forward(start, n) : this.backward(start, -n);
    return {
      from: fromDayNumber(start),
      days: n,
      due: fromDayNumber(due),
      warnings: this.warningsForDays(Math.min(start, due), Math.max(start, due)),
    };
  }

  /** The n-th working day before `from` (n ≥ 0); same as addWorkdays(from, -n). */
  subtractWorkdays(from: string, n: number): WorkdayResult {
    return this.addWorkdays(from, -n);
  }

  /**
   * Working days in (a, b]: after a, up to and including b. Negative when b is before a, so
   * workdaysBetween(a, b) + workdaysBetween(b, c) = workdaysBetween(a, c) (handy for paused clocks).
   */
  workdaysBetween(a: string, b: string): number {
    const da = toDayNumber(a);
    const db = toDayNumber(b);
    return this.workdaysUpTo(db) - this.workdaysUpTo(da) + this.wholeYearsWorkdays(yearOfDayNumber(da), yearOfDayNumber(db));
  }

  /** The year warnings for a span of dates (either order), as addWorkdays reports them. */
  warningsBetween(a: string, b: string): CalendarWarning[] {
    const da = toDayNumber(a);
    const db = toDayNumber(b);
    return this.warningsForDays(Math.min(da, db), Math.max(da, db));
  }

  // Workdays from 1 Jan of dn's year through dn.
  private workdaysUpTo(dn: number): number {
    const t = this.table(yearOfDayNumber(dn));
    return t.cum[dn - t.start + 1];
  }

  // Workdays in the whole years ya … yb-1 (negative when yb < ya): bridges two within-year counts.
  private wholeYearsWorkdays(ya: number, yb: number): number {
    let sum = 0;
    for (let y = Math.min(ya, yb); y < Math.max(ya, yb); y++) {
      const t = this.table(y);
      sum += t.cum[t.length];
    }
    return yb >= ya ? sum : -sum;
  }

  private forward(start: number, n: number): number {
    let year = yearOfDayNumber(start);
    let t = this.table(year);
    let before = t.cum[start - t.start + 1]; // workdays of this year up to and including start
    for (;;) {
      const total = t.cum[t.length];
      if (before + n <= total) return t.start + nthWorkdayIndex(t.cum, before + n);
      n -= total - before;
      t = this.table(++year);
      before = 0;
    }
  }

  private backward(start: number, n: number): number {
    let year = yearOfDayNumber(start);
    let t = this.table(year);
    let before = t.cum[start - t.start]; // workdays of this year strictly before start
    for (;;) {
      if (n <= before) return t.start + nthWorkdayIndex(t.cum, before - n + 1);
      n -= before;
      t = this.table(--year);
      before = t.cum[t.length];
    }
  }

  private warningsForDays(first: number, last: number): CalendarWarning[] {
    const warnings: CalendarWarning[] = [];
    for (let y = yearOfDayNumber(first); y <= yearOfDayNumber(last); y++) {
      if (!this.official.has(y)) warnings.push(missingScheduleWarning(y));
    }
    return warnings;
  }

  private table(year: number): YearTable {
    const cached = this.tables.get(year);
    if (cached) return cached;
    checkYear(year);
    const start = dayNumberOf(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const codes = new Uint8Array(length);
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      const dn = start + i;
      const weekend = isWeekendDay(dn);
      const entry = this.entries.get(dn);
      let code = weekend ? WEEKEND : WEEKDAY;
      if (entry?.kind === "holiday") code = HOLIDAY;
      else if (entry?.kind === "workday") code = weekend ? ADJUSTED : WEEKDAY;
      codes[i] = code;
      cum[i + 1] = cum[i] + (isWork(code) ? 1 : 0);
    }
    const t = { start, length, codes, cum };
    this.tables.set(year, t);
    return t;
  }
}

export function createWorkdayCalendar(options: WorkdayCalendarOptions = {}): WorkdayCalendar {
  return new WorkdayCalendar(options);
}

export function missingScheduleWarning(year: number): CalendarWarning {
  return {
    code: "year_without_official_schedule",
    year,
    message: {
      zh: `${year} 年尚无官方节假日安排（chinese-days 未收录，主管部门也未加载），已暂按周一至周五为工作日计算，请加载当年安排后复核。`,
      en: `No official holiday schedule for ${year} (not in chinese-days, not loaded by the authority): computed as plain Monday–Friday weeks; load that year's schedule and recheck.`,
    },
  };
}

function isWork(code: number): boolean {
  return code === WEEKDAY || code === ADJUSTED;
}

// Index (0-based day of year) of the m-th workday of a year: the first i with cum[i + 1] ≥ m.
function nthWorkdayIndex(cum: Int32Array, m: number): number {
  let lo = 1;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] >= m) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year outside ${MIN_YEAR}–${MAX_YEAR}: ${year}`);
  }
  return year;
}
