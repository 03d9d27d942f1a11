// The cases module: wiring for app.ts (repository → service, sweeper → routes).
import type { Profile } from "@shuyuan/core";
import type { Kysely } from "kysely";
import type { AuditService } from "../audit/service";
import type { CalendarService } from "../calendar/service";
import type { DB } from "../db/schema";
import { caseRepository } from "./repository";
import { caseRoutes } from "./routes";
import { caseService, todayInChina } from "./service";
import { caseSweeper } from "./sweeper";

export function casesModule(deps: { db: Kysely<DB>; calendar: CalendarService; profile: Profile; audit: AuditService }) {
  const repo = caseRepository(deps.db);
  // Tests move the date; everything else reads today in China Standard Time.
  const clock = { today: () => todayInChina() };
  const service = caseService({ repo, calendar: deps.calendar, profile: deps.profile, audit: deps.audit, clock });
  const sweep = caseSweeper({ repo, calendar: deps.calendar, profile: deps.profile, audit: deps.audit, clock });
  return { service, sweep, clock, routes: caseRoutes(service) };
}

export type CasesModule = ReturnType<typeof casesModule>;
