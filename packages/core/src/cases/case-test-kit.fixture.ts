// Test helpers (not exported from core): a case driver that stores what evaluateTransition returns,
// like the server will, and a day-by-day workday count independent of the calendar's prefix sums.
import { expect } from "vitest";
import { createWorkdayCalendar, type WorkdayCalendar } from "../calendar";
import { fromDayNumber, toDayNumber } from "../calendar/dates";
import { resolveProfile, type Profile, type ProfileId } from "../profiles";
import { evaluateTransition, type EvaluateOptions } from "./evaluate";
import type { ActorParty, CaseKind, CaseSnapshot, ClockEvent, TransitionOk, TransitionResult } from "./types";

export const calendar = createWorkdayCalendar();
export const profile = (id: ProfileId): Profile => resolveProfile(id);

export const APPLICANT: ActorParty[] = [{ party: "applicant", roles: [] }];
export const HANDLER: ActorParty[] = [{ party: "handler", roles: ["data_officer"] }];
export const HANDLER_EDITOR: ActorParty[] = [{ party: "handler", roles: ["catalog_editor"] }];
export const AUTHORITY: ActorParty[] = [{ party: "authority", roles: ["reviewer"] }];
export const THIRD_PARTY: ActorParty[] = [{ party: "third_party", roles: [] }];
export const SYSTEM: ActorParty[] = [{ party: "system", roles: [] }];
export const opener = (party: ActorParty["party"], as: NonNullable<ActorParty["as"]>, roles: ActorParty["roles"] = ["admin"]): ActorParty[] => [
  { party, roles, as },
];

/** Drives one case through transitions, storing state, version and clock events like the server. */
export class CaseDriver {
  snapshot: CaseSnapshot | null = null;
  constructor(
    readonly kind: CaseKind,
    readonly profile: Profile,
    readonly cal: WorkdayCalendar = calendar,
  ) {}

  try(action: string, parties: readonly ActorParty[], payload: unknown, today: string, options: EvaluateOptions = {}): TransitionResult {
    const r = evaluateTransition(this.kind, this.snapshot, action, parties, payload, this.profile, this.cal, today, options);
    if (r.ok) this.store(r);
    return r;
  }

  /** Like try, but the transition must succeed. */
  act(action: string, parties: readonly ActorParty[], payload: unknown, today: string, options: EvaluateOptions = {}): TransitionOk {
    const r = this.try(action, parties, payload, today, options);
    if (!r.ok) expect.fail(`${action} on ${today} refused: ${r.status} ${r.code} ${r.message.en} ${JSON.stringify(r.fields ?? [])}`);
    return r;
  }

  get state(): string | undefined {
    return this.snapshot?.state;
  }

  clock(name: string): readonly ClockEvent[] {
    return this.snapshot?.clocks[name] ?? [];
  }

  private store(r: TransitionOk): void {
    const clocks: Record<string, ClockEvent[]> = {};
    for (const [k, v] of Object.entries(this.snapshot?.clocks ?? {})) clocks[k] = [...v];
    for (const e of r.clockEffects) (clocks[e.clock] ??= []).push(e.event);
    this.snapshot = { state: r.nextState, version: r.version, clocks };
  }
}

export function expectRefused(r: TransitionResult, status: number, code: string): Extract<TransitionResult, { ok: false }> {
  if (r.ok) expect.fail(`expected ${status} ${code}, got ok → ${r.nextState}`);
  expect({ status: r.status, code: r.code }).toEqual({ status, code });
  expect(r.message.zh.length).toBeGreaterThan(0);
  expect(r.message.en.length).toBeGreaterThan(0);
  return r;
}

/** mulberry32: seeded, so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const addDays = (date: string, n: number): string => fromDayNumber(toDayNumber(date) + n);

/** Walk day by day: the n-th workday after `from` (n ≥ 1). */
export function naiveAdd(cal: WorkdayCalendar, from: string, n: number): string {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (cal.isWorkday(d)) left--;
  }
  return d;
}

/** Walk day by day: workdays in (a, b] that are not inside any paused interval (P, R]. */
export function naiveRunningWorkdays(cal: WorkdayCalendar, a: string, b: string, pauses: readonly [string, string][] = []): number {
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) {
    if (!cal.isWorkday(d)) continue;
    if (pauses.some(([p, r]) => d > p && d <= r)) continue;
    n++;
  }
  return n;
}

/** Walk day by day from `start` until `budget` running (unpaused) workdays have passed. */
export function naiveDue(cal: WorkdayCalendar, start: string, budget: number, pauses: readonly [string, string][] = []): string {
  let d = start;
  for (let counted = 0; counted < budget; ) {
    d = addDays(d, 1);
    if (cal.isWorkday(d) && !pauses.some(([p, r]) => d > p && d <= r)) counted++;
  }
  return d;
}

export function startEvent(on: string, lengthWd: number | null, extra: Partial<Extract<ClockEvent, { type: "start" }>> = {}): ClockEvent {
  return { type: "start", on, lengthWd, basis: "test", extension: null, expiry: "escalate", ...extra };
}
