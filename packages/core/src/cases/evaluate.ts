// evaluateTransition: may this party take this action on this case now, with this data — and if so,
// what state follows and which clock events to append. Pure: the server stores what it returns.
//
// Checks, in order (the first failure answers):
//   404 unknown_action      the kind has no such transition
//   409 case_already_open / case_not_open   opening vs acting on an existing case
//   403 wrong_party / role_required / opener_not_allowed
//   409 kind_unavailable    the profile does not govern the kind's clock (opening only)
//   409 version_conflict    expectedVersion ≠ the version read (optimistic concurrency)
//   409 invalid_state       out of order
//   403/400 effective date  only the system may date a transition in the past (silence-as-consent)
//   400 invalid_payload     with field errors (missing reasons, missing items, …)
//   409 guard codes         clock conditions (e.g. sanction before the deadline passed)
//   400/409 clock effects   extension over the limit or used up, a deadline that is not a workday, …
import { isIsoDate, type WorkdayCalendar } from "../calendar";
import { ROLE_LABELS } from "../identity";
import type { Bilingual, Profile } from "../profiles";
import { clockRule, expiryRule, extensionRule, kindAvailability } from "./availability";
import { caseDueDates, computeClock, currentRun, lastEventOn, mergeWarnings, type ClockOptions } from "./clock";
import { SWEEP_TRANSITIONS } from "./define-kind";
import { fieldErrors } from "./field-errors";
import type { Deadline } from "./payload-schemas";
import { PARTY_LABELS } from "./parties";
import type {
  ActorParty,
  CaseKind,
  CaseSnapshot,
  ClockEffect,
  ClockEffectSpec,
  ClockEvent,
  ClockSpec,
  TransitionRefusal,
  TransitionResult,
  TransitionSpec,
} from "./types";

export interface EvaluateOptions extends ClockOptions {
  /** The version the caller read; a different current version → 409 version_conflict. */
  expectedVersion?: number;
  /**
   * System transitions only: the date the fact takes effect, ≤ today (silence counts as consent on
   * the last day of the consultation period, whenever the sweeper gets to it).
   */
  effectiveOn?: string;
}

export function evaluateTransition(
  kind: CaseKind,
  caseState: CaseSnapshot | null,
  action: string,
  actorParties: readonly ActorParty[],
  payload: unknown,
  profile: Profile,
  calendar: WorkdayCalendar,
  today: string,
  options: EvaluateOptions = {},
): TransitionResult {
  if (!isIsoDate(today)) throw new RangeError(`today is not a date 'YYYY-MM-DD': ${String(today)}`);
  const t = kind.transitions.find((x) => x.name === action);
  if (!t) {
    return refuse(404, "unknown_action", {
      zh: `"${kind.label.zh}"没有名为"${action}"的操作`,
      en: `"${kind.label.en}" has no action "${action}"`,
    });
  }
  const creating = t.from === "create";
  if (creating && caseState) return refuse(409, "case_already_open", { zh: `"${t.label.zh}"只能用于新建办件`, en: `"${t.label.en}" only opens a new case` });
  if (!creating && !caseState) return refuse(409, "case_not_open", { zh: `办件尚未建立，不能执行"${t.label.zh}"`, en: `No case yet: "${t.label.en}" needs an open case` });

  const party = checkParty(t, actorParties);
  if ("ok" in party) return party;

  if (creating) {
    if (!party.as || !t.openers!.includes(party.as)) {
      return refuse(403, "opener_not_allowed", {
        zh: `"${kind.label.zh}"不能以该身份提出（${t.basis}）`,
        en: `A "${kind.label.en}" cannot be opened in this capacity (${t.basis})`,
      });
    }
    const availability = kindAvailability(kind, profile);
    if (!availability.available) return refuse(409, "kind_unavailable", availability.message);
  }

  const current = caseState;
  if (current && options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    return refuse(409, "version_conflict", {
      zh: `办件已被他人更新（你读取的是第 ${options.expectedVersion} 版，当前为第 ${current.version} 版），请刷新后重试`,
      en: `The case changed since you read it (you read version ${options.expectedVersion}, it is now ${current.version}); reload and retry`,
    });
  }
  if (current && !(t.from as readonly string[]).includes(current.state)) {
    const label = stateLabel(kind, current.state);
    return refuse(409, "invalid_state", {
      zh: `办件当前状态为"${label.zh}"，不能执行"${t.label.zh}"`,
      en: `The case is "${label.en}": "${t.label.en}" is not possible now`,
    });
  }

  let on = today;
  if (options.effectiveOn !== undefined) {
    if (!actorParties.every((p) => p.party === "system")) {
      return refuse(403, "effective_date_system_only", { zh: "只有系统可以指定生效日期", en: "Only the system may back-date a transition" });
    }
    if (!isIsoDate(options.effectiveOn) || options.effectiveOn > today) {
      return refuse(400, "bad_effective_date", { zh: "生效日期须为不晚于今天的日期", en: "The effective date must be a date no later than today" });
    }
    on = options.effectiveOn;
  }

  const parsed = t.payload.safeParse(payload ?? {});
  if (!parsed.success) {
    return refuse(
      400,
      "invalid_payload",
      { zh: `"${t.label.zh}"的内容有误，请检查标出的字段`, en: `"${t.label.en}": invalid data, see the marked fields` },
      fieldErrors(parsed.error.issues, t.fieldHints),
    );
  }
  const data = parsed.data as Record<string, unknown>;

  const clocks: Record<string, ClockEvent[]> = {};
  for (const [name, events] of Object.entries(current?.clocks ?? {})) clocks[name] = [...events];
  const view = (name: string) => (clocks[name]?.length ? computeClock(name, clocks[name], calendar, today, options) : null);

  for (const g of t.guards ?? []) {
    if (g.inStates && !(current && g.inStates.includes(current.state))) continue;
    const v = view(g.clock);
    const holds = g.must === "not_be_running" ? !v || v.state === "stopped" : (v?.state === "overdue") === (g.must === "be_overdue");
    if (!holds) return refuse(409, g.code, g.message);
  }

  const effects: ClockEffect[] = [];
  const push = (clock: string, event: ClockEvent): TransitionRefusal | null => {
    if (event.on < lastEventOn(clocks[clock])) {
      return refuse(409, "out_of_order_date", {
        zh: `时钟"${clock}"已有晚于 ${event.on} 的记录`,
        en: `Clock "${clock}" already has events after ${event.on}`,
      });
    }
    (clocks[clock] ??= []).push(event);
    effects.push({ clock, event });
    return null;
  };

  for (const e of t.clocks ?? []) {
    const failure = applyEffect(kind, t, e, data, on, today, profile, calendar, clocks, view, push);
    if (failure) return failure;
  }

  const nextState = t.to === "same" ? current!.state : t.to;
  const terminal = kind.states.find((s) => s.name === nextState)?.terminal === true;
  if (terminal) {
    for (const [name, events] of Object.entries(clocks)) {
      if (events.length && !events.some((x) => x.type === "stop")) {
        const failure = push(name, { type: "stop", on });
        if (failure) return failure;
      }
    }
  }

  const views = Object.keys(clocks)
    .filter((name) => clocks[name].length)
    .map((name) => computeClock(name, clocks[name], calendar, today, options));
  const isMark = (SWEEP_TRANSITIONS as readonly string[]).includes(t.name);
  return {
    ok: true,
    action: t.name,
    auditAction: `case.${kind.name}.${t.name}`,
    fromState: current?.state ?? null,
    nextState,
    stateChanged: current?.state !== nextState,
    terminal,
    version: current ? (isMark ? current.version : current.version + 1) : 1,
    data,
    effectiveOn: on,
    clockEffects: effects,
    clocks: views,
    due: caseDueDates(views, calendar, options.dueSoonWd),
    warnings: mergeWarnings(...views.map((v) => v.warnings)),
  };
}

function applyEffect(
  kind: CaseKind,
  t: TransitionSpec,
  e: ClockEffectSpec,
  data: Record<string, unknown>,
  on: string,
  today: string,
  profile: Profile,
  calendar: WorkdayCalendar,
  clocks: Record<string, ClockEvent[]>,
  view: (name: string) => ReturnType<typeof computeClock> | null,
  push: (clock: string, event: ClockEvent) => TransitionRefusal | null,
): TransitionRefusal | null {
  if (e.op === "mark") {
    const name = String(data.clock);
    const v = view(name);
    const wanted = e.mark === "due_soon" ? "due_soon" : "overdue";
    if (!v || v.state !== wanted || v.dueOn === null || v.marks.some((m) => m.mark === e.mark && m.dueOn === v.dueOn)) {
      return refuse(409, "nothing_to_mark", {
        zh: `时钟"${name}"当前无需执行"${t.label.zh}"`,
        en: `Clock "${name}" needs no "${t.label.en}" now`,
      });
    }
    return push(name, { type: "mark", on, mark: e.mark, dueOn: v.dueOn });
  }

  const spec = kind.clocks.find((c) => c.name === e.clock)!;
  const events = clocks[e.clock]?.length ? currentRun(clocks[e.clock]) : undefined;
  const started = !!events?.length;
  const stopped = !!events?.some((x) => x.type === "stop");
  const paused = started && isPaused(events!);

  switch (e.op) {
    case "start": {
      // Starting a stopped clock begins a new run.
      if (started && !stopped) throw new Error(`case kind "${kind.name}": transition "${t.name}" starts clock "${e.clock}" twice`);
      const rule = clockRule(spec, profile);
      let lengthWd: number | null;
      let basis: string;
      if (rule.status === "timed") [lengthWd, basis] = [rule.lengthWd, rule.basis];
      else if (rule.status === "timely") [lengthWd, basis] = [null, rule.basis];
      else if (rule.status === "from_payload") {
        const resolved = deadlineWorkdays(data[rule.field] as Deadline, on, calendar, rule.field);
        if ("ok" in resolved) return resolved;
        [lengthWd, basis] = [resolved.workdays, rule.basis];
      } else if (spec.ungoverned === "transition_unavailable") {
        return refuse(409, "not_governed", {
          zh: `本辖区配置（${profile.name.zh}）未规定"${spec.label.zh}"，不能执行"${t.label.zh}"`,
          en: `This jurisdiction's profile (${profile.name.en}) does not govern "${spec.label.en}": "${t.label.en}" is not available`,
        });
      } else return null; // no_clock (or a kind_unavailable clock, checked when the case opened)
      return push(e.clock, {
        type: "start",
        on,
        lengthWd,
        basis,
        extension: extensionRule(spec, profile),
        expiry: expiryRule(spec, profile),
      });
    }
    case "stop":
      return started && !stopped ? push(e.clock, { type: "stop", on }) : null;
    case "pause":
      return started && !stopped && !paused ? push(e.clock, { type: "pause", on }) : null;
    case "resume":
      return started && !stopped && paused ? push(e.clock, { type: "resume", on }) : null;
    case "extend":
      return extend(spec, t, e, data, on, events, started && !stopped, push);
  }
}

function extend(
  spec: ClockSpec,
  t: TransitionSpec,
  e: Extract<ClockEffectSpec, { op: "extend" }>,
  data: Record<string, unknown>,
  on: string,
  events: readonly ClockEvent[] | undefined,
  open: boolean,
  push: (clock: string, event: ClockEvent) => TransitionRefusal | null,
): TransitionRefusal | null {
  const byWd = data[e.wdField];
  if (e.optional && (byWd === undefined || byWd === 0)) return null;
  if (!open || !events) {
    return refuse(409, "clock_not_running", { zh: `"${spec.label.zh}"未在计时，不能延期`, en: `"${spec.label.en}" is not running and cannot be extended` });
  }
  const start = events[0] as Extract<ClockEvent, { type: "start" }>;
  const rule = start.extension;
  if (!rule) {
    return refuse(409, "extension_not_allowed", {
      zh: `"${spec.label.zh}"在本辖区不可延期`,
      en: `"${spec.label.en}" cannot be extended in this jurisdiction`,
    });
  }
  const done = events.filter((x): x is Extract<ClockEvent, { type: "extend" }> => x.type === "extend");
  if (rule.maxTimes !== null && done.length >= rule.maxTimes) {
    return refuse(409, "extension_used", {
      zh: `"${spec.label.zh}"已延期 ${done.length} 次，不能再延期（${spec.extension?.basis ?? ""}）`,
      en: `"${spec.label.en}" was already extended ${done.length} time(s) and cannot be extended again (${spec.extension?.basis ?? ""})`,
    });
  }
  const already = done.reduce((s, x) => s + x.byWd, 0);
  if (rule.maxWd !== null && already + (byWd as number) > rule.maxWd) {
    const left = rule.maxWd - already;
    return refuse(
      400,
      "invalid_payload",
      { zh: `"${t.label.zh}"的内容有误，请检查标出的字段`, en: `"${t.label.en}": invalid data, see the marked fields` },
      [
        {
          path: e.wdField,
          message: {
            zh: `延期最长不得超过 ${rule.maxWd} 个工作日，还可延长 ${left} 个工作日（${spec.extension?.basis ?? ""}）`,
            en: `Extensions may add at most ${rule.maxWd} working days; ${left} left (${spec.extension?.basis ?? ""})`,
          },
        },
      ],
    );
  }
  const rawReason = data[e.reasonField];
  const reason = Array.isArray(rawReason) ? rawReason.join("；") : String(rawReason ?? "");
  return push(e.clock, { type: "extend", on, byWd: byWd as number, reason });
}

/** A deadline as working days after `on`: `{workdays}` as given; `{date}` must be a later working day. */
export function deadlineWorkdays(
  deadline: Deadline,
  on: string,
  calendar: WorkdayCalendar,
  field = "deadline",
): { workdays: number } | TransitionRefusal {
  if ("workdays" in deadline) return { workdays: deadline.workdays };
  if (deadline.date <= on || !calendar.isWorkday(deadline.date)) {
    return refuse(
      400,
      "invalid_payload",
      { zh: "期限有误，请检查标出的字段", en: "Invalid deadline, see the marked field" },
      [{ path: `${field}.date`, message: { zh: `期限须为 ${on} 之后的工作日`, en: `The deadline must be a working day after ${on}` } }],
    );
  }
  return { workdays: calendar.workdaysBetween(on, deadline.date) };
}

function checkParty(t: TransitionSpec, actorParties: readonly ActorParty[]): ActorParty | TransitionRefusal {
  for (const rule of t.by) {
    for (const ap of actorParties) {
      if (ap.party !== rule.party) continue;
      if (!rule.roles || (ap.roles ?? []).some((r) => rule.roles!.includes(r))) return ap;
    }
  }
  const parties = t.by.map((r) => PARTY_LABELS[r.party]);
  if (actorParties.some((ap) => t.by.some((r) => r.party === ap.party))) {
    const roles = [...new Set(t.by.flatMap((r) => r.roles ?? []))].map((r) => ROLE_LABELS[r]);
    return refuse(403, "role_required", {
      zh: `执行"${t.label.zh}"需要以下角色之一：${roles.map((r) => r.zh).join("、")}`,
      en: `"${t.label.en}" needs one of these roles: ${roles.map((r) => r.en).join(", ")}`,
    });
  }
  return refuse(403, "wrong_party", {
    zh: `只有${parties.map((p) => p.zh).join("或")}可以执行"${t.label.zh}"`,
    en: `Only the ${parties.map((p) => p.en).join(" or ")} may "${t.label.en}"`,
  });
}

function isPaused(events: readonly ClockEvent[]): boolean {
  let paused = false;
  for (const e of events) {
    if (e.type === "pause") paused = true;
    else if (e.type === "resume" || e.type === "stop") paused = false;
  }
  return paused;
}

function stateLabel(kind: CaseKind, state: string): Bilingual {
  return kind.states.find((s) => s.name === state)?.label ?? { zh: state, en: state };
}

function refuse(status: TransitionRefusal["status"], code: string, message: Bilingual, fields?: TransitionRefusal["fields"]): TransitionRefusal {
  return fields ? { ok: false, status, code, message, fields } : { ok: false, status, code, message };
}
