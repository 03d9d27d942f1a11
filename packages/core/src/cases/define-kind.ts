// defineCaseKind: checks a declaration once, at import, and adds the sweeper's system transitions,
// so a typo in a transition table fails every test instead of one request in production.
import { z } from "zod";
import type { CaseKind, CaseKindSpec, ClockMarkKind, TransitionSpec } from "./types";

/** The sweeper's transitions, added to every kind: self-loops by `system` that record a mark on one clock. */
export const SWEEP_TRANSITIONS = ["mark_due_soon", "mark_overdue", "escalate"] as const;
export type SweepTransition = (typeof SWEEP_TRANSITIONS)[number];

/** The system transition a kind with a consent-on-silence clock must declare (000 §19). */
export const SILENCE_CONSENT_TRANSITION = "record_silence_as_consent";

const MARKS: Record<SweepTransition, { mark: ClockMarkKind; label: { zh: string; en: string }; basis: string }> = {
  mark_due_soon: { mark: "due_soon", label: { zh: "标记临期", en: "Mark due soon" }, basis: "004 §42" },
  mark_overdue: { mark: "overdue", label: { zh: "标记逾期", en: "Mark overdue" }, basis: "004 §42" },
  escalate: { mark: "escalated", label: { zh: "督办：报主管部门", en: "Escalate to the supervising authority" }, basis: "004 §42" },
};

const NAME = /^[a-z][a-z0-9_]*$/;

export function defineCaseKind(spec: CaseKindSpec): CaseKind {
  const fail = (msg: string): never => {
    throw new Error(`case kind "${spec.name}": ${msg}`);
  };
  if (!NAME.test(spec.name)) fail("name must be snake_case");
  const states = new Set<string>();
  for (const s of spec.states) {
    if (!NAME.test(s.name) || states.has(s.name)) fail(`bad or duplicate state "${s.name}"`);
    states.add(s.name);
  }
  const clocks = new Map(spec.clocks.map((c) => [c.name, c]));
  if (clocks.size !== spec.clocks.length) fail("duplicate clock name");
  const nonTerminal = spec.states.filter((s) => !s.terminal).map((s) => s.name);

  const sweep: TransitionSpec[] = SWEEP_TRANSITIONS.map((name) => ({
    name,
    label: MARKS[name].label,
    basis: MARKS[name].basis,
    from: nonTerminal,
    to: "same",
    by: [{ party: "system" }],
    payload: z.strictObject({ clock: z.string().min(1) }),
    clocks: [{ op: "mark", mark: MARKS[name].mark }],
  }));
  const transitions = [...spec.transitions, ...sweep];

  const names = new Set<string>();
  let creating = 0;
  for (const t of transitions) {
    if (!NAME.test(t.name) || names.has(t.name)) fail(`bad or duplicate transition "${t.name}"`);
    names.add(t.name);
    if (t.by.length === 0) fail(`transition "${t.name}" names no party`);
    if (t.from === "create") {
      creating++;
      if (t.to === "same") fail(`opening transition "${t.name}" needs a target state`);
      if (!t.openers?.length) fail(`opening transition "${t.name}" names no openers`);
    } else {
      for (const f of t.from) if (!states.has(f)) fail(`transition "${t.name}" from unknown state "${f}"`);
      if (t.from.length === 0) fail(`transition "${t.name}" has no from-state`);
    }
    if (t.to !== "same" && !states.has(t.to)) fail(`transition "${t.name}" to unknown state "${t.to}"`);
    for (const e of t.clocks ?? []) if (e.op !== "mark" && !clocks.has(e.clock)) fail(`transition "${t.name}" uses unknown clock "${e.clock}"`);
    for (const g of t.guards ?? []) if (!clocks.has(g.clock)) fail(`transition "${t.name}" guards unknown clock "${g.clock}"`);
  }
  if (creating === 0) fail("no opening transition");

  for (const c of spec.clocks) {
    if (!transitions.some((t) => t.clocks?.some((e) => e.op === "start" && e.clock === c.name))) fail(`clock "${c.name}" is never started`);
    if (c.length.from === "payload") {
      const field = c.length.field;
      const starters = transitions.filter((t) => t.clocks?.some((e) => e.op === "start" && e.clock === c.name));
      for (const t of starters) {
        const shape = (t.payload as { shape?: Record<string, unknown> }).shape;
        if (!shape || !(field in shape)) fail(`transition "${t.name}" starts "${c.name}" but its payload has no "${field}"`);
      }
    }
    if (typeof c.onExpiry === "object") {
      const t = transitions.find((x) => x.name === SILENCE_CONSENT_TRANSITION);
      if (!t || !t.by.every((r) => r.party === "system")) fail(`clock "${c.name}" consents on silence: needs a system transition "${SILENCE_CONSENT_TRANSITION}"`);
    }
  }

  // Every state reachable from an opening transition.
  const reached = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of transitions) {
      const fromOk = t.from === "create" || t.from.some((f) => reached.has(f));
      if (fromOk && t.to !== "same" && !reached.has(t.to)) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of states) if (!reached.has(s)) fail(`state "${s}" is unreachable`);

  return deepFreeze({ ...spec, transitions, defined: true as const });
}

function deepFreeze<T>(value: T): T {
  // Freeze the declaration's own arrays and plain objects; zod schemas are left alone.
  if (Array.isArray(value)) {
    value.forEach(deepFreeze);
    Object.freeze(value);
  } else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
