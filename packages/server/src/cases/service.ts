import {
  actorPartiesFor,
  caseDueDates,
  actingParties,
  consultedParty,
  isConsulted,
  CONSULTATION_ACTIONS,
  CONSULTATION_CLOCK,
  caseKind,
  computeClock,
  disputeCoordinator,
  evaluateTransition,
  openerPartiesFor,
  regionContains,
  regionPrefix,
  SYSTEM_PARTIES,
  type ActorParty,
  type CaseKind,
  type CaseParticipants,
  type ClockEvent,
  type ClockView,
  type Profile,
  type TransitionOk,
  type TransitionRefusal,
  type TransitionSpec,
  type WorkdayCalendar,
} from "@shuyuan/core";
import type { AuditInput } from "../audit/writer";
import type { CalendarService } from "../calendar/service";
import { AppError, errors } from "../http/errors";
import { uuid } from "../identity/schemas";
import type { Actor } from "../identity/actor";
import {
  presentCase,
  presentCaseSummary,
  presentCaseSummaryToThirdParty,
  presentCaseToThirdParty,
  presentClock,
  presentDisputeRouting,
  presentNotification,
} from "./presenter";
import type { Attachment, AttachmentNote, CaseAttachments } from "./attachments";
import type { CaseRepository, CaseRow, Notice, RowDueDates, ThirdPartyRef } from "./repository";
import type { Transaction } from "kysely";
import type { DB } from "../db/schema";

/** Today in China Standard Time, 'YYYY-MM-DD': statutory days are local days. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export interface CaseServiceDeps {
  repo: CaseRepository;
  calendar: Pick<CalendarService, "current">;
  profile: Profile;
  audit: { record(input: AuditInput): Promise<unknown> };
  /** The date statutory clocks are read at; tests replace it. */
  clock: { today: () => string };
  attachments: Pick<CaseAttachments, "link" | "open">;
}

export interface OpenCaseInput {
  kind: string;
  action?: string;
  asOrganisationId?: string | null;
  handlerOrganisationId?: string;
  subject?: { type: string; id: string };
  title: string;
  payload: unknown;
}

export type CaseRole = "applicant" | "handler" | "authority" | "third_party";

export type AuditNote = (extra: Partial<AuditInput>) => void;

/** What an accepted transition means to the module that owns the case's subject (a dataset, a zone…). */
export interface TransitionContext {
  caseId: string;
  kind: string;
  action: string;
  fromState: string | null;
  toState: string;
  data: Record<string, unknown>;
  subject: { type: string; id: string } | null;
  /** null for the system (sweeper). */
  actorUserId: string | null;
  effectiveOn: string;
}

/**
 * A module's side of its case kinds: `apply` runs inside the transition's transaction (throw an AppError
 * to refuse it, and nothing is written); such kinds open only through the module (`opensVia` says where).
 */
export interface CaseEffects {
  opensVia: { zh: string; en: string };
  apply(trx: Transaction<DB>, ctx: TransitionContext): Promise<void>;
}

/** Module-only options for opening a case. */
export interface InternalOpen {
  /** The reviewing or supervising authority, when it is not the one of the handler's region. */
  authorityOrganisationId?: string;
}

const CASE = { zh: "办件", en: "Case" };

/** A refusal from core's evaluateTransition as an HTTP error; field paths point into the request body. */
export function refusalError(r: TransitionRefusal): AppError {
  const fields = r.fields?.map((f) => ({ path: `payload.${f.path}`, message: f.message.zh, messageEn: f.message.en }));
  return new AppError(r.status, r.code, r.message, fields ? { fields } : {});
}

function matchParty(t: TransitionSpec | undefined, parties: readonly ActorParty[]): string | null {
  for (const rule of t?.by ?? []) {
    for (const p of parties) {
      if (p.party === rule.party && (!rule.roles || (p.roles ?? []).some((r) => rule.roles!.includes(r)))) return p.party;
    }
  }
  return null;
}

function participantsOf(row: CaseRow): CaseParticipants {
  return {
    applicant: { userId: row.applicant_user_id, organisationId: row.applicant_organisation_id },
    handler: row.handler_organisation_id ? { organisationId: row.handler_organisation_id } : null,
    authority: row.authority_organisation_id ? { organisationId: row.authority_organisation_id } : null,
    thirdParties: [...row.third_party_organisation_ids.map((id) => ({ organisationId: id })), ...row.third_party_user_ids.map((id) => ({ userId: id }))],
  };
}

/** Only a third party in this case: it sees its consultation and nothing else of the case (000 §19). */
function onlyThirdParty(parties: readonly ActorParty[]): boolean {
  return parties.length > 0 && parties.every((p) => p.party === "third_party");
}

export function noticeFor(kind: CaseKind, row: { title: string }, t: TransitionOk, actorUserId: string | null, clock?: { name: string; dueOn: string }): Notice {
  const spec = kind.transitions.find((x) => x.name === t.action)!;
  const clockSpec = clock ? kind.clocks.find((c) => c.name === clock.name) : undefined;
  const tail = clock
    ? { zh: `（${clockSpec?.label.zh ?? clock.name}，期限 ${clock.dueOn}）`, en: ` (${clockSpec?.label.en ?? clock.name}, due ${clock.dueOn})` }
    : { zh: "", en: "" };
  return {
    action: t.auditAction,
    zh: `${kind.label.zh}「${row.title}」：${spec.label.zh}${tail.zh}`,
    en: `${kind.label.en} "${row.title}": ${spec.label.en}${tail.en}`,
    exceptUserId: actorUserId,
    toThirdParties: (CONSULTATION_ACTIONS as readonly string[]).includes(t.action),
  };
}

/** A case's due dates from its stored clock events, as its transitions write them (core's caseDueDates). */
export function dueDatesFrom(events: Record<string, ClockEvent[]>, calendar: WorkdayCalendar, today: string, dueSoonWd: number): RowDueDates {
  return { ...caseDueDates(clockViews(events, calendar, today, dueSoonWd), calendar, dueSoonWd), dueSoonWd };
}

/** Every clock of a case as of `today`, from its stored events. */
function clockViews(events: Record<string, ClockEvent[]> | undefined, calendar: WorkdayCalendar, today: string, dueSoonWd: number): ClockView[] {
  return Object.entries(events ?? {})
    .filter(([, list]) => list.length)
    .map(([name, list]) => computeClock(name, list, calendar, today, { dueSoonWd }));
}

export function dueDatesDiffer(row: Pick<CaseRow, "next_due_on" | "due_soon_on" | "due_soon_wd">, due: RowDueDates): boolean {
  return row.next_due_on !== due.nextDueOn || row.due_soon_on !== due.dueSoonOn || row.due_soon_wd !== due.dueSoonWd;
}

export function caseService(deps: CaseServiceDeps) {
  const { repo, profile } = deps;
  // "Due soon" as the sweeper marks it: the profile's figure (issue 4: configurable).
  const dueSoonWd = profile.dueSoonWorkdays;
  const effects = new Map<string, CaseEffects>();

  function contextOf(caseId: string, row: { kind: string; subject_type: string | null; subject_id: string | null }, result: TransitionOk, actorUserId: string | null): TransitionContext {
    return {
      caseId,
      kind: row.kind,
      action: result.action,
      fromState: result.fromState,
      toState: result.nextState,
      data: result.data as Record<string, unknown>,
      subject: row.subject_type && row.subject_id ? { type: row.subject_type, id: row.subject_id } : null,
      actorUserId,
      effectiveOn: result.effectiveOn,
    };
  }

  function kindOf(row: { kind: string }): CaseKind {
    const k = caseKind(row.kind);
    if (!k) throw new Error(`stored case of unknown kind "${row.kind}"`);
    return k;
  }

  function views(events: Record<string, ClockEvent[]> | undefined, calendar: WorkdayCalendar, today: string): ClockView[] {
    return clockViews(events, calendar, today, dueSoonWd);
  }

  /** An authority membership whose region contains the organisation's region: it supervises the case. */
  function supervises(actor: Actor, regionCode: string | undefined): boolean {
    if (!regionCode) return false;
    return actor.memberships.some((m) => m.organisationKind === "authority" && regionContains(m.regionCode, regionCode));
  }

  /**
   * The case if the actor is a participant or supervises it; otherwise the same 404 as a missing case.
   * `restricted`: the actor is only a third party, and sees only its consultation (000 §19).
   */
  async function loadVisible(actor: Actor, id: string) {
    const row = await repo.findById(id);
    if (!row) throw errors.notFound(CASE);
    const parties = actorPartiesFor(actor, participantsOf(row));
    if (parties.length === 0 || onlyThirdParty(parties)) {
      const handler = row.handler_organisation_id ? await repo.findOrganisation(row.handler_organisation_id) : undefined;
      const supervising = supervises(actor, handler?.region_code);
      if (parties.length === 0 && !supervising) throw errors.notFound(CASE);
      return { row, parties, restricted: !supervising };
    }
    return { row, parties, restricted: false };
  }

  /** The parties the actor acts as (core's actingParties); the current consultation is read only for a third party. */
  async function partiesActing(actor: Actor, row: CaseRow, parties: ActorParty[]): Promise<ActorParty[]> {
    if (!parties.some((p) => p.party === "third_party")) return parties;
    return actingParties(actor, parties, consultedParty(await repo.latestEntryData(row.id, "consult_third_party")));
  }

  /** 000 §19: a consultation names a third party that exists and is not already a party to the case. */
  async function checkThirdParty(row: CaseRow, ref: ThirdPartyRef | null): Promise<ThirdPartyRef> {
    const path = ref?.userId !== undefined ? "payload.thirdPartyLogin" : "payload.thirdPartyOrganisationId";
    const id = ref?.organisationId ?? ref?.userId;
    const found =
      ref && uuid.safeParse(id).success && (ref.organisationId !== undefined ? await repo.findOrganisation(ref.organisationId) : await repo.findUser(ref.userId));
    if (!ref || !found) throw errors.field(path, { zh: "第三方不存在", en: "No such third party" });
    const party =
      ref.organisationId !== undefined
        ? [row.applicant_organisation_id, row.handler_organisation_id, row.authority_organisation_id].includes(ref.organisationId)
        : ref.userId === row.applicant_user_id;
    if (party) throw errors.field(path, { zh: "第三方不能是本办件的当事方", en: "A third party cannot be a party to the case itself" });
    return ref;
  }

  /** A handler names a user third party by login; core's payload carries the user's id. */
  async function withThirdPartyUser(payload: unknown): Promise<unknown> {
    const { thirdPartyLogin, ...rest } = (payload ?? {}) as Record<string, unknown>;
    if (thirdPartyLogin === undefined) return payload;
    const user = typeof thirdPartyLogin === "string" ? await repo.findActiveUserByLogin(thirdPartyLogin.trim()) : undefined;
    if (!user) throw errors.field("payload.thirdPartyLogin", { zh: "没有使用该登录名的用户", en: "No user has this login" });
    return { ...rest, thirdPartyUserId: user.id };
  }

  async function organisationOrFail(id: string, path: string) {
    const org = await repo.findOrganisation(id);
    if (!org) throw errors.field(path, { zh: "机构不存在", en: "No such organisation" });
    return org;
  }

  /** 004 §25: the region whose authority coordinates a dispute between two organisations, and that authority. */
  async function coordinatorOf(a: { region_code: string }, b: { region_code: string }) {
    const coordinator = disputeCoordinator(a.region_code, b.region_code);
    if (!coordinator) {
      throw errors.conflict("no_coordinator", {
        zh: "跨省争议没有适用的协调机关（004 §25）",
        en: "No coordinating authority applies to a dispute across provinces (004 §25)",
      });
    }
    return { ...coordinator, authorityId: await repo.supervisingAuthority(coordinator.regionCode) };
  }

  /**
   * Derives the due dates of open cases whose stored dates were not derived with this deployment's due-soon
   * figure (cases opened before migration 0015, or a changed figure). Usually finds none, through an index.
   */
  async function deriveStaleDueDates(today: string) {
    for (;;) {
      const rows = await repo.staleDueDates(dueSoonWd, 500);
      if (!rows.length) return;
      await deriveDueDates(rows, today);
      if (rows.length < 500) return;
    }
  }

  /** Rewrites the stored due dates of these cases where they differ from their clocks'; returns how many. */
  async function deriveDueDates(rows: readonly CaseRow[], today: string, q?: Transaction<DB>) {
    const [events, calendar] = await Promise.all([repo.clockEvents(rows.map((r) => r.id), q), deps.calendar.current()]);
    let changed = 0;
    for (const row of rows) {
      const due = dueDatesFrom(events.get(row.id) ?? {}, calendar, today, dueSoonWd);
      if (!dueDatesDiffer(row, due)) continue;
      await repo.setDueDates(row.id, row.version, due, q);
      changed++;
    }
    return changed;
  }

  function availableActions(kind: CaseKind, row: CaseRow, parties: readonly ActorParty[]) {
    if (row.terminal) return [];
    return kind.transitions
      .filter((t) => t.from !== "create" && t.from.includes(row.state) && !t.by.every((r) => r.party === "system"))
      .filter((t) => matchParty(t, parties) !== null)
      .map((t) => ({ name: t.name, label: t.label, basis: t.basis }));
  }

  async function show(actor: Actor, id: string) {
    const { row, parties, restricted } = await loadVisible(actor, id);
    const kind = kindOf(row);
    const [events, timeline, calendar, acting] = await Promise.all([
      repo.clockEvents([id]),
      repo.timeline(id),
      deps.calendar.current(),
      partiesActing(actor, row, parties),
    ]);
    const [names, users] = await Promise.all([
      repo.organisationNames(
        [row.applicant_organisation_id, row.handler_organisation_id, row.authority_organisation_id, ...row.third_party_organisation_ids].filter(
          (x): x is string => !!x,
        ),
      ),
      repo.userNames(row.third_party_user_ids),
    ]);
    const clocks = views(events.get(id), calendar, deps.clock.today());
    const caller = { parties: parties.map((p) => p.party), actions: availableActions(kind, row, acting) };
    if (!restricted) return presentCase(kind, row, clocks, timeline, names, users, caller);
    // 000 §19: a third party sees its consultation: its clock and the entries that concern it.
    let concernsIt = false;
    const entries = timeline.filter((t) => {
      if (t.action === "consult_third_party") concernsIt = isConsulted(actor, consultedParty(t.data));
      return concernsIt && (CONSULTATION_ACTIONS as readonly string[]).includes(t.action);
    });
    return presentCaseToThirdParty(kind, row, clocks.filter((c) => c.name === CONSULTATION_CLOCK), entries, names, caller);
  }

  async function summaries(rows: CaseRow[], today: string, actor?: Actor) {
    const [events, calendar, names] = await Promise.all([
      repo.clockEvents(rows.map((r) => r.id)),
      deps.calendar.current(),
      repo.organisationNames(rows.flatMap((r) => [r.applicant_organisation_id, r.handler_organisation_id, r.authority_organisation_id]).filter((x): x is string => !!x)),
    ]);
    return rows.map((row) => {
      const kind = kindOf(row);
      const clocks = views(events.get(row.id), calendar, today);
      // In a third party's list, a case shows what its case page shows (000 §19).
      if (actor && onlyThirdParty(actorPartiesFor(actor, participantsOf(row)))) {
        const own = clocks.filter((c) => c.name === CONSULTATION_CLOCK);
        return { kind, row, clocks: own, summary: presentCaseSummaryToThirdParty(kind, row, own, names) };
      }
      return { kind, row, clocks, summary: presentCaseSummary(kind, row, clocks, names) };
    });
  }

  return {
    get: show,

    /** The supervising authority of a region (that region's, else its parent's, else the province's). */
    authorityFor: (regionCode: string) => repo.supervisingAuthority(regionCode),

    /** For module effects: notices to users who are not parties to the case, in the transition's transaction. */
    notifyUsers: repo.notifyUsers,

    /** Registers a module's effects for a kind (see CaseEffects). */
    registerEffects(kind: string, e: CaseEffects) {
      if (!caseKind(kind)) throw new Error(`no case kind "${kind}"`);
      effects.set(kind, e);
    },

    /** Opens a case. `internal` is for the module owning the kind's effects; the HTTP route never passes it. */
    async open(actor: Actor, input: OpenCaseInput, note: AuditNote, internal?: InternalOpen) {
      const kind = caseKind(input.kind);
      if (!kind) throw errors.field("kind", { zh: `没有"${input.kind}"这类办件`, en: `No case kind "${input.kind}"` });
      const owned = effects.get(kind.name);
      if (owned && !internal) {
        throw errors.conflict("opens_elsewhere", { zh: `"${kind.label.zh}"请通过 ${owned.opensVia.zh} 提出`, en: `"${kind.label.en}" is opened through ${owned.opensVia.en}` });
      }
      const openers = kind.transitions.filter((t) => t.from === "create");
      const t = input.action ? openers.find((x) => x.name === input.action) : openers[0];
      if (!t) {
        throw errors.field("action", {
          zh: `"${kind.label.zh}"的新建方式只能是：${openers.map((x) => x.name).join("、")}`,
          en: `"${kind.label.en}" opens with one of: ${openers.map((x) => x.name).join(", ")}`,
        });
      }
      note({ action: `case.${kind.name}.${t.name}`, subjectType: "case" });

      const asOrg = input.asOrganisationId === undefined ? (actor.memberships[0]?.organisationId ?? null) : input.asOrganisationId;
      const parties = openerPartiesFor(kind, t.name, actor, asOrg);
      if (parties.length === 0) throw errors.forbidden({ zh: "你不是该机构的成员", en: "You are not a member of that organisation" });

      const today = deps.clock.today();
      const calendar = await deps.calendar.current();
      const result = evaluateTransition(kind, null, t.name, parties, input.payload, profile, calendar, today, { dueSoonWd });
      if (!result.ok) throw refusalError(result);
      const data = result.data as Record<string, unknown>;
      const attachments = data.attachments as Attachment[] | undefined;

      // The handling organisation: named on the case, or by the payload (the provider, the other party).
      const named = [
        ["handlerOrganisationId", input.handlerOrganisationId],
        ["payload.providerOrganisationId", data.providerOrganisationId],
        ["payload.counterpartOrganisationId", data.counterpartOrganisationId],
      ].filter((x): x is [string, string] => typeof x[1] === "string");
      if (new Set(named.map((x) => x[1])).size > 1) {
        throw errors.field(named[1][0], { zh: "与 handlerOrganisationId 指明的承办单位不一致", en: "Names a different handling organisation than handlerOrganisationId" });
      }
      // Correction names a dataset; until datasets exist (a later issue) the provider is named explicitly.
      if (!named.length && (kind.name === "correction" || kind.name === "rectification")) {
        throw errors.field("handlerOrganisationId", {
          zh: kind.name === "correction" ? "须指明数据提供部门" : "须指明被责令整改的单位",
          en: kind.name === "correction" ? "Name the providing organisation" : "Name the organisation ordered to rectify",
        });
      }
      const handler = named.length ? await organisationOrFail(named[0][1], named[0][0]) : null;
      const opener = asOrg ? await repo.findOrganisation(asOrg) : undefined;
      if (handler && opener && handler.id === opener.id) {
        throw errors.field(named[0][0], { zh: "承办单位不能是申请方自身", en: "The handling organisation cannot be the applicant itself" });
      }

      // The supervising authority of the case.
      let authorityId: string | null;
      if (kind.name === "rectification") authorityId = asOrg; // the ordering organisation
      else if (kind.name === "dispute" && handler && opener) authorityId = (await coordinatorOf(opener, handler)).authorityId;
      else if (internal?.authorityOrganisationId) authorityId = internal.authorityOrganisationId;
      else authorityId = await repo.supervisingAuthority(handler?.region_code ?? opener?.region_code ?? profile.regionCode);

      const party = parties[0].party;
      const row = {
        kind: kind.name,
        state: result.nextState,
        version: result.version,
        terminal: result.terminal,
        title: input.title,
        subject_type: input.subject?.type ?? null,
        subject_id: input.subject?.id ?? null,
        applicant_user_id: party === "applicant" ? actor.userId : null,
        applicant_organisation_id: party === "applicant" ? asOrg : null,
        handler_organisation_id: handler?.id ?? null,
        authority_organisation_id: authorityId,
        opened_by_user_id: actor.userId,
        opened_on: result.effectiveOn,
      };
      const id = await repo.open(
        row,
        { ...result.due, dueSoonWd },
        {
          action: result.action,
          fromState: null,
          toState: result.nextState,
          actorUserId: actor.userId,
          actorOrganisationId: asOrg,
          actorParty: party,
          effectiveOn: result.effectiveOn,
          data: result.data,
          clockEffects: result.clockEffects,
        },
        noticeFor(kind, row, result, actor.userId),
        async (trx, caseId) => {
          await deps.attachments.link(trx, caseId, actor.userId, attachments);
          await owned?.apply(trx, contextOf(caseId, row, result, actor.userId));
        },
      );
      note({ action: result.auditAction, subjectType: "case", subjectId: id, detail: { kind: kind.name, toState: result.nextState } });
      return show(actor, id);
    },

    async act(actor: Actor, id: string, action: string, input: { expectedVersion: number; payload?: unknown }, note: AuditNote) {
      const { row, parties: visible } = await loadVisible(actor, id);
      const parties = await partiesActing(actor, row, visible);
      const kind = kindOf(row);
      const t = kind.transitions.find((x) => x.name === action);
      if (t) note({ action: `case.${kind.name}.${t.name}`, subjectType: "case", subjectId: id });

      const [events, calendar] = await Promise.all([repo.clockEvents([id]), deps.calendar.current()]);
      const today = deps.clock.today();
      const snapshot = { state: row.state, version: row.version, clocks: events.get(id) ?? {} };
      const payload = action === "consult_third_party" ? await withThirdPartyUser(input.payload) : input.payload;
      const result = evaluateTransition(kind, snapshot, action, parties, payload, profile, calendar, today, {
        expectedVersion: input.expectedVersion,
        dueSoonWd,
      });
      if (!result.ok) throw refusalError(result);
      const data = result.data as Record<string, unknown>;
      const thirdParty = result.action === "consult_third_party" ? await checkThirdParty(row, consultedParty(data)) : undefined;

      // Routing a demand (002 §20 §22) names its provider: it becomes the handling organisation.
      let handlerOrganisationId: string | undefined;
      if (typeof data.providerOrganisationId === "string" && row.handler_organisation_id === null) {
        handlerOrganisationId = (await organisationOrFail(data.providerOrganisationId, "payload.providerOrganisationId")).id;
      }
      const party = matchParty(t, parties)!;
      const actingOrg =
        party === "applicant"
          ? row.applicant_organisation_id
          : party === "handler"
            ? row.handler_organisation_id
            : party === "authority"
              ? row.authority_organisation_id
              : (consultedParty(await repo.latestEntryData(id, "consult_third_party"))?.organisationId ?? null);
      const owned = effects.get(kind.name);
      const won = await repo.db.transaction().execute(async (trx) => {
        const applied = await repo.apply(
          trx,
          id,
          row.version,
          { state: result.nextState, version: result.version, terminal: result.terminal, due: { ...result.due, dueSoonWd }, thirdParty, handlerOrganisationId },
          {
            action: result.action,
            fromState: result.fromState,
            toState: result.nextState,
            actorUserId: actor.userId,
            actorOrganisationId: actingOrg,
            actorParty: party,
            effectiveOn: result.effectiveOn,
            data: result.data,
            clockEffects: result.clockEffects,
          },
          noticeFor(kind, row, result, actor.userId),
        );
        if (!applied) return false;
        await deps.attachments.link(trx, id, actor.userId, data.attachments as Attachment[] | undefined);
        await owned?.apply(trx, contextOf(id, row, result, actor.userId));
        return true;
      });
      if (!won) {
        throw errors.conflict("version_conflict", {
          zh: "办件已被他人更新，请刷新后重试",
          en: "The case changed while you were acting on it; reload and retry",
        });
      }
      note({
        action: result.auditAction,
        subjectType: "case",
        subjectId: id,
        detail: { kind: kind.name, fromState: result.fromState, toState: result.nextState, version: result.version },
      });
      return show(actor, id);
    },

    /**
     * A system transition taken by a module's own job (e.g. a revocation's grace period ending, 004 §16):
     * stored, notified, applied and audited like the sweeper's. False when the case moved on meanwhile.
     */
    async actAsSystem(id: string, action: string, payload: unknown, today: string = deps.clock.today()): Promise<boolean> {
      const row = await repo.findById(id);
      if (!row) throw errors.notFound(CASE);
      const kind = kindOf(row);
      const [events, calendar] = await Promise.all([repo.clockEvents([id]), deps.calendar.current()]);
      const snapshot = { state: row.state, version: row.version, clocks: events.get(id) ?? {} };
      const result = evaluateTransition(kind, snapshot, action, SYSTEM_PARTIES, payload, profile, calendar, today, { dueSoonWd });
      if (!result.ok) throw refusalError(result);
      const owned = effects.get(kind.name);
      const won = await repo.db.transaction().execute(async (trx) => {
        const applied = await repo.apply(
          trx,
          id,
          row.version,
          { state: result.nextState, version: result.version, terminal: result.terminal, due: { ...result.due, dueSoonWd } },
          {
            action: result.action,
            fromState: result.fromState,
            toState: result.nextState,
            actorUserId: null,
            actorOrganisationId: null,
            actorParty: "system",
            effectiveOn: result.effectiveOn,
            data: result.data,
            clockEffects: result.clockEffects,
          },
          noticeFor(kind, row, result, null),
        );
        if (applied && owned) await owned.apply(trx, contextOf(id, row, result, null));
        return applied;
      });
      if (won) {
        await deps.audit.record({
          action: result.auditAction,
          outcome: "success",
          subjectType: "case",
          subjectId: id,
          detail: { kind: kind.name, fromState: result.fromState, toState: result.nextState, by: "system" },
        });
      }
      return won;
    },

    /** 004 §25, before a dispute is raised: which authority will coordinate it, and what follows if that fails. */
    async disputeRouting([aId, bId]: readonly [string, string]) {
      const [a, b] = await Promise.all([organisationOrFail(aId, "organisations"), organisationOrFail(bId, "organisations")]);
      const { authorityId, ...coordinator } = await coordinatorOf(a, b);
      const names = await repo.organisationNames(authorityId ? [authorityId] : []);
      return presentDisputeRouting([a, b], coordinator, authorityId ? { id: authorityId, name: names.get(authorityId)?.name ?? null } : null);
    },

    /** "My cases": a page of the caller's cases by role, with the next due date and days left. */
    async list(
      actor: Actor,
      f: { role?: CaseRole; state?: string; kind?: string; due?: "due_soon" | "overdue"; sort: "newest" | "due"; page: number; pageSize: number },
    ) {
      const today = deps.clock.today();
      await deriveStaleDueDates(today);
      const { rows, total } = await repo.listForParticipant(
        { userId: actor.userId, organisationIds: actor.memberships.map((m) => m.organisationId), role: f.role },
        { state: f.state, kind: f.kind, due: f.due, sort: f.sort, today, limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
      );
      const items = await summaries(rows, today, actor);
      return { items: items.map((i) => i.summary), total, page: f.page, pageSize: f.pageSize };
    },

    /**
     * 督办 board (004 §42): a page of the open cases in the authority's region with a clock due soon or
     * overdue (a case with an overdue clock counts as overdue), the first due first; filtered and paged in SQL.
     */
    async board(actor: Actor, f: { status?: "due_soon" | "overdue"; page: number; pageSize: number }) {
      const authorities = actor.memberships.filter((m) => m.organisationKind === "authority");
      if (!authorities.length) {
        throw errors.forbidden({ zh: "只有主管部门可以查看督办看板", en: "Only a supervising authority may view the supervision board" });
      }
      const today = deps.clock.today();
      await deriveStaleDueDates(today);
      const { rows, total } = await repo.supervisedPage(
        authorities.map((m) => m.organisationId),
        authorities.map((m) => regionPrefix(m.regionCode)),
        { due: f.status ?? "flagged", today, limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
      );
      const wanted = f.status ? [f.status] : ["due_soon", "overdue"];
      const items = (await summaries(rows, today)).map((i) => {
        const flagged = i.clocks.filter((c) => wanted.includes(c.state));
        return {
          ...i.summary,
          clocks: flagged.map((c) => presentClock(i.kind, c)),
          escalated: flagged.some((c) => c.marks.some((m) => m.mark === "escalated" && m.dueOn === c.dueOn)),
        };
      });
      return { items, total, page: f.page, pageSize: f.pageSize, asOf: today };
    },


    /** An attachment on the case, for its parties and supervising authority; 404 to anyone else. */
    async attachment(actor: Actor, caseId: string, attachmentId: string, note: AttachmentNote) {
      // A third party sees no attachment: its consultation carries none (000 §19).
      if ((await loadVisible(actor, caseId)).restricted) throw errors.notFound(CASE);
      return deps.attachments.open(caseId, attachmentId, note);
    },

    async notifications(actor: Actor, f: { unread: boolean; page: number; pageSize: number }) {
      const { rows, total, unread } = await repo.notifications(actor.userId, { unread: f.unread, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
      return { items: rows.map(presentNotification), total, unread, page: f.page, pageSize: f.pageSize };
    },

    async markRead(actor: Actor, id: string) {
      if (!(await repo.markRead(actor.userId, id))) throw errors.notFound({ zh: "通知", en: "Notification" });
      return { id, read: true };
    },
  };
}

export type CaseService = ReturnType<typeof caseService>;
