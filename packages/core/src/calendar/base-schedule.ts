// The base official schedule, from the chinese-days package (State Council notices, 2004 onwards).
// Its per-date JSON is read once at module load; calendars only copy the resulting map.
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };
import type { DayOverrideKind } from "./types";
import { toDayNumber, yearOfDayNumber } from "./dates";
import { splitChineseDaysName as splitName } from "./names";

export interface BaseDay {
  kind: DayOverrideKind;
  name?: string;
  nameEn?: string;
}

type DateNames = Record<string, string>;

function build(): { days: ReadonlyMap<number, BaseDay>; years: readonly number[] } {
  const data = chineseDays as { holidays: DateNames; workdays: DateNames };
  const days = new Map<number, BaseDay>();
  const years = new Set<number>();
  for (const [date, raw] of Object.entries(data.holidays)) {
    const dn = toDayNumber(date);
    const names = splitName(raw);
    days.set(dn, { kind: "holiday", ...names });
    // A year counts as covered when it has its Spring Festival: every annual notice has one and
    // it never crosses a year boundary, unlike a 31 Dec make-up day belonging to the next notice.
    if (names.name === "春节" || names.nameEn === "Spring Festival") years.add(yearOfDayNumber(dn));
  }
  for (const [date, raw] of Object.entries(data.workdays)) {
    days.set(toDayNumber(date), { kind: "workday", ...splitName(raw) });
  }
  return { days, years: [...years].sort((a, b) => a - b) };
}

const BASE = build();

/** Holidays and adjusted workdays of chinese-days, by day number. */
export const baseScheduleDays: ReadonlyMap<number, BaseDay> = BASE.days;

/** Years for which chinese-days carries the official schedule, ascending. */
export function baseScheduleYears(): number[] {
  return [...BASE.years];
}
