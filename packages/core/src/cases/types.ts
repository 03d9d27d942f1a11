// 办件: the shapes of a declarative case kind, its clocks and the results of evaluating a transition.
// Everything here is data; the engine (evaluate.ts, clock.ts, sweeper.ts) interprets it.
import type { z } from "zod";
import type { CalendarWarning } from "../calendar";
import type { CaseDueDates } from "./clock";
import type { OrganisationKind, Role } from "../identity";
import type { Bilingual, Profile } from "../profiles";

/**
 * Who stands where in a case. `handler` is the handling organisation (the provider, the ordered party);
 * `authority` the supervising authority of the case (coordinator, orderer); `system` the sweeper.
 */
export const PARTIES = ["applicant", "handler", "authority", "third_party", "system"] as const;
export type Party = (typeof PARTIES)[number];

/** The capacity in which someone opens a case: an organisation of a kind, or a natural person (自然人). */
export type OpenerKind = OrganisationKind | "natural_person";

/** One party the acting user holds in this case, with the roles they hold in that party's organisation. */
export interface ActorParty {
  party: Party;
  /** Roles in the party's organisation; empty for a natural person or the system. */
  roles?: readonly Role[];
  /** Only for opening a case: the capacity the opener acts in. */
  as?: OpenerKind;
}

/** A party allowed to take a transition; `roles` absent = any member of that party's organisation. */
export interface PartyRule {
  party: Party;
  roles?: readonly Role[];
}

/** Profile keys holding a clock length in working days. */
export type WorkdayProfileKey = Extract<keyof Profile, `${string}Wd`>;
/** Profile keys holding a yes/no rule. */
export type FlagProfileKey = { [K in keyof Profile]: Profile[K] extends boolean ? K : never }[keyof Profile];

/** Where a clock's length comes from. */
export type ClockLength =
  /** The first candidate the active profile governs (non-null) wins; its article is recorded with the clock. */
  | { from: "profile"; candidates: readonly { key: WorkdayProfileKey; basis: string }[] }
  /** The opening transition's payload names the deadline (`{workdays}` or `{date}`), e.g. a rectification order. */
  | { from: "payload"; field: string; basis: string };

/** What happens when the profile gives no figure for a clock (and no `timely` rule applies). */
export type Ungoverned =
  /** The whole case kind is not offered under this profile. */
  | "kind_unavailable"
  /** The transition that would start the clock is refused (409 not_governed). */
  | "transition_unavailable"
  /** The case runs without this clock. */
  | "no_clock";

export interface ClockSpec {
  name: string;
  label: Bilingual;
  length: ClockLength;
  ungoverned: Ungoverned;
  /** Where the seed says 及时 (timely) without a figure: when the flag is true the clock runs untimed. */
  timely?: { flag: FlagProfileKey; basis: string };
  /** Extensions: most working days in total (profile key or unlimited) and how many times. */
  extension?: { maxWd: WorkdayProfileKey | "unlimited"; maxTimes: number | null; basis: string };
  /** On expiry: escalate (督办, 004 §42), or, where the profile flag says so, silence counts as consent (000 §19). */
  onExpiry: "escalate" | { consentIf: FlagProfileKey; basis: string };
}

export type ClockOp = "start" | "stop" | "pause" | "resume" | "extend";
export type ClockMarkKind = "due_soon" | "overdue" | "escalated";

export type ClockEffectSpec =
  | { op: "start" | "stop" | "pause" | "resume"; clock: string }
  /** Extend by the payload's `wdField` working days, with the payload's `reasonField` as the reason. */
  | { op: "extend"; clock: string; wdField: string; reasonField: string; optional?: boolean }
  /** Sweeper marks: the clock is named by the payload's `clock` field. */
  | { op: "mark"; mark: ClockMarkKind };

/** A clock condition a transition needs, checked at `today` (optionally only from some states). */
export interface Guard {
  clock: string;
  /** not_be_running: the clock is absent or stopped (e.g. no decision while a third party's period runs). */
  must: "be_overdue" | "not_be_overdue" | "not_be_running";
  inStates?: readonly string[];
  code: string;
  message: Bilingual;
}

export interface TransitionSpec {
  /** One name, three uses: the transition, the permission action and (prefixed) the audit action. */
  name: string;
  label: Bilingual;
  /** Article(s) the transition implements, e.g. '004 §29'. */
  basis: string;
  /** States it may be taken from, or "create" for the transition that opens the case. */
  from: readonly string[] | "create";
  /** Target state, or "same" for a step that records something without moving the case. */
  to: string;
  by: readonly PartyRule[];
  /** Opening transitions only: who may open a case of this kind. */
  openers?: readonly OpenerKind[];
  /** zod schema of the data the transition requires; the parsed value is what gets stored. */
  payload: z.ZodType;
  /** Bilingual messages for payload fields, by top-level field name (cite the article). */
  fieldHints?: Readonly<Record<string, Bilingual>>;
  clocks?: readonly ClockEffectSpec[];
  guards?: readonly Guard[];
}

export interface StateSpec {
  name: string;
  label: Bilingual;
  /** Entering a terminal state stops every clock still running or paused. */
  terminal?: boolean;
}

export interface CaseKindSpec {
  name: string;
  label: Bilingual;
  basis: string;
  states: readonly StateSpec[];
  clocks: readonly ClockSpec[];
  transitions: readonly TransitionSpec[];
}

/** A validated, frozen case kind (see defineCaseKind), with the sweeper's system transitions added. */
export interface CaseKind extends CaseKindSpec {
  readonly defined: true;
}

/** What an extension may add, fixed when the clock starts (so later profile edits do not move running clocks). */
export interface ExtensionRule {
  /** Total working days all extensions may add; null = no limit. */
  maxWd: number | null;
  /** How many extensions; null = no limit. */
  maxTimes: number | null;
}

/** The stored facts of a clock, in the order they happened. Dates are 'YYYY-MM-DD'. */
export type ClockEvent =
  | {
      type: "start";
      on: string;
      /** null = untimed: the seed says 及时 without a figure. */
      lengthWd: number | null;
      basis: string;
      extension: ExtensionRule | null;
      expiry: "escalate" | "consent";
    }
  | { type: "pause"; on: string }
  | { type: "resume"; on: string }
  | { type: "extend"; on: string; byWd: number; reason: string }
  | { type: "stop"; on: string }
  | { type: "mark"; on: string; mark: ClockMarkKind; dueOn: string };

export type ClockState = "running" | "paused" | "stopped" | "overdue" | "due_soon";

export interface ClockMark {
  mark: ClockMarkKind;
  on: string;
  dueOn: string;
}

/** A clock as of a day, recomputed from its events. */
export interface ClockView {
  name: string;
  basis: string;
  startedOn: string;
  lengthWd: number | null;
  /** Working days added by extensions, and how many extensions. */
  extendedWd: number;
  extensions: number;
  /**
   * The last day to act (inclusive); null for an untimed clock. While paused: the due date
   * if the clock resumed today. When stopped: the due date it had when it stopped.
   */
  dueOn: string | null;
  /** Working days spent paused (the due date moved by exactly this many working days). */
  pausedDays: number;
  pausedSince: string | null;
  stoppedOn: string | null;
  state: ClockState;
  /** Working days left after today (or after the stop); negative when overdue. null when untimed. */
  remainingWd: number | null;
  /** Working days past the due date (0 when on time). */
  overdueWd: number;
  /** Acted (or, while open, still acting) after the due date. */
  late: boolean;
  expiry: "escalate" | "consent";
  marks: readonly ClockMark[];
  /** Calendar warnings (years without an official schedule) for the span the clock touches. */
  warnings: CalendarWarning[];
}

/** What the caller read of a case: enough to decide a transition. */
export interface CaseSnapshot {
  state: string;
  version: number;
  clocks: Readonly<Record<string, readonly ClockEvent[]>>;
}

/** A clock event to append to the named clock's list. */
export interface ClockEffect {
  clock: string;
  event: ClockEvent;
}

export interface FieldError {
  /** Dotted path into the payload, e.g. 'reasons' or 'deadline.date'. */
  path: string;
  message: Bilingual;
}

export type TransitionOk = {
  ok: true;
  action: string;
  /** `case.<kind>.<action>`, for the audit record. */
  auditAction: string;
  fromState: string | null;
  nextState: string;
  stateChanged: boolean;
  terminal: boolean;
  /** The version to store (compare-and-set against the version read). Sweeper marks keep the version. */
  version: number;
  /** The validated, normalised payload: store this, not the raw input. */
  data: unknown;
  /** The date the clock events carry (today, or a system transition's effectiveOn). */
  effectiveOn: string;
  clockEffects: ClockEffect[];
  /** Every clock of the case after the effects, as of today. */
  clocks: ClockView[];
  /** The case row's next due and due-soon dates after the effects (see caseDueDates). */
  due: CaseDueDates;
  warnings: CalendarWarning[];
};

export type TransitionRefusal = {
  ok: false;
  status: 400 | 403 | 404 | 409;
  code: string;
  message: Bilingual;
  fields?: FieldError[];
};

export type TransitionResult = TransitionOk | TransitionRefusal;
