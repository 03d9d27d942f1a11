// 000 §19: 会损害第三方合法权益的，数据源提供部门应当书面征求第三方的意见，第三方应15个工作日内提出意见，
// 逾期未提出意见的视为同意. A kind whose decision may affect a third party's rights declares these parts:
// the handler consults one third party at a time (an organisation or a registered user), the case waits
// in a consulting state, and the answer — or, once the period ends, silence recorded as consent by the
// sweeper — brings it back. Where the profile sets no period (every seed but 000) the consultation runs
// without a clock: the third party may still answer, and the handler may decide without waiting.
import { z } from "zod";
import type { Actor } from "../identity";
import { HANDLER_ROLES } from "./parties";
import { idSchema, reasonsSchema, text } from "./payload-schemas";
import type { ActorParty, ClockSpec, Guard, StateSpec, TransitionSpec } from "./types";

export const CONSULTATION_CLOCK = "consultation";

/** The transitions a third party's view of a case shows (and the only ones it is told of). */
export const CONSULTATION_ACTIONS = ["consult_third_party", "third_party_answer", "record_silence_as_consent"] as const;

export const consultationClock: ClockSpec = {
  name: CONSULTATION_CLOCK,
  label: { zh: "第三方意见时限", en: "Third-party consultation" },
  length: { from: "profile", candidates: [{ key: "thirdPartyConsultationWd", basis: "000 §19" }] },
  ungoverned: "no_clock",
  onExpiry: { consentIf: "thirdPartySilenceIsConsent", basis: "000 §19 逾期未提出意见的视为同意" },
};

export const consultingState: StateSpec = { name: "consulting", label: { zh: "征求第三方意见中", en: "Consulting a third party" } };

/** On a deciding transition taken from the consulting state: not while the statutory period runs. */
export const awaitThirdParty: Guard = {
  clock: CONSULTATION_CLOCK,
  must: "not_be_running",
  inStates: [consultingState.name],
  code: "consultation_running",
  message: {
    zh: "正在征求第三方意见：须待第三方提出意见或期限届满（000 §19）",
    en: "A third party is being consulted: wait for its answer or the end of the period (000 §19)",
  },
};

/** Whom the handler consults: exactly one of an organisation or a registered user. */
export const consultPayload = z
  .strictObject({
    thirdPartyOrganisationId: idSchema.optional(),
    thirdPartyUserId: idSchema.optional(),
    /** 会损害第三方合法权益: which of its rights the decision may affect. */
    rightsAffected: text(),
    question: text().optional(),
  })
  .refine((p) => (p.thirdPartyOrganisationId === undefined) !== (p.thirdPartyUserId === undefined), {
    path: ["thirdPartyOrganisationId"],
    message: "name exactly one third party: an organisation or a user",
  });

/** The third party's opinion: consent, or an objection with its reasons. */
export const answerPayload = z
  .strictObject({ position: z.enum(["consent", "object"]), opinion: text(), reasons: reasonsSchema.optional() })
  .refine((a) => a.position === "consent" || (a.reasons?.length ?? 0) > 0, { path: ["reasons"], message: "an objection needs reasons" });

/** The consultation's transitions, from and back to `decidingState` (the state the handler decides in). */
export function consultationTransitions(decidingState: string): TransitionSpec[] {
  return [
    {
      name: "consult_third_party",
      label: { zh: "书面征求第三方意见", en: "Consult a third party" },
      basis: "000 §19",
      from: [decidingState],
      to: consultingState.name,
      by: [{ party: "handler", roles: HANDLER_ROLES }],
      payload: consultPayload,
      fieldHints: {
        thirdPartyOrganisationId: { zh: "须指明一个第三方：机构或注册用户（000 §19）", en: "Name one third party: an organisation or a registered user (000 §19)" },
        rightsAffected: { zh: "须写明可能受损害的第三方合法权益（000 §19）", en: "State the third party's rights the decision may affect (000 §19)" },
      },
      clocks: [{ op: "start", clock: CONSULTATION_CLOCK }],
    },
    {
      name: "third_party_answer",
      label: { zh: "第三方提出意见", en: "Third party answers" },
      basis: "000 §19",
      from: [consultingState.name],
      to: decidingState,
      by: [{ party: "third_party" }],
      payload: answerPayload,
      fieldHints: { reasons: { zh: "不同意的，须说明理由", en: "An objection must give its reasons" } },
      guards: [
        {
          clock: CONSULTATION_CLOCK,
          must: "not_be_overdue",
          code: "consultation_expired",
          message: { zh: "征求意见期限已过，逾期视为同意（000 §19）", en: "The consultation period is over: silence counts as consent (000 §19)" },
        },
      ],
      clocks: [{ op: "stop", clock: CONSULTATION_CLOCK }],
    },
    {
      name: "record_silence_as_consent",
      label: { zh: "逾期未提出意见，视为同意", en: "Record silence as consent" },
      basis: "000 §19",
      from: [consultingState.name],
      to: decidingState,
      by: [{ party: "system" }],
      payload: z.strictObject({ clock: z.literal(CONSULTATION_CLOCK) }),
      guards: [
        {
          clock: CONSULTATION_CLOCK,
          must: "be_overdue",
          code: "consultation_running",
          message: { zh: "征求意见期限未届满", en: "The consultation period has not ended" },
        },
      ],
      clocks: [{ op: "stop", clock: CONSULTATION_CLOCK }],
    },
  ];
}

/** A consulted third party: an organisation, or a registered user. */
export type ConsultedParty = { organisationId: string; userId?: undefined } | { userId: string; organisationId?: undefined };

/** Whom a consult_third_party entry's data names, if anyone. */
export function consultedParty(data: unknown): ConsultedParty | null {
  const d = (data ?? {}) as { thirdPartyOrganisationId?: unknown; thirdPartyUserId?: unknown };
  if (typeof d.thirdPartyOrganisationId === "string") return { organisationId: d.thirdPartyOrganisationId };
  if (typeof d.thirdPartyUserId === "string") return { userId: d.thirdPartyUserId };
  return null;
}

/** Is `actor` the consulted party: that user, or a member of that organisation? */
export function isConsulted(actor: Actor, party: ConsultedParty | null): boolean {
  if (!party) return false;
  return party.userId ? party.userId === actor.userId : actor.memberships.some((m) => m.organisationId === party.organisationId);
}

/** The parties `actor` acts as: a third party only while the current consultation (`current`) names it. */
export function actingParties(actor: Actor, parties: ActorParty[], current: ConsultedParty | null): ActorParty[] {
  return isConsulted(actor, current) ? parties : parties.filter((p) => p.party !== "third_party");
}
