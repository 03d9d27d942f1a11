import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireActor } from "../http/auth";
import { signedIn } from "../http/openapi";
import { calendarYears, dayKind, scheduleLoaded, workdayResult } from "./schemas";
import type { CalendarService } from "./service";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v), { message: "not a real date", params: { zh: "日期不存在", en: "Not a real calendar date" } });

export function calendarRoutes(calendar: CalendarService) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/calendar/add-workdays",
      {
        schema: {
          tags: ["calendar"],
          operationId: "addWorkdays",
          summary: "The N-th working day after a date (the day of receipt is not counted)",
          querystring: z.object({ from: isoDate, days: z.coerce.number().int().min(0).max(3660) }),
          response: { 200: workdayResult },
        },
      },
      async (request) => (await calendar.current()).addWorkdays(request.query.from, request.query.days),
    );
    r.get(
      "/calendar/days/:date",
      { schema: { tags: ["calendar"], operationId: "getCalendarDay", summary: "Whether a day is worked, and why", params: z.object({ date: isoDate }), response: { 200: dayKind } } },
      async (request) => (await calendar.current()).dayKind(request.params.date),
    );
    r.get("/calendar/years", { schema: { tags: ["calendar"], operationId: "listCalendarYears", summary: "Years with an official schedule and where it came from", response: { 200: calendarYears } } }, async () => ({
      items: await calendar.years(),
    }));
    r.post(
      "/calendar/schedules",
      {
        config: { audit: { action: "calendar.schedule.load", subjectType: "calendar_year" } },
        schema: {
          tags: ["calendar"],
          operationId: "loadCalendarSchedule",
          summary: "Load a year's official holiday schedule (authority administrators)",
          security: signedIn,
          response: { 201: scheduleLoaded },
          body: z.strictObject({
            format: z.enum(["json", "ics"]),
            content: z.string().min(1).max(512 * 1024),
            year: z.number().int().min(2000).max(2100).optional(),
            sourceName: z.string().trim().min(1).max(200).default("upload"),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await calendar.importSchedule(requireActor(request), request.body)),
    );
  };
}
