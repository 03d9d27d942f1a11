// Statutory clocks from stored facts: no timers. A clock is its event list; its due date, state and
// remaining working days are recomputed for any `today`, so a restart loses nothing.
//
// Arithmetic (all in working days on the official calendar, the start day itself never counted):
//   total  = length + extensions + days paused       (a pause moves the due date by exactly its workdays)
//   dueOn  = the total-th workday after startedOn     (always a workday)
//   remaining = total − workdays in (startedOn, asOf] (asOf = the stop day, else today)
// Days paused are the workdays in (pausedOn, resumedOn]: the day the notice goes out is used,
// the day the supplement arrives is not (it is "the day of receipt", 000 §19).
import { isIsoDate, type CalendarWarning, type WorkdayCalendar } from "../calendar";
import type { ClockEvent, ClockMark, ClockState, ClockView } from "./types";

export const DEFAULT_DUE_SOON_WD = 2;

export interface ClockOptions {
  /** "Due soon" when at most this many working days remain (default 2). */
  dueSoonWd?: number;
}

/** The stored events of a clock do not make sense (a bug or a damaged record, never user input). */
export class ClockFactsError extends Error {
  constructor(
    readonly clock: string,
    detail: string,
  ) {
    super(`clock "${clock}": ${detail}`);
    this.name = "ClockFactsError";
  }
}

/** The events of a clock's latest run: from its last start (a stopped clock may be started again). */
export function currentRun(events: readonly ClockEvent[]): readonly ClockEvent[] {
  for (let i = events.length - 1; i >= 0; i--) if (events[i].type === "start") return events.slice(i);
  return events;
}

/** Checks the event list's shape and order; throws ClockFactsError. */
export function checkClockEvents(name: string, events: readonly ClockEvent[]): void {
  if (events.length === 0 || events[0].type !== "start") throw new ClockFactsError(name, "the first event must be start");
  let paused = false;
  let stopped = false;
  let last = "";
  events.forEach((e, i) => {
    if (!isIsoDate(e.on)) throw new ClockFactsError(name, `event ${i} has no valid date`);
    if (e.on < last) throw new ClockFactsError(name, `event ${i} (${e.type} on ${e.on}) is before ${last}`);
    last = e.on;
    if (stopped && e.type !== "mark" && e.type !== "start") throw new ClockFactsError(name, `event ${i} (${e.type}) after stop`);
    switch (e.type) {
      case "start":
        // A stopped clock may start again: a new run (e.g. each round of review comments, 004 §12).
        if (i !== 0 && !stopped) throw new ClockFactsError(name, "started twice");
        stopped = false;
        paused = false;
        if (e.lengthWd !== null && !(Number.isInteger(e.lengthWd) && e.lengthWd > 0))
          throw new ClockFactsError(name, "length must be a positive number of workdays or null");
        break;
      case "pause":
        if (paused) throw new ClockFactsError(name, `paused twice (event ${i})`);
        paused = true;
        break;
      case "resume":
        if (!paused) throw new ClockFactsError(name, `resumed while not paused (event ${i})`);
        paused = false;
        break;
      case "extend":
        if (!(Number.isInteger(e.byWd) && e.byWd > 0)) throw new ClockFactsError(name, `extension must be positive (event ${i})`);
        break;
      case "stop":
        stopped = true;
        break;
      case "mark":
        if (!isIsoDate(e.dueOn)) throw new ClockFactsError(name, `mark without a due date (event ${i})`);
        break;
      default:
        throw new ClockFactsError(name, `unknown event type (event ${i})`);
    }
  });
}

/**
 * The clock `name` as of `today`, from its events. Events dated after `today` are not yet facts
 * and are ignored (so a past day can be replayed); a clock that starts after today has used nothing.
 */
export function computeClock(
  name: string,
  all: readonly ClockEvent[],
  calendar: WorkdayCalendar,
  today: string,
  options: ClockOptions = {},
): ClockView {
  checkClockEvents(name, all);
  // Only the latest run counts; earlier runs ended with their stop.
  const events = currentRun(all);
  if (!isIsoDate(today)) throw new RangeError(`today is not a date 'YYYY-MM-DD': ${String(today)}`);
  const dueSoonWd = options.dueSoonWd ?? DEFAULT_DUE_SOON_WD;
  const start = events[0] as Extract<ClockEvent, { type: "start" }>;

  let pausedDays = 0;
  let pausedSince: string | null = null;
  let extendedWd = 0;
  let extensions = 0;
  let stoppedOn: string | null = null;
  const marks: ClockMark[] = [];
  for (const e of events.slice(1)) {
    if (e.on > today) break;
    if (e.type === "pause") pausedSince = e.on;
    else if (e.type === "resume" && pausedSince !== null) {
      pausedDays += calendar.workdaysBetween(pausedSince, e.on);
      pausedSince = null;
    } else if (e.type === "extend") {
      extendedWd += e.byWd;
      extensions++;
    } else if (e.type === "stop") {
      if (pausedSince !== null) pausedDays += calendar.workdaysBetween(pausedSince, e.on);
      pausedSince = null;
      stoppedOn = e.on;
    } else if (e.type === "mark") marks.push({ mark: e.mark, on: e.on, dueOn: e.dueOn });
  }

  const asOf = stoppedOn ?? today;
  // A clock still paused today has been paused through today; the days count towards the projection.
  if (pausedSince !== null) pausedDays += Math.max(0, calendar.workdaysBetween(pausedSince, today));
  const base = {
    name,
    basis: start.basis,
    startedOn: start.on,
    lengthWd: start.lengthWd,
    extendedWd,
    extensions,
    pausedDays,
    pausedSince,
    stoppedOn,
    expiry: start.expiry,
    marks,
  };

  if (start.lengthWd === null) {
    const state: ClockState = stoppedOn ? "stopped" : pausedSince ? "paused" : "running";
    return {
      ...base,
      dueOn: null,
      state,
      remainingWd: null,
      overdueWd: 0,
      late: false,
      warnings: calendar.warningsBetween(start.on, maxDate(start.on, asOf)),
    };
  }

  const total = start.lengthWd + extendedWd + pausedDays;
  const due = calendar.addWorkdays(start.on, total);
  const used = Math.max(0, calendar.workdaysBetween(start.on, asOf));
  const remainingWd = total - used;
  const pastDue = asOf > due.due;
  let state: ClockState;
  if (stoppedOn) state = "stopped";
  else if (pausedSince) state = "paused";
  else if (pastDue) state = "overdue";
  else if (remainingWd <= dueSoonWd) state = "due_soon";
  else state = "running";
  return {
    ...base,
    dueOn: due.due,
    state,
    remainingWd,
    overdueWd: Math.max(0, -remainingWd),
    // A paused clock's due date is a projection; it is late only if it was already past due when paused.
    late: state === "paused" ? remainingWd < 0 : pastDue,
    warnings: mergeWarnings(due.warnings, calendar.warningsBetween(start.on, maxDate(due.due, asOf))),
  };
}

/**
 * What the server keeps on a case row so lists and the supervision board filter, sort and page in SQL.
 * Derived from the clocks (recomputed on every transition), never read back as a fact.
 */
export interface CaseDueDates {
  /** The earliest due date of a running timed clock; null when none runs (stopped, paused or untimed). */
  nextDueOn: string | null;
  /** The first day a running clock shows "due soon" (at most dueSoonWd working days left; then overdue). */
  dueSoonOn: string | null;
}

/**
 * A case's due dates from its clocks. A running clock's due date does not move with time, so the stored
 * dates stay right until the next transition; a paused clock's projected date moves every working day and
 * it can be neither due soon nor overdue, so it is left out until it resumes.
 */
export function caseDueDates(views: readonly ClockView[], calendar: WorkdayCalendar, dueSoonWd: number = DEFAULT_DUE_SOON_WD): CaseDueDates {
  let nextDueOn: string | null = null;
  let dueSoonOn: string | null = null;
  for (const v of views) {
    if (v.dueOn === null || v.lengthWd === null || v.state === "stopped" || v.state === "paused") continue;
    // remaining = total − workdays since the start: at most dueSoonWd from the (total − dueSoonWd)-th workday on.
    const total = v.lengthWd + v.extendedWd + v.pausedDays;
    const soon = total > dueSoonWd ? calendar.addWorkdays(v.startedOn, total - dueSoonWd).due : v.startedOn;
    if (nextDueOn === null || v.dueOn < nextDueOn) nextDueOn = v.dueOn;
    if (dueSoonOn === null || soon < dueSoonOn) dueSoonOn = soon;
  }
  return { nextDueOn, dueSoonOn };
}

/** The latest event date of a clock ('' when there are none). */
export function lastEventOn(events: readonly ClockEvent[] | undefined): string {
  return events && events.length ? events[events.length - 1].on : "";
}

export function mergeWarnings(...lists: readonly CalendarWarning[][]): CalendarWarning[] {
  const byYear = new Map<number, CalendarWarning>();
  for (const list of lists) for (const w of list) if (!byYear.has(w.year)) byYear.set(w.year, w);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
