// Responses of the workday calendar: core's DayKind and WorkdayResult, and the loaded schedules.
import type { DayKind, WorkdayResult } from "@shuyuan/core";
import { z } from "zod";
import { bilingual, timestamp, isoDate } from "../http/openapi";

export const dayKind = z
  .object({
    date: isoDate,
    work: z.boolean(),
    reason: z.enum(["weekday", "weekend", "holiday", "adjusted_workday"]),
    name: z.string().optional(),
    nameEn: z.string().optional(),
    source: z.enum(["base", "authority"]).optional(),
  })
  .meta({ id: "CalendarDay" }) satisfies z.ZodType<DayKind>;

/** A year touched without an official schedule: counted as plain weekdays, flagged. */
export const calendarWarning = z.object({ code: z.literal("year_without_official_schedule"), year: z.int(), message: bilingual });

export const workdayResult = z
  .object({ from: isoDate, days: z.int(), due: isoDate, warnings: z.array(calendarWarning) })
  .meta({ id: "WorkdayResult" }) satisfies z.ZodType<WorkdayResult>;

export const calendarYears = z.object({
  items: z.array(z.object({ year: z.int(), source: z.enum(["authority", "package"]), sourceName: z.string(), loadedAt: timestamp.nullable() })),
});

export const scheduleLoaded = z.object({
  year: z.int(),
  days: z.int(),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), messageEn: z.string(), line: z.int().optional() })),
});
