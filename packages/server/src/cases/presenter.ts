import type { CaseKind, ClockView } from "@shuyuan/core";
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
    marks: v.marks,
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

export function presentCase(
  kind: CaseKind,
  row: CaseRow,
  clocks: readonly ClockView[],
  timeline: readonly TimelineRow[],
  names: OrgNames,
  caller: { parties: string[]; actions: { name: string; label: { zh: string; en: string } }[] },
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
    },
    clocks: clocks.map((c) => presentClock(kind, c)),
    timeline: timeline.map((t) => presentTimelineEntry(kind, t)),
    you: caller,
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
