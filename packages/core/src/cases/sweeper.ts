// The sweeper's decision for one case: which system transitions to apply today. Each action is the
// name of a system transition of the kind (mark_due_soon, mark_overdue, escalate, record_silence_as_consent):
// the server applies it through evaluateTransition like any other action, so it is permission-checked,
// audited and stored the same way. Idempotent: a mark is recorded once per clock and due date (a mark
// already on the clock for that due date is not asked for again), and consent stops the clock it reads.
import type { CalendarWarning, WorkdayCalendar } from "../calendar";
import { computeClock, mergeWarnings, DEFAULT_DUE_SOON_WD } from "./clock";
import { silenceAsConsent } from "./consultation";
import { SILENCE_CONSENT_TRANSITION } from "./define-kind";
import type { CaseKind, CaseSnapshot } from "./types";

export interface SweepOptions {
  /** "Due soon" when at most this many working days remain (default 2). */
  dueSoonWd?: number;
  /** Escalate (督办) once a clock is this many working days overdue (default 0: on the first day past due). */
  escalateAfterWd?: number;
}

export type SweepAction =
  | { action: "mark_due_soon"; clock: string; dueOn: string; remainingWd: number; payload: { clock: string } }
  | { action: "mark_overdue"; clock: string; dueOn: string; overdueWd: number; payload: { clock: string } }
  /** 督办 (004 §42): notify the case's supervising authority. */
  | { action: "escalate"; clock: string; dueOn: string; overdueWd: number; payload: { clock: string } }
  /** 000 §19: apply with options.effectiveOn = effectiveOn (the last day of the period). */
  | { action: typeof SILENCE_CONSENT_TRANSITION; clock: string; dueOn: string; effectiveOn: string; payload: { clock: string } };

export interface SweepDecision {
  actions: SweepAction[];
  warnings: CalendarWarning[];
}

export function decideSweep(
  kind: CaseKind,
  snapshot: Pick<CaseSnapshot, "state" | "clocks">,
  calendar: WorkdayCalendar,
  today: string,
  options: SweepOptions = {},
): SweepDecision {
  const terminal = kind.states.find((s) => s.name === snapshot.state)?.terminal === true;
  const actions: SweepAction[] = [];
  const warnings: CalendarWarning[][] = [];
  if (terminal) return { actions, warnings: [] };
  const dueSoonWd = options.dueSoonWd ?? DEFAULT_DUE_SOON_WD;
  const escalateAfterWd = options.escalateAfterWd ?? 0;

  for (const [clock, events] of Object.entries(snapshot.clocks)) {
    if (!events.length) continue;
    const v = computeClock(clock, events, calendar, today, { dueSoonWd });
    warnings.push(v.warnings);
    if (v.dueOn === null) continue;
    const marked = (mark: string) => v.marks.some((m) => m.mark === mark && m.dueOn === v.dueOn);
    const payload = { clock };

    if (v.expiry === "consent") {
      const verdict = silenceAsConsent(clock, events, calendar, today);
      if (verdict.expired) {
        actions.push({ action: SILENCE_CONSENT_TRANSITION, clock, dueOn: verdict.dueOn, effectiveOn: verdict.effectiveOn, payload });
      }
      continue;
    }
    if (v.state === "due_soon" && !marked("due_soon")) {
      actions.push({ action: "mark_due_soon", clock, dueOn: v.dueOn, remainingWd: v.remainingWd!, payload });
    }
    if (v.state === "overdue") {
      if (!marked("overdue")) actions.push({ action: "mark_overdue", clock, dueOn: v.dueOn, overdueWd: v.overdueWd, payload });
      if (v.overdueWd >= escalateAfterWd && !marked("escalated")) {
        actions.push({ action: "escalate", clock, dueOn: v.dueOn, overdueWd: v.overdueWd, payload });
      }
    }
  }
  return { actions, warnings: mergeWarnings(...warnings) };
}
