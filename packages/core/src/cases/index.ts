// 办件: declarative case kinds, statutory clocks from stored facts, transition evaluation, sweeper decisions.
//
// What the server stores per case, so everything is recomputed after a restart:
//   case: kind, state, version, participants (applicant user/org, handler org|null, authority org, third parties)
//   clock events: (case, clock name, seq, the ClockEvent as returned in clockEffects) — append-only, in order;
//     the start event carries the length, article, extension rule and expiry fixed at the start, so a later
//     profile change never moves a running clock
//   timeline: one row per accepted transition (action, actor, effectiveOn, `data`), audited as `auditAction`
// Per action: evaluateTransition(...) → on ok, in one transaction: UPDATE … SET state, version WHERE version =
// the version read (0 rows → 409), append clockEffects, timeline, audit. Sweeper: decideSweep per open case,
// apply each action as a system transition (same dueSoonWd), under an advisory lock.
export * from "./types";
export {
  caseDueDates,
  computeClock,
  checkClockEvents,
  ClockFactsError,
  DEFAULT_DUE_SOON_WD,
  type CaseDueDates,
  type ClockOptions,
} from "./clock";
export { silenceAsConsent, type SilenceVerdict } from "./consultation";
export { clockRule, clockRules, extensionRule, expiryRule, kindAvailability, type Availability, type ClockRule } from "./availability";
export { defineCaseKind, SWEEP_TRANSITIONS, SILENCE_CONSENT_TRANSITION, type SweepTransition } from "./define-kind";
export { evaluateTransition, deadlineWorkdays, type EvaluateOptions } from "./evaluate";
export { decideSweep, type SweepAction, type SweepDecision, type SweepOptions } from "./sweeper";
export {
  actorPartiesFor,
  openerPartiesFor,
  HANDLER_ROLES,
  SUPERVISOR_ROLES,
  SYSTEM_PARTIES,
  PARTY_LABELS,
  type CaseParticipants,
  type ParticipantRef,
} from "./parties";
export { fieldErrors } from "./field-errors";
export {
  attachmentSchema,
  attachmentsSchema,
  ATTACHMENT_MEDIA_TYPES,
  deadlineSchema,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_DEADLINE_WD,
  reasonsSchema,
  missingItemsSchema,
  type Deadline,
} from "./payload-schemas";
export { disputeCoordinator, type DisputeCoordinator } from "./dispute-routing";
export { actingParties, consultedParty, isConsulted, CONSULTATION_ACTIONS, CONSULTATION_CLOCK, type ConsultedParty } from "./third-party";
export { dataDemand } from "./data-demand";
export { correction } from "./correction";
export { dispute } from "./dispute";
export { rectification, SANCTION_MEASURES } from "./rectification";
export { CASE_KINDS, caseKind, type CaseKindName } from "./registry";
