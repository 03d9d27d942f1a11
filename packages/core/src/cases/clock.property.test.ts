// Property checks: clock arithmetic (pauses, extensions, silence as consent) against a day-by-day walk
// over the official calendar, for many random dates, lengths and pause lengths (seeded, replayable).
import { describe, expect, it } from "vitest";
import {
  addDays,
  calendar,
  CaseDriver,
  HANDLER,
  naiveAdd,
  naiveDue,
  naiveRunningWorkdays,
  opener,
  profile,
  seededRandom,
  startEvent,
  SYSTEM,
} from "./case-test-kit.fixture";
import { caseDueDates, computeClock } from "./clock";
import { silenceAsConsent } from "./consultation";
import { openApplicationFixture } from "./open-application.fixture";
import { decideSweep } from "./sweeper";
import type { ClockEvent } from "./types";

// 2024-06 … 2026-10: years with an official schedule, holidays and adjusted weekends included.
const FIRST = "2024-06-01";
const SPAN_DAYS = 850;
const RUNS = 1500;

function randomDate(rand: () => number, from = FIRST, span = SPAN_DAYS): string {
  return addDays(from, Math.floor(rand() * span));
}

describe("pause and resume (000 §8 §19): resume with the remaining working days", () => {
  it(`${RUNS} random clocks with 1–3 pauses: due date = day-by-day walk skipping paused days; remaining = length − running workdays`, () => {
    const rand = seededRandom(19_2026);
    let multiPause = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = randomDate(rand);
      const length = 1 + Math.floor(rand() * 25);
      const events: ClockEvent[] = [startEvent(start, length)];
      const pauses: [string, string][] = [];
      let cursor = start;
      const count = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < count; k++) {
        // Each pause begins while the clock still has time left (the notice goes out within the period).
        const runningDue = naiveDue(calendar, start, length, pauses);
        const room = Math.max(0, Math.floor((Date.parse(runningDue) - Date.parse(cursor)) / 86_400_000) - 1);
        if (room === 0) break;
        const p = addDays(cursor, Math.floor(rand() * room));
        const r = addDays(p, Math.floor(rand() * 40));
        events.push({ type: "pause", on: p }, { type: "resume", on: r });
        pauses.push([p, r]);
        cursor = r;
      }
      if (pauses.length > 1) multiPause++;
      const today = addDays(cursor, Math.floor(rand() * 60));
      const v = computeClock("reply", events, calendar, today);
      const paused = pauses.reduce((s, [p, r]) => s + naiveRunningWorkdays(calendar, p, r), 0);
      const ctx = JSON.stringify({ start, length, pauses, today });
      expect(v.pausedDays, ctx).toBe(paused);
      expect(v.dueOn, ctx).toBe(naiveDue(calendar, start, length, pauses));
      expect(v.remainingWd, ctx).toBe(length - naiveRunningWorkdays(calendar, start, today, pauses));
      expect(v.state, ctx).toBe(today > v.dueOn! ? "overdue" : v.remainingWd! <= 2 ? "due_soon" : "running");
    }
    expect(multiPause).toBeGreaterThan(RUNS / 4);
  });

  it(`${RUNS} random clocks paused today: remaining is frozen at the pause, and the projected due date = resuming today`, () => {
    const rand = seededRandom(8_19);
    for (let i = 0; i < RUNS; i++) {
      const start = randomDate(rand);
      const length = 1 + Math.floor(rand() * 25);
      const p = addDays(start, Math.floor(rand() * 30));
      const today = addDays(p, Math.floor(rand() * 30));
      const v = computeClock("reply", [startEvent(start, length), { type: "pause", on: p }], calendar, today);
      const ctx = JSON.stringify({ start, length, p, today });
      expect(v.state, ctx).toBe("paused");
      expect(v.remainingWd, ctx).toBe(length - naiveRunningWorkdays(calendar, start, p));
      const resumedToday = computeClock("reply", [startEvent(start, length), { type: "pause", on: p }, { type: "resume", on: today }], calendar, today);
      expect(v.dueOn, ctx).toBe(resumedToday.dueOn);
      expect(v.remainingWd, ctx).toBe(resumedToday.remainingWd);
    }
  });
});

describe("extension (000 §19: at most +20 wd, once, with a reason)", () => {
  it(`${RUNS} random extensions: due date = the (length + extension)-th workday, walked day by day`, () => {
    const rand = seededRandom(2020);
    for (let i = 0; i < RUNS; i++) {
      const start = randomDate(rand);
      const length = 1 + Math.floor(rand() * 25);
      const by = 1 + Math.floor(rand() * 20);
      const on = addDays(start, Math.floor(rand() * 20));
      const v = computeClock("reply", [startEvent(start, length), { type: "extend", on, byWd: by, reason: "r" }], calendar, on);
      expect(v.dueOn, JSON.stringify({ start, length, by })).toBe(naiveAdd(calendar, start, length + by));
    }
  });

  it("through the engine (beijing-open): any split over the 20 wd limit is refused, and a second extension always is", () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const start = randomDate(rand, "2025-01-01", 500);
      const c = new CaseDriver(openApplicationFixture, profile("beijing-open"));
      c.act("submit", opener("applicant", "public_org"), { datasetId: "d1", purpose: "研究" }, start);
      c.act("accept", HANDLER, {}, start);
      const first = 1 + Math.floor(rand() * 25);
      const r = c.try("extend", HANDLER, { byWd: first, reason: "数据量大" }, start);
      if (first > 20) {
        expect(r).toMatchObject({ ok: false, status: 400, code: "invalid_payload", fields: [{ path: "byWd" }] });
        continue;
      }
      expect(r.ok).toBe(true);
      expect(computeClock("reply", c.clock("reply"), calendar, start).dueOn).toBe(naiveAdd(calendar, start, 20 + first));
      expect(c.try("extend", HANDLER, { byWd: 1, reason: "again" }, start)).toMatchObject({ ok: false, status: 409, code: "extension_used" });
    }
  });
});

describe("third-party consultation (000 §19: 15 wd, silence = consent)", () => {
  it(`${RUNS} random consultations: expired exactly after the 15th workday (walked), consent dated that day`, () => {
    const rand = seededRandom(15);
    for (let i = 0; i < RUNS; i++) {
      const start = randomDate(rand);
      const today = addDays(start, Math.floor(rand() * 40));
      const due = naiveAdd(calendar, start, 15);
      const verdict = silenceAsConsent("consultation", [startEvent(start, 15, { expiry: "consent" })], calendar, today);
      const ctx = JSON.stringify({ start, today, due });
      if (today > due) expect(verdict, ctx).toMatchObject({ expired: true, dueOn: due, effectiveOn: due });
      else expect(verdict, ctx).toEqual({ expired: false });
    }
  });

  it("300 random applications driven through the engine: silence recorded by the sweeper pauses the reply clock for exactly 15 wd", () => {
    const rand = seededRandom(1915);
    let driven = 0;
    for (let i = 0; i < 300; i++) {
      const submitted = randomDate(rand, "2024-06-01", 700);
      const c = new CaseDriver(openApplicationFixture, profile("beijing-open"));
      c.act("submit", opener("applicant", "public_org"), { datasetId: "d1", purpose: "研究" }, submitted);
      c.act("accept", HANDLER, {}, submitted);
      const consultOn = addDays(submitted, Math.floor(rand() * 20));
      if (consultOn > naiveDue(calendar, submitted, 20)) continue;
      c.act("consult_third_party", HANDLER, { thirdParty: "某公司", rightsAffected: "商业秘密" }, consultOn);
      const consultDue = naiveAdd(calendar, consultOn, 15);
      const sweepDay = addDays(consultDue, 1 + Math.floor(rand() * 10)); // the sweeper may run late
      const ctx = JSON.stringify({ submitted, consultOn, sweepDay });
      expect(decideSweep(openApplicationFixture, c.snapshot!, calendar, consultDue).actions, ctx).toEqual([]);
      const [action] = decideSweep(openApplicationFixture, c.snapshot!, calendar, sweepDay).actions;
      expect(action, ctx).toMatchObject({ action: "record_silence_as_consent", effectiveOn: consultDue });
      c.act(action.action, SYSTEM, action.payload, sweepDay, { effectiveOn: (action as { effectiveOn: string }).effectiveOn });
      expect(c.state).toBe("under_review");
      const reply = computeClock("reply", c.clock("reply"), calendar, sweepDay);
      expect(reply.pausedDays, ctx).toBe(15);
      expect(reply.dueOn, ctx).toBe(naiveDue(calendar, submitted, 20, [[consultOn, consultDue]]));
      // Idempotent: the consultation clock is stopped, nothing more to record.
      expect(decideSweep(openApplicationFixture, c.snapshot!, calendar, sweepDay).actions.filter((a) => a.clock === "consultation")).toEqual([]);
      driven++;
    }
    expect(driven).toBeGreaterThan(200);
  });
});

describe("the case row's stored due dates (caseDueDates) agree with the clock arithmetic on every later day", () => {
  it(`${RUNS / 5} random cases of 1–3 clocks (pauses, extensions, stops): due soon/overdue exactly from the stored dates, walked day by day`, () => {
    const rand = seededRandom(4_2026);
    for (let i = 0; i < RUNS / 5; i++) {
      const clocks: Record<string, ClockEvent[]> = {};
      let last = FIRST;
      for (let c = 0; c < 1 + Math.floor(rand() * 3); c++) {
        const start = randomDate(rand);
        const events: ClockEvent[] = [startEvent(start, 1 + Math.floor(rand() * 20))];
        let on = start;
        // Up to three more facts, each after the one before: pause/resume pairs, an extension, a stop.
        for (let k = 0; k < Math.floor(rand() * 4); k++) {
          on = addDays(on, Math.floor(rand() * 12));
          const paused = events.at(-1)!.type === "pause";
          const pick = rand();
          if (paused) events.push({ type: "resume", on });
          else if (pick < 0.4) events.push({ type: "pause", on });
          else if (pick < 0.8) events.push({ type: "extend", on, byWd: 1 + Math.floor(rand() * 10), reason: "x" });
          else {
            events.push({ type: "stop", on });
            break;
          }
        }
        clocks[`c${c}`] = events;
        if (on > last) last = on;
      }
      const dueSoonWd = Math.floor(rand() * 6);
      const atTransition = Object.entries(clocks).map(([name, events]) => computeClock(name, events, calendar, last, { dueSoonWd }));
      const stored = caseDueDates(atTransition, calendar, dueSoonWd);
      for (let d = last; d <= addDays(stored.nextDueOn ?? last, 3); d = addDays(d, 1)) {
        const views = Object.entries(clocks).map(([name, events]) => computeClock(name, events, calendar, d, { dueSoonWd }));
        const flagged = views.some((v) => v.state === "due_soon" || v.state === "overdue");
        const overdue = views.some((v) => v.state === "overdue");
        const ctx = JSON.stringify({ clocks, dueSoonWd, d, stored });
        expect(flagged, ctx).toBe(stored.dueSoonOn !== null && d >= stored.dueSoonOn);
        expect(overdue, ctx).toBe(stored.nextDueOn !== null && d > stored.nextDueOn);
        const running = views.filter((v) => v.dueOn !== null && v.state !== "stopped" && v.state !== "paused").map((v) => v.dueOn!);
        expect(running.length ? running.sort()[0] : null, ctx).toBe(stored.nextDueOn);
      }
    }
  });
});
