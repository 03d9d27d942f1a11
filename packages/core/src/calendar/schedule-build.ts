// Shared last step of both schedule parsers: raw day entries → a checked YearSchedule.
import { dayNumberOf, fromDayNumber, tryDayNumber, weekdayOf, yearOfDayNumber } from "./dates";
import { calendarYearSchema } from "./schemas";
import type {
  DayOverrideKind,
  ScheduleIssue,
  ScheduleIssueCode,
  ScheduleParseOptions,
  ScheduleParseResult,
  YearSchedule,
} from "./types";

export interface RawDay {
  date: string;
  kind: DayOverrideKind;
  name?: string;
  line?: number;
  path?: string;
}

/** Uploads bigger than this are refused before parsing; a year's schedule is a few kilobytes. */
export const MAX_SCHEDULE_TEXT = 2_000_000;

/** Longest range one entry may span: the longest holiday block so far is 9 days (春节 2026). */
export const MAX_RANGE_DAYS = 31;

export function issue(
  code: ScheduleIssueCode,
  zh: string,
  en: string,
  where: { line?: number; path?: string } = {},
): ScheduleIssue {
  const out: ScheduleIssue = { code, message: { zh, en } };
  if (where.line !== undefined) out.line = where.line;
  if (where.path !== undefined) out.path = where.path;
  return out;
}

/** Expand an inclusive day-number range into raw days, or an issue if it is reversed or too long. */
export function expandRange(
  first: number,
  last: number,
  day: Omit<RawDay, "date">,
): { days: RawDay[] } | { issue: ScheduleIssue } {
  const where = { line: day.line, path: day.path };
  if (last < first) {
    return { issue: issue("invalid_range", "日期范围的结束早于开始", "date range ends before it starts", where) };
  }
  if (last - first + 1 > MAX_RANGE_DAYS) {
    return {
      issue: issue(
        "range_too_long",
        `日期范围超过 ${MAX_RANGE_DAYS} 天，不像节假日安排`,
        `date range longer than ${MAX_RANGE_DAYS} days: not a holiday schedule`,
        where,
      ),
    };
  }
  const days: RawDay[] = [];
  for (let dn = first; dn <= last; dn++) days.push({ ...day, date: fromDayNumber(dn) });
  return { days };
}

/**
 * Check raw days and settle the year: `expected` (from the caller) and `declared` (from the file)
 * must agree; otherwise the year holding most dates is taken. A year's notice may reach into the
 * neighbouring December/January (e.g. a 31 Dec make-up workday), nothing further.
 */
export function buildSchedule(raw: RawDay[], expected?: number, declared?: number): ScheduleParseResult {
  const errors: ScheduleIssue[] = [];
  const warnings: ScheduleIssue[] = [];
  const dated: { day: RawDay; dn: number }[] = [];
  for (const day of raw) {
    const dn = tryDayNumber(day.date);
    if (dn === undefined) {
      errors.push(
        issue("invalid_date", `"${day.date}" 不是有效日期（应为 YYYY-MM-DD）`, `"${day.date}" is not a valid date (YYYY-MM-DD)`, day),
      );
    } else dated.push({ day, dn });
  }
  if (errors.length) return { ok: false, errors };
  if (!dated.length) {
    return { ok: false, errors: [issue("empty_schedule", "文件中没有任何放假或调休上班日期", "the file holds no holiday or workday dates")] };
  }

  if (expected !== undefined && declared !== undefined && expected !== declared) {
    return {
      ok: false,
      errors: [issue("year_mismatch", `文件声明为 ${declared} 年，但上传的是 ${expected} 年`, `the file says ${declared}, the upload is for ${expected}`)],
    };
  }
  const given = expected ?? declared;
  const year = given ?? majorityYear(dated.map((d) => d.dn));
  const first = dayNumberOf(year - 1, 12, 1);
  const last = dayNumberOf(year + 1, 1, 31);
  const outside = dated.filter((d) => d.dn < first || d.dn > last);
  if (outside.length && given === undefined) {
    const years = [...new Set(dated.map((d) => yearOfDayNumber(d.dn)))].sort((a, b) => a - b).join(", ");
    return {
      ok: false,
      errors: [issue("multiple_years", `文件含多个年份（${years}），请每年单独上传`, `the file spans several years (${years}); upload one year per file`)],
    };
  }
  for (const { day } of outside) {
    errors.push(
      issue("date_outside_year", `${day.date} 不属于 ${year} 年的安排`, `${day.date} is not part of the ${year} schedule`, day),
    );
  }

  const byDate = new Map<number, RawDay>();
  for (const { day, dn } of dated) {
    const seen = byDate.get(dn);
    if (!seen) byDate.set(dn, day);
    else if (seen.kind !== day.kind) {
      const lines = [seen.line, day.line].filter((l) => l !== undefined).join(", ");
      const at = lines ? `（第 ${lines} 行）` : "";
      const atEn = lines ? ` (lines ${lines})` : "";
      errors.push(
        issue(
          "conflicting_day",
          `${day.date} 同时被标为放假和上班${at}`,
          `${day.date} is marked both as a holiday and as a workday${atEn}`,
          day,
        ),
      );
    } else if (!seen.name && day.name) byDate.set(dn, day); // keep the named duplicate
  }
  if (errors.length) return { ok: false, errors };

  const days = [...byDate.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([dn, day]) => {
      const w = weekdayOf(dn);
      if (day.kind === "workday" && w !== 0 && w !== 6) {
        warnings.push(
          issue(
            "workday_on_weekday",
            `${day.date} 是周一至周五，本就是工作日，标为调休上班无效果`,
            `${day.date} is a Monday–Friday and already a workday; marking it as an adjusted workday changes nothing`,
            day,
          ),
        );
      }
      const name = day.name?.trim();
      return { date: fromDayNumber(dn), kind: day.kind, ...(name ? { name } : {}) };
    });
  const schedule: YearSchedule = { year, days };
  return { ok: true, schedule, warnings };
}

function majorityYear(dayNumbers: number[]): number {
  const counts = new Map<number, number>();
  for (const dn of dayNumbers) {
    const y = yearOfDayNumber(dn);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [y, c] of counts) if (c > bestCount || (c === bestCount && y > best)) [best, bestCount] = [y, c];
  return best;
}

/** Checks both parsers make before reading anything. */
export function precheck(text: unknown, options: ScheduleParseOptions): ScheduleParseResult | undefined {
  if (typeof text !== "string") {
    return { ok: false, errors: [issue("not_text", "上传内容不是文本", "the upload is not text")] };
  }
  if (text.length > MAX_SCHEDULE_TEXT) {
    return {
      ok: false,
      errors: [issue("too_large", `文件过大（上限 ${MAX_SCHEDULE_TEXT} 字符）`, `file too large (limit ${MAX_SCHEDULE_TEXT} characters)`)],
    };
  }
  if (options.year !== undefined && !calendarYearSchema.safeParse(options.year).success) {
    return { ok: false, errors: [issue("year_mismatch", `年份无效：${options.year}`, `invalid year: ${options.year}`)] };
  }
  return undefined;
}

export function internalError(e: unknown): ScheduleParseResult {
  const detail = e instanceof Error ? e.message : String(e);
  return { ok: false, errors: [issue("internal_error", `解析失败：${detail}`, `could not parse the file: ${detail}`)] };
}
