import type { CaseDueDates, ClockEffect, ClockEvent, ConsultedParty } from "@shuyuan/core";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../db/schema";
import { regions } from "../regions/regions";

type Q = Kysely<DB> | Transaction<DB>;

// Arbitrary constant: one sweeper at a time across every instance on this database.
export const SWEEP_LOCK = 7_450_004;

const caseColumns = [
  "c.id",
  "c.kind",
  "c.state",
  "c.version",
  "c.terminal",
  "c.title",
  "c.subject_type",
  "c.subject_id",
  "c.applicant_user_id",
  "c.applicant_organisation_id",
  "c.handler_organisation_id",
  "c.authority_organisation_id",
  "c.third_party_organisation_ids",
  "c.third_party_user_ids",
  "c.opened_by_user_id",
  "c.opened_on",
  "c.next_due_on",
  "c.due_soon_on",
  "c.due_soon_wd",
  "c.created_at",
  "c.updated_at",
] as const;

export interface NewCase {
  kind: string;
  state: string;
  version: number;
  terminal: boolean;
  title: string;
  subject_type: string | null;
  subject_id: string | null;
  applicant_user_id: string | null;
  applicant_organisation_id: string | null;
  handler_organisation_id: string | null;
  authority_organisation_id: string | null;
  opened_by_user_id: string | null;
  opened_on: string;
}

/** The derived due dates a transition writes on the case row, with the due-soon figure they used. */
export interface RowDueDates extends CaseDueDates {
  dueSoonWd: number;
}

const dueColumns = (d: RowDueDates) => ({ next_due_on: d.nextDueOn, due_soon_on: d.dueSoonOn, due_soon_wd: d.dueSoonWd });

/** Which of the open cases with clocks a list keeps, as of a day (from the stored due dates). */
export type DueFilter = "due_soon" | "overdue" | "flagged";

/** What an accepted transition appends (besides the case row's new state and version). */
export interface AcceptedTransition {
  action: string;
  fromState: string | null;
  toState: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  actorParty: string;
  effectiveOn: string;
  data: unknown;
  clockEffects: readonly ClockEffect[];
}

export interface Notice {
  action: string;
  zh: string;
  en: string;
  /** The acting user gets no notice of their own action. */
  exceptUserId: string | null;
  /** Third parties hear only of their consultation (000 §19), not of the rest of the case. */
  toThirdParties: boolean;
}

/** A consulted third party (000 §19): an organisation or a registered user. */
/** A consulted third party (core's ConsultedParty). */
export type ThirdPartyRef = ConsultedParty;

/** Which cases a listing covers: the caller's organisations and user id, by role in the case. */
export interface ParticipantScope {
  userId: string;
  organisationIds: string[];
  role?: "applicant" | "handler" | "authority" | "third_party";
}

/**
 * Open cases with a clock due soon or overdue on `today`, from the stored due dates: overdue when the next
 * due date has passed; due soon when a clock is in its due-soon days and none is overdue.
 */
function dueCondition(due: DueFilter, today: string) {
  if (due === "overdue") return sql<boolean>`not c.terminal and c.next_due_on < ${today}::date`;
  if (due === "due_soon") return sql<boolean>`not c.terminal and c.due_soon_on <= ${today}::date and c.next_due_on >= ${today}::date`;
  return sql<boolean>`not c.terminal and c.due_soon_on <= ${today}::date`;
}

/** All SQL of the cases module. */
export function caseRepository(db: Kysely<DB>) {
  const none = ["00000000-0000-0000-0000-000000000000"];
  const orNone = (ids: string[]) => (ids.length ? ids : none);

  async function appendFacts(trx: Transaction<DB>, caseId: string, t: AcceptedTransition) {
    // The case row is locked by the caller's UPDATE, so max(seq)+1 cannot race.
    for (const e of t.clockEffects) {
      await sql`insert into case_clock_events (case_id, clock, seq, event)
        select ${caseId}, ${e.clock}, coalesce(max(seq), 0) + 1, ${JSON.stringify(e.event)}::jsonb
        from case_clock_events where case_id = ${caseId} and clock = ${e.clock}`.execute(trx);
    }
    await sql`insert into case_timeline (case_id, seq, action, from_state, to_state, actor_user_id, actor_organisation_id, actor_party, effective_on, data)
      select ${caseId}, coalesce(max(seq), 0) + 1, ${t.action}, ${t.fromState}, ${t.toState}, ${t.actorUserId}, ${t.actorOrganisationId},
        ${t.actorParty}, ${t.effectiveOn}::date, ${JSON.stringify(t.data ?? {})}::jsonb
      from case_timeline where case_id = ${caseId}`.execute(trx);
  }

  /** One notice per member of every participant organisation, and the applicant user (and third parties, when told). */
  async function notify(trx: Transaction<DB>, caseId: string, n: Notice) {
    await sql`insert into notifications (user_id, case_id, action, message_zh, message_en)
      select r.user_id, ${caseId}, ${n.action}, ${n.zh}, ${n.en}
      from (
        select m.user_id from cases c join memberships m on m.organisation_id in (c.applicant_organisation_id, c.handler_organisation_id, c.authority_organisation_id)
          or (${n.toThirdParties} and m.organisation_id = any (c.third_party_organisation_ids))
        where c.id = ${caseId}
        union
        select c.applicant_user_id from cases c where c.id = ${caseId} and c.applicant_user_id is not null
        union
        select unnest(c.third_party_user_ids) from cases c where c.id = ${caseId} and ${n.toThirdParties}
      ) r
      where r.user_id is distinct from ${n.exceptUserId}`.execute(trx);
  }

  const base = (q: Q) => q.selectFrom("cases as c").select(caseColumns);

  return {
    db,

    findById: (id: string, q: Q = db) => base(q).where("c.id", "=", id).executeTakeFirst(),

    /** Notices to users outside a case (e.g. an entry's users told of its revocation); no case link. */
    async notifyUsers(trx: Transaction<DB>, userIds: readonly string[], n: Pick<Notice, "action" | "zh" | "en">) {
      if (!userIds.length) return;
      await trx
        .insertInto("notifications")
        .values(userIds.map((user_id) => ({ user_id, case_id: null, action: n.action, message_zh: n.zh, message_en: n.en })))
        .execute();
    },

    /** Events per clock, in order. */
    async clockEvents(caseIds: string[], q: Q = db): Promise<Map<string, Record<string, ClockEvent[]>>> {
      const out = new Map<string, Record<string, ClockEvent[]>>();
      if (!caseIds.length) return out;
      const rows = await q
        .selectFrom("case_clock_events")
        .select(["case_id", "clock", "event"])
        .where("case_id", "in", caseIds)
        .orderBy("case_id")
        .orderBy("clock")
        .orderBy("seq")
        .execute();
      for (const r of rows) {
        const clocks = out.get(r.case_id) ?? {};
        (clocks[r.clock] ??= []).push(r.event as ClockEvent);
        out.set(r.case_id, clocks);
      }
      return out;
    },

    timeline: (caseId: string) =>
      db
        .selectFrom("case_timeline as t")
        .leftJoin("users as u", "u.id", "t.actor_user_id")
        .leftJoin("organisations as o", "o.id", "t.actor_organisation_id")
        .select([
          "t.seq",
          "t.action",
          "t.from_state",
          "t.to_state",
          "t.actor_user_id",
          "t.actor_organisation_id",
          "t.actor_party",
          "t.effective_on",
          "t.data",
          "t.created_at",
          "u.name as actor_name",
          "o.name as actor_organisation_name",
        ])
        .where("t.case_id", "=", caseId)
        .orderBy("t.seq")
        .execute(),

    organisationNames: async (ids: string[]) => {
      const wanted = [...new Set(ids.filter(Boolean))];
      if (!wanted.length) return new Map<string, { name: string; kind: string; region_code: string }>();
      const rows = await db.selectFrom("organisations").select(["id", "name", "kind", "region_code"]).where("id", "in", wanted).execute();
      return new Map(rows.map((r) => [r.id, r]));
    },

    /** An active user by login (a third party named by the handler, 000 §19). */
    findActiveUserByLogin: (login: string) =>
      db.selectFrom("users").select(["id", "name"]).where("login", "=", login).where("disabled", "=", false).executeTakeFirst(),

    userNames: async (ids: readonly string[]) => {
      if (!ids.length) return new Map<string, string>();
      const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", [...ids]).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    findUser: (id: string) => db.selectFrom("users").select(["id", "name"]).where("id", "=", id).executeTakeFirst(),

    /** The data of the case's latest timeline entry for `action` (e.g. whom the current consultation names). */
    latestEntryData: async (caseId: string, action: string) =>
      (
        await db
          .selectFrom("case_timeline")
          .select("data")
          .where("case_id", "=", caseId)
          .where("action", "=", action)
          .orderBy("seq", "desc")
          .limit(1)
          .executeTakeFirst()
      )?.data as Record<string, unknown> | undefined,

    findOrganisation: (id: string) =>
      db.selectFrom("organisations").select(["id", "name", "kind", "region_code"]).where("id", "=", id).executeTakeFirst(),

    /**
     * The supervising authority of a region: the authority organisation of that region, else of its
     * parent, else of the province (the oldest if a region has several).
     */
    async supervisingAuthority(regionCode: string): Promise<string | null> {
      const chain = regions()
        .path(regionCode)
        .map((r) => r.code)
        .reverse();
      const candidates = [...new Set([regionCode, ...chain, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`])];
      const rows = await db
        .selectFrom("organisations")
        .select(["id", "region_code"])
        .where("kind", "=", "authority")
        .where("region_code", "in", candidates)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      for (const code of candidates) {
        const hit = rows.find((r) => r.region_code === code);
        if (hit) return hit.id;
      }
      return null;
    },

    /** Opens a case: the row, its first clock events and timeline entry, and the notices, in one transaction. */
    open: (c: NewCase, due: RowDueDates, t: AcceptedTransition, notice: Notice, effects?: (trx: Transaction<DB>, caseId: string) => Promise<void>) =>
      db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto("cases")
          .values({ ...c, ...dueColumns(due) })
          .returning("id")
          .executeTakeFirstOrThrow();
        await appendFacts(trx, id, t);
        await effects?.(trx, id);
        await notify(trx, id, notice);
        return id;
      }),

    /**
     * Applies a transition with compare-and-set on the version read: false when the case changed
     * meanwhile (0 rows), and nothing is written.
     */
    async apply(
      trx: Transaction<DB>,
      caseId: string,
      readVersion: number,
      next: {
        state: string;
        version: number;
        terminal: boolean;
        due: RowDueDates;
        /** 000 §19: a third party consulted by this transition joins the case. */
        thirdParty?: ThirdPartyRef;
        handlerOrganisationId?: string;
        authorityOrganisationId?: string | null;
      },
      t: AcceptedTransition,
      notice: Notice,
    ): Promise<boolean> {
      const updated = await trx
        .updateTable("cases")
        .set({
          state: next.state,
          version: next.version,
          terminal: next.terminal,
          ...dueColumns(next.due),
          updated_at: sql`now()`,
          ...(next.handlerOrganisationId ? { handler_organisation_id: next.handlerOrganisationId } : {}),
          ...(next.authorityOrganisationId ? { authority_organisation_id: next.authorityOrganisationId } : {}),
          ...(next.thirdParty?.organisationId
            ? { third_party_organisation_ids: sql`array_append(array_remove(third_party_organisation_ids, ${next.thirdParty.organisationId}::uuid), ${next.thirdParty.organisationId}::uuid)` }
            : {}),
          ...(next.thirdParty?.userId
            ? { third_party_user_ids: sql`array_append(array_remove(third_party_user_ids, ${next.thirdParty.userId}::uuid), ${next.thirdParty.userId}::uuid)` }
            : {}),
        })
        .where("id", "=", caseId)
        .where("version", "=", readVersion)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await appendFacts(trx, caseId, t);
      await notify(trx, caseId, notice);
      return true;
    },

    /**
     * A page of the caller's cases (as a participant in `role`, or any role), newest first or by next due
     * date; `due` keeps the cases with a clock due soon or overdue on `today` (stored due dates, see 0015).
     */
    async listForParticipant(
      scope: ParticipantScope,
      f: { state?: string; kind?: string; due?: DueFilter; today: string; sort: "newest" | "due"; limit: number; offset: number },
    ) {
      const orgs = orNone(scope.organisationIds);
      let q = db.selectFrom("cases as c").where((eb) => {
        const applicant = eb.or([eb("c.applicant_user_id", "=", scope.userId), eb("c.applicant_organisation_id", "in", orgs)]);
        const handler = eb("c.handler_organisation_id", "in", orgs);
        const authority = eb("c.authority_organisation_id", "in", orgs);
        const third = eb.or([
          sql<boolean>`c.third_party_organisation_ids && ${sql.val(orgs)}::uuid[]`,
          sql<boolean>`c.third_party_user_ids @> array[${scope.userId}]::uuid[]`,
        ]);
        switch (scope.role) {
          case "applicant":
            return applicant;
          case "handler":
            return handler;
          case "authority":
            return authority;
          case "third_party":
            return third;
          default:
            return eb.or([applicant, handler, authority, third]);
        }
      });
      if (f.state) q = q.where("c.state", "=", f.state);
      if (f.kind) q = q.where("c.kind", "=", f.kind);
      if (f.due) q = q.where(dueCondition(f.due, f.today));
      const ordered =
        f.sort === "due"
          ? q.select(caseColumns).orderBy(sql`c.next_due_on asc nulls last`).orderBy("c.created_at", "desc").orderBy("c.id")
          : q.select(caseColumns).orderBy("c.created_at", "desc").orderBy("c.id");
      const [rows, total] = await Promise.all([
        ordered.limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    /**
     * 督办 board: a page of the open cases supervised by these authorities (named on the case, or handled in
     * one of the region prefixes) with a clock due soon or overdue on `today`, the first due first.
     */
    async supervisedPage(authorityIds: string[], regionPrefixes: string[], f: { due: DueFilter; today: string; limit: number; offset: number }) {
      const q = db
        .selectFrom("cases as c")
        .leftJoin("organisations as h", "h.id", "c.handler_organisation_id")
        .where(dueCondition(f.due, f.today))
        .where((eb) =>
          eb.or([eb("c.authority_organisation_id", "in", orNone(authorityIds)), ...regionPrefixes.map((p) => eb("h.region_code", "like", `${p}%`))]),
        );
      const [rows, total] = await Promise.all([
        q.select(caseColumns).orderBy("c.next_due_on").orderBy("c.id").limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    /** Open cases whose stored due dates were not derived with this due-soon figure (or at all). */
    staleDueDates: (dueSoonWd: number, limit: number) =>
      base(db)
        .where("c.terminal", "=", false)
        .where((eb) => eb.or([eb("c.due_soon_wd", "is", null), eb("c.due_soon_wd", "<", dueSoonWd), eb("c.due_soon_wd", ">", dueSoonWd)]))
        .orderBy("c.id")
        .limit(limit)
        .execute(),

    /** Writes derived due dates unless the case moved on since they were derived (its version changed). */
    async setDueDates(caseId: string, version: number, due: RowDueDates, q: Q = db) {
      await q.updateTable("cases").set(dueColumns(due)).where("id", "=", caseId).where("version", "=", version).execute();
    },

    openCases: (q: Q = db) => base(q).where("c.terminal", "=", false).orderBy("c.created_at").orderBy("c.id").execute(),

    /** Runs `fn` only if this instance wins the sweeper's advisory lock (held until the transaction ends). */
    withSweepLock: <T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> =>
      db.transaction().execute(async (trx) => {
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as ok`.execute(trx);
        if (!got.rows[0]?.ok) return { ran: false as const };
        return { ran: true as const, result: await fn(trx) };
      }),

    /** One case's sweep in its own savepoint, so a failure leaves the others applied. */
    async inSavepoint<T>(trx: Transaction<DB>, fn: () => Promise<T>): Promise<T> {
      await sql`savepoint case_sweep`.execute(trx);
      try {
        const out = await fn();
        await sql`release savepoint case_sweep`.execute(trx);
        return out;
      } catch (err) {
        await sql`rollback to savepoint case_sweep`.execute(trx);
        throw err;
      }
    },

    notifications: async (userId: string, f: { unread: boolean; limit: number; offset: number }) => {
      let q = db.selectFrom("notifications as n").leftJoin("cases as c", "c.id", "n.case_id").where("n.user_id", "=", userId);
      if (f.unread) q = q.where("n.read_at", "is", null);
      const [rows, total, unread] = await Promise.all([
        q
          .select(["n.id", "n.case_id", "n.action", "n.message_zh", "n.message_en", "n.created_at", "n.read_at", "c.kind", "c.title"])
          .orderBy("n.created_at", "desc")
          .orderBy("n.id")
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
        db
          .selectFrom("notifications")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("user_id", "=", userId)
          .where("read_at", "is", null)
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n), unread: Number(unread.n) };
    },

    markRead: async (userId: string, id: string) => {
      const r = await db
        .updateTable("notifications")
        .set({ read_at: sql`coalesce(read_at, now())` })
        .where("id", "=", id)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type CaseRepository = ReturnType<typeof caseRepository>;
export type CaseRow = NonNullable<Awaited<ReturnType<CaseRepository["findById"]>>>;
export type TimelineRow = Awaited<ReturnType<CaseRepository["timeline"]>>[number];
export type NotificationRow = Awaited<ReturnType<CaseRepository["notifications"]>>["rows"][number];
