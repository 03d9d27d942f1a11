import type { Kysely } from "kysely";
import type { DB } from "../db/schema";

/** All SQL of the calendar module: authority-loaded yearly schedules. */
export function calendarRepository(db: Kysely<DB>) {
  return {
    overrides: () => db.selectFrom("calendar_overrides").select(["year", "day", "kind", "name"]).orderBy("day").execute(),

    years: () => db.selectFrom("calendar_years").select(["year", "source_name", "loaded_at"]).orderBy("year").execute(),

    /** Replaces one year's schedule as a whole, atomically. */
    replaceYear: (year: number, sourceName: string, loadedBy: string | null, days: { date: string; kind: "holiday" | "workday"; name?: string }[]) =>
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto("calendar_years")
          .values({ year, source_name: sourceName, loaded_by: loadedBy })
          .onConflict((oc) => oc.column("year").doUpdateSet({ source_name: sourceName, loaded_by: loadedBy, loaded_at: new Date() }))
          .execute();
        await trx.deleteFrom("calendar_overrides").where("year", "=", year).execute();
        if (days.length) {
          await trx
            .insertInto("calendar_overrides")
            .values(days.map((d) => ({ year, day: d.date, kind: d.kind, name: d.name ?? null })))
            .execute();
        }
      }),
  };
}

export type CalendarRepository = ReturnType<typeof calendarRepository>;
