import { createWorkdayCalendar, supervisedRegionPrefixes, parseScheduleIcs, parseScheduleJson, type WorkdayCalendar } from "@shuyuan/core";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { calendarRepository } from "./repository";

// Other instances may load a schedule; re-read the overrides at most this often.
const REFRESH_MS = 30_000;

/** The workday calendar in force: the official schedule package plus what the authority loaded. */
export async function calendarService(db: Kysely<DB>) {
  const repo = calendarRepository(db);
  let calendar: WorkdayCalendar;
  let loadedAt = 0;

  async function reload() {
    const [overrides, years] = await Promise.all([repo.overrides(), repo.years()]);
    // Each loaded year replaces the package's schedule for that year as a whole.
    calendar = createWorkdayCalendar({
      overrides: overrides.map((o) => ({ date: o.day, kind: o.kind, name: o.name ?? undefined })),
      officialYears: years.map((y) => y.year),
    });
    loadedAt = Date.now();
  }
  await reload();

  async function current(): Promise<WorkdayCalendar> {
    if (Date.now() - loadedAt > REFRESH_MS) await reload();
    return calendar;
  }

  return {
    current,

    async years() {
      const loaded = await repo.years();
      const c = await current();
      return c.yearsWithOfficialSchedule().map((year) => {
        const byAuthority = loaded.find((l) => l.year === year);
        return byAuthority
          ? { year, source: "authority" as const, sourceName: byAuthority.source_name, loadedAt: byAuthority.loaded_at }
          : { year, source: "package" as const, sourceName: "chinese-days", loadedAt: null };
      });
    },

    /**
     * Loads a year's official schedule (JSON or iCalendar). `actor` is the authority
     * administrator doing it over HTTP, or null for an operator at the command line.
     */
    async importSchedule(actor: Actor | null, input: { format: "json" | "ics"; content: string; year?: number; sourceName: string }) {
      if (actor && supervisedRegionPrefixes(actor, ["admin"])?.length === 0) {
        throw errors.forbidden({ zh: "只有主管部门管理员可以导入节假日安排", en: "Only an authority administrator may load the holiday schedule" });
      }
      const parsed = input.format === "ics" ? parseScheduleIcs(input.content, { year: input.year }) : parseScheduleJson(input.content, { year: input.year });
      if (!parsed.ok) {
        throw new AppError(
          400,
          "invalid_schedule",
          { zh: "节假日安排文件有误", en: "The schedule file is invalid" },
          { fields: parsed.errors.map((e) => ({ path: e.path ?? (e.line ? `line ${e.line}` : "content"), message: e.message.zh, messageEn: e.message.en })) },
        );
      }
      await repo.replaceYear(parsed.schedule.year, input.sourceName, actor?.userId ?? null, parsed.schedule.days);
      await reload();
      return {
        year: parsed.schedule.year,
        days: parsed.schedule.days.length,
        warnings: parsed.warnings.map((w) => ({ code: w.code, message: w.message.zh, messageEn: w.message.en, line: w.line })),
      };
    },
  };
}

export type CalendarService = Awaited<ReturnType<typeof calendarService>>;
