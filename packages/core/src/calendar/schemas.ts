// zod schemas for calendar input, shared by the JSON parser and by server routes.
import { z } from "zod";
import { isIsoDate, MAX_YEAR, MIN_YEAR } from "./dates";

export const isoDateSchema = z.string().refine(isIsoDate, { error: "expected a real date 'YYYY-MM-DD'" });

export const calendarYearSchema = z.number().int().min(MIN_YEAR).max(MAX_YEAR);

export const dayOverrideSchema = z.object({
  date: isoDateSchema,
  kind: z.enum(["holiday", "workday"]),
  name: z.string().trim().min(1).max(100).optional(),
});

export const yearScheduleSchema = z.object({
  year: calendarYearSchema,
  days: z.array(dayOverrideSchema),
});
