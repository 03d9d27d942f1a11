// 000 §19: a third party whose rights an opening affects must answer within 15 wd; 逾期未提出意见的视为同意.
import type { WorkdayCalendar } from "../calendar";
import { computeClock } from "./clock";
import type { CalendarWarning } from "../calendar";
import type { ClockEvent } from "./types";

export type SilenceVerdict =
  | { expired: false }
  | {
      expired: true;
      /** The last day the third party could answer. */
      dueOn: string;
      /**
       * The date to record the consent on: the last day of the period, not the day the sweeper
       * noticed, so a sweeper that ran late (or a restart) records the same fact.
       */
      effectiveOn: string;
      warnings: CalendarWarning[];
    };

/**
 * Has a consent-on-silence clock run out unanswered as of `today`? True from the first day after its
 * due date while it is still running; then the sweeper must record consent (record_silence_as_consent).
 * A clock that was stopped (the third party answered), is paused, or escalates on expiry never expires
 * into consent.
 */
export function silenceAsConsent(
  name: string,
  events: readonly ClockEvent[],
  calendar: WorkdayCalendar,
  today: string,
): SilenceVerdict {
  const view = computeClock(name, events, calendar, today);
  if (view.expiry !== "consent" || view.state !== "overdue" || view.dueOn === null) return { expired: false };
  return { expired: true, dueOn: view.dueOn, effectiveOn: view.dueOn, warnings: view.warnings };
}
