import {
  actorPartiesFor,
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
} from "@shuyuan/core";
import type { AuditInput } from "../audit/writer";
import type { CalendarService } from "../calendar/service";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { presentCase, presentCaseSummary, presentClock, presentNotification } from "./presenter";
import type { Attachment, AttachmentNote, CaseAttachments } from "./attachments";
import type { CaseRepository, CaseRow, Notice } from "./repository";
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
    thirdParties: row.third_party_organisation_ids.map((id) => ({ organisationId: id })),
  };
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
  };
}

/** Region prefix an authority covers: 230000 → '23', 230100 → '2301'. */

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

  function views(events: Record<string, ClockEvent[]> | undefined, calendar: Awaited<ReturnType<CaseServiceDeps["calendar"]["current"]>>, today: string): ClockView[] {
    return Object.entries(events ?? {})
      .filter(([, list]) => list.length)
      .map(([name, list]) => computeClock(name, list, calendar, today, { dueSoonWd }));
  }

  /** An authority membership whose region contains the organisation's region: it supervises the case. */
  function supervises(actor: Actor, regionCode: string | undefined): boolean {
    if (!regionCode) return false;
    return actor.memberships.some((m) => m.organisationKind === "authority" && regionContains(m.regionCode, regionCode));
  }

  /** The case if the actor is a participant or supervises it; otherwise the same 404 as a missing case. */
  async function loadVisible(actor: Actor, id: string) {
    const row = await repo.findById(id);
    if (!row) throw errors.notFound(CASE);
    const parties = actorPartiesFor(actor, participantsOf(row));
    if (parties.length === 0) {
      const handler = row.handler_organisation_id ? await repo.findOrganisation(row.handler_organisation_id) : undefined;
      if (!supervises(actor, handler?.region_code)) throw errors.notFound(CASE);
    }
    return { row, parties };
  }

  async function organisationOrFail(id: string, path: string) {
    const org = await repo.findOrganisation(id);
    if (!org) throw errors.field(path, { zh: "机构不存在", en: "No such organisation" });
    return org;
  }

  function availableActions(kind: CaseKind, row: CaseRow, parties: readonly ActorParty[]) {
    if (row.terminal) return [];
    return kind.transitions
      .filter((t) => t.from !== "create" && t.from.includes(row.state) && !t.by.every((r) => r.party === "system"))
      .filter((t) => matchParty(t, parties) !== null)
      .map((t) => ({ name: t.name, label: t.label, basis: t.basis }));
  }

  async function show(actor: Actor, id: string) {
    const { row, parties } = await loadVisible(actor, id);
    const kind = kindOf(row);
    const [events, timeline, calendar] = await Promise.all([repo.clockEvents([id]), repo.timeline(id), deps.calendar.current()]);
    const names = await repo.organisationNames([
      row.applicant_organisation_id,
      row.handler_organisation_id,
      row.authority_organisation_id,
      ...row.third_party_organisation_ids,
    ].filter((x): x is string => !!x));
    return presentCase(kind, row, views(events.get(id), calendar, deps.clock.today()), timeline, names, {
      parties: parties.map((p) => p.party),
      actions: availableActions(kind, row, parties),
    });
  }

  async function summaries(rows: CaseRow[], today: string) {
    const [events, calendar, names] = await Promise.all([
      repo.clockEvents(rows.map((r) => r.id)),
      deps.calendar.current(),
      repo.organisationNames(rows.flatMap((r) => [r.applicant_organisation_id, r.handler_organisation_id, r.authority_organisation_id]).filter((x): x is string => !!x)),
    ]);
    return rows.map((row) => {
      const kind = kindOf(row);
      const clocks = views(events.get(row.id), calendar, today);
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
      else if (kind.name === "dispute" && handler && opener) {
        const coordinator = disputeCoordinator(opener.region_code, handler.region_code);
        if (!coordinator) {
          throw errors.conflict("no_coordinator", {
            zh: "跨省争议没有适用的协调机关（004 §25）",
            en: "No coordinating authority applies to a dispute across provinces (004 §25)",
          });
        }
        authorityId = await repo.supervisingAuthority(coordinator.regionCode);
      } else if (internal?.authorityOrganisationId) authorityId = internal.authorityOrganisationId;
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
      const { row, parties } = await loadVisible(actor, id);
      const kind = kindOf(row);
      const t = kind.transitions.find((x) => x.name === action);
      if (t) note({ action: `case.${kind.name}.${t.name}`, subjectType: "case", subjectId: id });

      const [events, calendar] = await Promise.all([repo.clockEvents([id]), deps.calendar.current()]);
      const today = deps.clock.today();
      const snapshot = { state: row.state, version: row.version, clocks: events.get(id) ?? {} };
      const result = evaluateTransition(kind, snapshot, action, parties, input.payload, profile, calendar, today, {
        expectedVersion: input.expectedVersion,
        dueSoonWd,
      });
      if (!result.ok) throw refusalError(result);
      const data = result.data as Record<string, unknown>;

      // Routing a demand (002 §20 §22) names its provider: it becomes the handling organisation.
      let handlerOrganisationId: string | undefined;
      if (typeof data.providerOrganisationId === "string" && row.handler_organisation_id === null) {
        handlerOrganisationId = (await organisationOrFail(data.providerOrganisationId, "payload.providerOrganisationId")).id;
      }
      const party = matchParty(t, parties)!;
      const actingOrg =
        party === "applicant" ? row.applicant_organisation_id : party === "handler" ? row.handler_organisation_id : party === "authority" ? row.authority_organisation_id : null;
      const owned = effects.get(kind.name);
      const won = await repo.db.transaction().execute(async (trx) => {
        const applied = await repo.apply(
          trx,
          id,
          row.version,
          { state: result.nextState, version: result.version, terminal: result.terminal, handlerOrganisationId },
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
          { state: result.nextState, version: result.version, terminal: result.terminal },
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

    /** "My cases": the caller's cases by role, with the next due date and days left. */
    async list(actor: Actor, f: { role?: "applicant" | "handler" | "authority" | "third_party"; state?: string; kind?: string; page: number; pageSize: number }) {
      const { rows, total } = await repo.listForParticipant(
        { userId: actor.userId, organisationIds: actor.memberships.map((m) => m.organisationId), role: f.role },
        { state: f.state, kind: f.kind, limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
      );
      const items = await summaries(rows, deps.clock.today());
      return { items: items.map((i) => i.summary), total, page: f.page, pageSize: f.pageSize };
    },

    /** 督办 board (004 §42): open cases in the authority's region with a due-soon or overdue clock. */
    async board(actor: Actor, f: { status?: "due_soon" | "overdue" }) {
      const authorities = actor.memberships.filter((m) => m.organisationKind === "authority");
      if (!authorities.length) {
        throw errors.forbidden({ zh: "只有主管部门可以查看督办看板", en: "Only a supervising authority may view the supervision board" });
      }
      const rows = await repo.openCasesSupervisedBy(
        authorities.map((m) => m.organisationId),
        authorities.map((m) => regionPrefix(m.regionCode)),
      );
      const wanted = f.status ? [f.status] : ["due_soon", "overdue"];
      const items = (await summaries(rows, deps.clock.today()))
        .map((i) => ({ ...i, flagged: i.clocks.filter((c) => wanted.includes(c.state)) }))
        .filter((i) => i.flagged.length)
        .map((i) => ({
          ...i.summary,
          clocks: i.flagged.map((c) => presentClock(i.kind, c)),
          escalated: i.flagged.some((c) => c.marks.some((m) => m.mark === "escalated" && m.dueOn === c.dueOn)),
        }))
        .sort((a, b) => (a.clocks[0].dueOn ?? "").localeCompare(b.clocks[0].dueOn ?? ""));
      return { items, total: items.length, asOf: deps.clock.today() };
    },

    /** An attachment on the case, for its parties and supervising authority; 404 to anyone else. */
    async attachment(actor: Actor, caseId: string, attachmentId: string, note: AttachmentNote) {
      await loadVisible(actor, caseId);
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
