// Shapes shared by the calendar, its parsers and their callers. Dates are always 'YYYY-MM-DD'.

/** A message in both UI languages (zh-CN first). Same shape as profiles' Bilingual. */
export type CalendarText = { zh: string; en: string };

export type DayOverrideKind = "holiday" | "workday";

/** One day of an official schedule or one authority decision: 放假 (holiday) or 调休上班 (workday). */
export interface DayOverride {
  date: string;
  kind: DayOverrideKind;
  /** Festival or reason, e.g. '春节'. */
  name?: string;
}

/** A whole year's official schedule (国务院办公厅关于某年部分节假日安排的通知), as the parsers return it. */
export interface YearSchedule {
  year: number;
  /** Sorted by date. May hold a few days of the neighbouring year (e.g. a 31 Dec make-up workday). */
  days: DayOverride[];
}

/**
 * Why a day is on or off:
 * weekday = ordinary Mon–Fri; weekend = ordinary Sat/Sun; holiday = statutory or authority day off
 * (even on a weekend); adjusted_workday = 调休上班, a weekend day that is worked.
 */
export type DayReason = "weekday" | "weekend" | "holiday" | "adjusted_workday";

export interface DayKind {
  date: string;
  work: boolean;
  reason: DayReason;
  /** Festival name in Chinese, when the day comes from a schedule. */
  name?: string;
  /** English festival name, when the source has one (chinese-days does). */
  nameEn?: string;
  /** Where a holiday/workday entry came from; absent for ordinary weekdays and weekends. */
  source?: "base" | "authority";
}

export interface CalendarWarning {
  code: "year_without_official_schedule";
  year: number;
  message: CalendarText;
}

export interface WorkdayResult {
  from: string;
  /** The n that was asked for (negative when counting backwards). */
  days: number;
  due: string;
  /** One entry per touched year without an official schedule, ascending. */
  warnings: CalendarWarning[];
}

export type ScheduleIssueCode =
  | "too_large"
  | "not_text"
  | "invalid_json"
  | "invalid_shape"
  | "invalid_date"
  | "invalid_range"
  | "range_too_long"
  | "empty_schedule"
  | "year_unknown"
  | "year_mismatch"
  | "multiple_years"
  | "date_outside_year"
  | "conflicting_day"
  | "workday_on_weekday"
  | "ics_not_calendar"
  | "ics_unterminated"
  | "ics_bad_line"
  | "ics_missing_dtstart"
  | "ics_bad_date"
  | "ics_recurrence_unsupported"
  | "ics_unclassified_event"
  | "internal_error";

/** A problem found in an uploaded schedule file. `line` is 1-based, in the original text. */
export interface ScheduleIssue {
  code: ScheduleIssueCode;
  message: CalendarText;
  line?: number;
  /** JSON path such as 'holidays.3.date', when the issue is tied to one value. */
  path?: string;
}

export type ScheduleParseResult =
  | { ok: true; schedule: YearSchedule; warnings: ScheduleIssue[] }
  | { ok: false; errors: ScheduleIssue[] };

export interface ScheduleParseOptions {
  /** The year the authority says it is uploading; a file for another year is rejected. */
  year?: number;
}
