// 工作日日历: workday arithmetic on the official Chinese calendar, and parsers for the schedules an authority loads.
export { createWorkdayCalendar, MAX_WORKDAY_SPAN, WorkdayCalendar, type WorkdayCalendarOptions } from "./workday-calendar";
export { baseScheduleYears } from "./base-schedule";
export { parseScheduleJson } from "./parse-json";
export { parseScheduleIcs } from "./parse-ics";
export { MAX_SCHEDULE_TEXT } from "./schedule-build";
export { isIsoDate } from "./dates";
export { calendarYearSchema, dayOverrideSchema, isoDateSchema, yearScheduleSchema } from "./schemas";
export type {
  CalendarText,
  CalendarWarning,
  DayKind,
  DayOverride,
  DayOverrideKind,
  DayReason,
  ScheduleIssue,
  ScheduleIssueCode,
  ScheduleParseOptions,
  ScheduleParseResult,
  WorkdayResult,
  YearSchedule,
} from "./types";
