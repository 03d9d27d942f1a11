import type { CaseKind, ClockView, DisputeCoordinator } from "@shuyuan/core";
import type { CaseRow, NotificationRow, TimelineRow } from "./repository";

type OrgNames = Map<string, { name: string }>;

/** A clock as the API shows it: due date and days left, recomputed from stored events. */
export function presentClock(kind: CaseKind, v: ClockView) {
  const spec = kind.clocks.find((c) => c.name === v.name);
  return {
    name: v.name,
    label: spec?.label ?? { zh: v.name, en: v.name },
    basis: v.basis,
    startedOn: v.startedOn,
    lengthWd: v.lengthWd,
    dueOn: v.dueOn,
    pausedDays: v.pausedDays,
    pausedSince: v.pausedSince,
    extendedWd: v.extendedWd,
    extensions: v.extensions,
    stoppedOn: v.stoppedOn,
    state: v.state,
    remainingWd: v.remainingWd,
    overdueWd: v.overdueWd,
    late: v.late,
    expiry: v.expiry,
    marks: [...v.marks],
    warnings: v.warnings,
  };
}

function org(id: string | null, names: OrgNames) {
  return id ? { id, name: names.get(id)?.name ?? null } : null;
}

function stateLabel(kind: CaseKind, state: string) {
  return kind.states.find((s) => s.name === state)?.label ?? { zh: state, en: state };
}

/** The clock that matters most in a list: the open clock due first. */
export function nextDue(clocks: readonly ClockView[]) {
  const open = clocks.filter((c) => c.dueOn !== null && c.state !== "stopped").sort((a, b) => a.dueOn!.localeCompare(b.dueOn!));
  const c = open[0];
  return c ? { clock: c.name, dueOn: c.dueOn, remainingWd: c.remainingWd, state: c.state } : null;
}

export function presentCaseSummary(kind: CaseKind, row: CaseRow, clocks: readonly ClockView[], names: OrgNames) {
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: kind.label,
    title: row.title,
    state: row.state,
    stateLabel: stateLabel(kind, row.state),
    terminal: row.terminal,
    version: row.version,
    openedOn: row.opened_on,
    applicantOrganisation: org(row.applicant_organisation_id, names),
    handlerOrganisation: org(row.handler_organisation_id, names),
    authorityOrganisation: org(row.authority_organisation_id, names),
    due: nextDue(clocks),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentTimelineEntry(kind: CaseKind, t: TimelineRow) {
  const spec = kind.transitions.find((x) => x.name === t.action);
  return {
    seq: t.seq,
    action: t.action,
    label: spec?.label ?? { zh: t.action, en: t.action },
    basis: spec?.basis ?? null,
    fromState: t.from_state,
    toState: t.to_state,
    actor: {
      party: t.actor_party,
      userId: t.actor_user_id,
      name: t.actor_name ?? null,
      organisationId: t.actor_organisation_id,
      organisationName: t.actor_organisation_name ?? null,
    },
    effectiveOn: t.effective_on,
    at: t.created_at,
    data: t.data,
  };
}

type Caller = { parties: string[]; actions: { name: string; label: { zh: string; en: string }; basis: string }[] };

export function presentCase(
  kind: CaseKind,
  row: CaseRow,
  clocks: readonly ClockView[],
  timeline: readonly TimelineRow[],
  names: OrgNames,
  users: Map<string, string>,
  caller: Caller,
) {
  return {
    ...presentCaseSummary(kind, row, clocks, names),
    basis: kind.basis,
    subject: row.subject_type ? { type: row.subject_type, id: row.subject_id } : null,
    participants: {
      applicant: { userId: row.applicant_user_id, organisation: org(row.applicant_organisation_id, names) },
      handler: org(row.handler_organisation_id, names),
      authority: org(row.authority_organisation_id, names),
      thirdParties: row.third_party_organisation_ids.map((id) => org(id, names)),
      /** Third parties consulted as registered users (000 §19). */
      thirdPartyUsers: row.third_party_user_ids.map((id) => ({ id, name: users.get(id) ?? null })),
    },
    clocks: clocks.map((c) => presentClock(kind, c)),
    timeline: timeline.map((t) => presentTimelineEntry(kind, t)),
    you: caller,
  };
}

/** A case list entry for a third party: whose decision it is, not who asked or who else was consulted. */
export function presentCaseSummaryToThirdParty(kind: CaseKind, row: CaseRow, clocks: readonly ClockView[], names: OrgNames) {
  return { ...presentCaseSummary(kind, row, clocks, names), applicantOrganisation: null, authorityOrganisation: null };
}

/** 000 §19: a third party's view of a case: its consultation's clock and entries, the handler, the subject. */
export function presentCaseToThirdParty(
  kind: CaseKind,
  row: CaseRow,
  clocks: readonly ClockView[],
  timeline: readonly TimelineRow[],
  names: OrgNames,
  caller: Caller,
) {
  const full = presentCase(kind, row, clocks, timeline, names, new Map(), caller);
  return {
    ...full,
    ...presentCaseSummaryToThirdParty(kind, row, clocks, names),
    participants: { applicant: { userId: null, organisation: null }, handler: full.participants.handler, authority: null, thirdParties: [], thirdPartyUsers: [] },
  };
}

export function presentNotification(n: NotificationRow) {
  return {
    id: n.id,
    caseId: n.case_id,
    caseKind: n.kind ?? null,
    caseTitle: n.title ?? null,
    action: n.action,
    message: n.message_zh,
    messageEn: n.message_en,
    createdAt: n.created_at,
    read: n.read_at !== null,
    readAt: n.read_at,
  };
}

/** 004 §25: the coordinating authority for a dispute between two organisations, then the mechanism. */
export function presentDisputeRouting(
  parties: readonly { id: string; name: string; region_code: string }[],
  coordinator: DisputeCoordinator,
  authority: { id: string; name: string | null } | null,
) {
  return {
    organisations: parties.map((p) => ({ id: p.id, name: p.name, regionCode: p.region_code })),
    regionCode: coordinator.regionCode,
    crossLevel: coordinator.crossLevel,
    basis: coordinator.basis,
    /** null when no authority organisation is registered for that region yet. */
    authority,
    then: {
      zh: "经协调仍无法达成一致的，由主管部门报协调机制解决（004 §25）",
      en: "If coordination fails, the authority refers the dispute to the coordination mechanism (004 §25)",
    },
  };
}
