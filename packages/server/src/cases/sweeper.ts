// The clock sweeper (004 §42): marks due-soon and overdue clocks, escalates overdue cases to the
// supervising authority, and records silence as consent (000 §19). Each action is a system transition
// applied through core's evaluateTransition, so it is stored, notified and audited like any other.
// A singleton across instances: the run holds a PostgreSQL advisory lock (pg_try_advisory_xact_lock);
// an instance that does not get it does nothing. Re-runs are idempotent (a mark is recorded once per
// clock and due date).
import {
  caseKind,
  decideSweep,
  evaluateTransition,
  SILENCE_CONSENT_TRANSITION,
  SYSTEM_PARTIES,
  type ClockEvent,
  type Profile,
} from "@shuyuan/core";
import type { AuditInput } from "../audit/writer";
import type { CalendarService } from "../calendar/service";
import type { CaseRepository } from "./repository";
import { dueDatesDiffer, dueDatesFrom, noticeFor } from "./service";

export interface SweepReport {
  ran: boolean;
  today: string;
  applied: { caseId: string; action: string; clock: string; dueOn: string }[];
  failed: { caseId: string; error: string }[];
}

export interface SweeperDeps {
  repo: CaseRepository;
  calendar: Pick<CalendarService, "current">;
  profile: Profile;
  audit: { record(input: AuditInput): Promise<unknown> };
  clock: { today: () => string };
  escalateAfterWd?: number;
}

export function caseSweeper(deps: SweeperDeps) {
  const { repo, profile } = deps;
  // The profile's (a deployment may override it in SHUYUAN_CONFIG); clocks must be presented with the same value.
  const dueSoonWd = profile.dueSoonWorkdays;

  /** One sweep as of `today` (default: the service's today). */
  return async function sweep(today: string = deps.clock.today()): Promise<SweepReport> {
    const calendar = await deps.calendar.current();
    const audits: AuditInput[] = [];
    const applied: SweepReport["applied"] = [];
    const failed: SweepReport["failed"] = [];

    const outcome = await repo.withSweepLock(async (trx) => {
      const rows = await repo.openCases(trx);
      const events = await repo.clockEvents(
        rows.map((r) => r.id),
        trx,
      );
      for (const row of rows) {
        const kind = caseKind(row.kind);
        if (!kind) continue;
        const snapshot = { state: row.state, version: row.version, clocks: events.get(row.id) ?? {} };
        try {
          const decision = decideSweep(kind, snapshot, calendar, today, { dueSoonWd, escalateAfterWd: deps.escalateAfterWd });
          for (const a of decision.actions) {
            const result = evaluateTransition(kind, snapshot, a.action, SYSTEM_PARTIES, a.payload, profile, calendar, today, {
              dueSoonWd,
              effectiveOn: a.action === SILENCE_CONSENT_TRANSITION ? a.effectiveOn : undefined,
            });
            if (!result.ok) continue; // nothing to do any more (e.g. an earlier action of this run covered it)
            const won = await repo.inSavepoint(trx, () =>
              repo.apply(
                trx,
                row.id,
                snapshot.version,
                { state: result.nextState, version: result.version, terminal: result.terminal, due: { ...result.due, dueSoonWd } },
                {
                  action: result.action,
                  fromState: result.fromState,
                  toState: result.nextState,
                  actorUserId: null,
                  actorOrganisationId: null,
                  actorParty: "system",
                  effectiveOn: result.effectiveOn,
                  data: result.data,
                  clockEffects: result.clockEffects,
                },
                noticeFor(kind, row, result, null, { name: a.clock, dueOn: a.dueOn }),
              ),
            );
            if (!won) break; // the case moved on meanwhile: the next run reads it afresh
            const clocks: Record<string, ClockEvent[]> = { ...snapshot.clocks };
            for (const e of result.clockEffects) clocks[e.clock] = [...(clocks[e.clock] ?? []), e.event];
            Object.assign(snapshot, { state: result.nextState, version: result.version, clocks });
            applied.push({ caseId: row.id, action: a.action, clock: a.clock, dueOn: a.dueOn });
            audits.push({
              action: result.auditAction,
              outcome: "success",
              subjectType: "case",
              subjectId: row.id,
              detail: { kind: kind.name, clock: a.clock, dueOn: a.dueOn, effectiveOn: result.effectiveOn, by: "sweeper" },
            });
          }
          // The stored due dates follow the clocks (a changed due-soon figure or calendar moves them).
          const due = dueDatesFrom(snapshot.clocks, calendar, today, dueSoonWd);
          if (dueDatesDiffer(row, due)) await repo.inSavepoint(trx, () => repo.setDueDates(row.id, snapshot.version, due, trx));
        } catch (err) {
          failed.push({ caseId: row.id, error: (err as Error).message });
        }
      }
    });
    // The audit writer may need the connection this transaction held (PGlite has one): record after commit.
    for (const a of audits) await deps.audit.record(a);
    return { ran: outcome.ran, today, applied, failed };
  };
}

export type CaseSweep = ReturnType<typeof caseSweeper>;
