// The cases module: wiring for app.ts (repository → service, sweeper → routes).
import type { Profile } from "@shuyuan/core";
import type { Kysely } from "kysely";
import type { AuditService } from "../audit/service";
import type { CalendarService } from "../calendar/service";
import type { DB } from "../db/schema";
import type { ObjectStorage } from "../storage/types";
import { caseAttachments } from "./attachments";
import { caseRepository } from "./repository";
import { caseRoutes } from "./routes";
import { caseService, todayInChina } from "./service";
import { caseSweeper } from "./sweeper";

export function casesModule(deps: { db: Kysely<DB>; calendar: CalendarService; profile: Profile; audit: AuditService; storage: ObjectStorage }) {
  const repo = caseRepository(deps.db);
  const attachments = caseAttachments({ db: deps.db, storage: deps.storage });
  // Tests move the date; everything else reads today in China Standard Time.
  const clock = { today: () => todayInChina() };
  const service = caseService({ repo, calendar: deps.calendar, profile: deps.profile, audit: deps.audit, clock, attachments });
  const sweep = caseSweeper({ repo, calendar: deps.calendar, profile: deps.profile, audit: deps.audit, clock });
  return { service, sweep, clock, routes: caseRoutes(service, attachments) };
}

export type CasesModule = ReturnType<typeof casesModule>;
