// Scheduled harvesting (004 §9–10): an authority registers the lower-level platforms its platform
// aggregates (address, the organisation whose entries they become, interval) and a timer harvests each
// source when due, through the same harvest as POST /api/v1/harvest. Across instances a source runs once
// at a time: due sources are claimed (running_since) inside a transaction holding an advisory lock, and the
// harvest itself runs after that transaction (the catalog writes through its own connection; PGlite has one).
import { mayEditEntries } from "@shuyuan/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql, type Generated, type Kysely } from "kysely";
import { z } from "zod";
import type { AuditInput } from "../audit/writer";
import type { DB } from "../db/schema";
import { requireActor } from "../http/auth";
import { signedIn } from "../http/openapi";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { toMemberships } from "../identity/presenter";
import { identityRepository } from "../identity/repository";
import type { HarvestService } from "./harvest";
import { harvestRunList, harvestSource, harvestSourceList, idParams, sourceBody } from "./schemas";

/** The scheduler's advisory lock (issue 7); the case sweeper holds 7_450_004. */
const HARVEST_LOCK = 7_450_007;
/** A claim older than this belongs to an instance that died mid-run: the source is taken over. */
const LEASE_MS = 6 * 3600_000;
/** How often an instance looks for due sources. */
const HARVEST_TICK_MS = 5 * 60_000;

/** Migrations 0012 and 0018; typed here (withTables) as only this module reads or writes them. */
interface HarvestSourcesTable {
  id: Generated<string>;
  url: string;
  organisation_id: string;
  interval_minutes: number;
  registered_by_user_id: string;
  created_at: Generated<Date>;
  next_run_at: Generated<Date>;
  running_since: Date | null;
}
interface HarvestRunsTable {
  id: Generated<string>;
  source_id: string;
  started_at: Date;
  finished_at: Date | null;
  created: Generated<number>;
  updated: Generated<number>;
  failed: Generated<number>;
  unchanged: Generated<number>;
  removed: Generated<number>;
  error_code: string | null;
  error_zh: string | null;
  error_en: string | null;
}

/** What a run did, entry by entry (the harvest's outcome lists, counted). */
type Counts = { created: number; updated: number; unchanged: number; removed: number; failed: number };

function scheduleRepository(base: Kysely<DB>) {
  const db = base.withTables<{ harvest_sources: HarvestSourcesTable; harvest_runs: HarvestRunsTable }>();
  const sourceColumns = ["s.id", "s.url", "s.organisation_id", "o.name as organisation_name", "s.interval_minutes", "s.registered_by_user_id", "s.created_at", "s.next_run_at", "s.running_since"] as const;
  return {
    insert: (s: { url: string; organisationId: string; intervalMinutes: number; userId: string }) =>
      db
        .insertInto("harvest_sources")
        .values({ url: s.url, organisation_id: s.organisationId, interval_minutes: s.intervalMinutes, registered_by_user_id: s.userId })
        .onConflict((oc) => oc.columns(["url", "organisation_id"]).doNothing())
        .returning("id")
        .executeTakeFirst(),
    find: (id: string) => db.selectFrom("harvest_sources as s").innerJoin("organisations as o", "o.id", "s.organisation_id").select(sourceColumns).where("s.id", "=", id).executeTakeFirst(),
    list: (organisationIds: string[] | "all") => {
      let q = db.selectFrom("harvest_sources as s").innerJoin("organisations as o", "o.id", "s.organisation_id").select(sourceColumns);
      if (organisationIds !== "all") q = organisationIds.length ? q.where("s.organisation_id", "in", organisationIds) : q.where(sql<boolean>`false`);
      return q.orderBy("s.created_at").execute();
    },
    remove: (id: string) => db.deleteFrom("harvest_sources").where("id", "=", id).execute(),
    runs: (sourceId: string, limit: number) => db.selectFrom("harvest_runs").selectAll().where("source_id", "=", sourceId).orderBy("started_at", "desc").limit(limit).execute(),

    /** Due sources, claimed with a run row each; none when another instance holds the lock. */
    claimDue: (now: Date) =>
      db.transaction().execute(async (trx) => {
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${HARVEST_LOCK}) as ok`.execute(trx);
        if (!got.rows[0]?.ok) return [];
        const due = await trx
          .selectFrom("harvest_sources")
          .select(["id", "url", "organisation_id", "interval_minutes", "registered_by_user_id"])
          .where("next_run_at", "<=", now)
          .where((eb) => eb.or([eb("running_since", "is", null), eb("running_since", "<", new Date(now.getTime() - LEASE_MS))]))
          .orderBy("next_run_at")
          .orderBy("created_at")
          .execute();
        const claimed = [];
        for (const s of due) {
          await trx.updateTable("harvest_sources").set({ running_since: now }).where("id", "=", s.id).execute();
          const run = await trx.insertInto("harvest_runs").values({ source_id: s.id, started_at: now }).returning("id").executeTakeFirstOrThrow();
          claimed.push({ ...s, runId: run.id });
        }
        return claimed;
      }),

    finish: (sourceId: string, runId: string, nextRunAt: Date, outcome: Counts & { error: AppError | null }) =>
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable("harvest_runs")
          .set({ finished_at: new Date(), created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged, removed: outcome.removed, failed: outcome.failed, error_code: outcome.error?.code ?? null, error_zh: outcome.error?.messages.zh ?? null, error_en: outcome.error?.messages.en ?? null })
          .where("id", "=", runId)
          .execute();
        await trx.updateTable("harvest_sources").set({ running_since: null, next_run_at: nextRunAt }).where("id", "=", sourceId).execute();
      }),
  };
}

type SourceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof scheduleRepository>["find"]>>>;

const present = (s: SourceRow) => ({
  id: s.id,
  url: s.url,
  organisation: { id: s.organisation_id, name: s.organisation_name },
  intervalMinutes: s.interval_minutes,
  registeredBy: s.registered_by_user_id,
  createdAt: new Date(s.created_at).toISOString(),
  nextRunAt: new Date(s.next_run_at).toISOString(),
  running: s.running_since !== null,
});

export function harvestSchedule(deps: { db: Kysely<DB>; harvest: HarvestService; audit: { record(input: AuditInput): Promise<unknown> } }) {
  const repo = scheduleRepository(deps.db);
  const users = identityRepository(deps.db);

  /**
   * The registrant as the run's actor, read afresh (the identity service resolves only sessions and tokens):
   * a disabled user, or one who lost the organisation's editor role, makes the run fail as forbidden.
   */
  async function registrant(userId: string): Promise<Actor | null> {
    const user = await users.findUserById(userId);
    if (!user || user.disabled) return null;
    const memberships = toMemberships(await users.membershipsOf([user.id]));
    return { userId: user.id, login: user.login, name: user.name, platformAdmin: user.platform_admin, memberships, mustChangePassword: false, via: "token" };
  }

  /** Authority editors register sources for an authority's own catalog (004 §9–10: the level above aggregates). */
  function mayRegister(actor: Actor, organisationId: string) {
    return mayEditEntries(actor, organisationId) && actor.memberships.some((m) => m.organisationId === organisationId && m.organisationKind === "authority");
  }

  async function visibleSource(actor: Actor, id: string) {
    const s = await repo.find(id);
    if (!s || !(actor.platformAdmin || actor.memberships.some((m) => m.organisationId === s.organisation_id))) throw errors.notFound({ zh: "采集来源", en: "Harvest source" });
    return s;
  }

  async function runOne(source: Awaited<ReturnType<typeof repo.claimDue>>[number], now: Date) {
    const counts: Counts = { created: 0, updated: 0, unchanged: 0, removed: 0, failed: 0 };
    let error: AppError | null = null;
    try {
      const actor = await registrant(source.registered_by_user_id);
      if (!actor) throw errors.forbidden({ zh: "登记采集来源的用户已停用", en: "The user who registered the source is disabled" });
      const outcome = await deps.harvest.harvest(actor, { url: source.url, organisationId: source.organisation_id });
      for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] = outcome[k].length;
    } catch (err) {
      // Internals stay out of what the authority reads; the audit entry below names the code.
      error = err instanceof AppError ? err : new AppError(500, "internal_error", { zh: "采集时发生内部错误", en: "Internal error while harvesting" });
    }
    await repo.finish(source.id, source.runId, new Date(now.getTime() + source.interval_minutes * 60_000), { ...counts, error });
    await deps.audit.record({
      action: "catalog.harvest.run",
      outcome: error ? "error" : "success",
      actorUserId: source.registered_by_user_id,
      actorOrganisationId: source.organisation_id,
      subjectType: "harvest_source",
      subjectId: source.id,
      detail: { source: source.url, run: source.runId, ...counts, by: "scheduler", ...(error && { error: error.code }) },
    });
    return { sourceId: source.id, runId: source.runId, ...counts, error: error?.code ?? null };
  }

  return {
    /** One pass of the timer as of `now`: every due source claimed here, run one after another. */
    async tick(now: Date = new Date()) {
      const claimed = await repo.claimDue(now);
      const runs = [];
      // One failing source is recorded and the next one runs.
      for (const source of claimed) runs.push(await runOne(source, now));
      return runs;
    },

    async register(actor: Actor, input: { url: string; organisationId: string; intervalMinutes: number }) {
      if (!mayRegister(actor, input.organisationId)) {
        throw errors.forbidden({ zh: "只有主管部门的目录编制员可以为本部门登记采集来源", en: "Only an authority's catalog editors may register harvest sources for it" });
      }
      const url = await deps.harvest.checkedSource(input.url);
      const inserted = await repo.insert({ url, organisationId: input.organisationId, intervalMinutes: input.intervalMinutes, userId: actor.userId });
      if (!inserted) throw new AppError(409, "harvest_source_exists", { zh: "该机构已登记此采集来源", en: "This source is already registered for the organisation" });
      return present((await repo.find(inserted.id))!);
    },

    async list(actor: Actor) {
      const rows = await repo.list(actor.platformAdmin ? "all" : actor.memberships.map((m) => m.organisationId));
      return rows.map(present);
    },

    async remove(actor: Actor, id: string) {
      const s = await visibleSource(actor, id);
      if (!mayRegister(actor, s.organisation_id)) throw errors.forbidden();
      await repo.remove(id);
      return s;
    },

    async runs(actor: Actor, id: string) {
      await visibleSource(actor, id);
      return (await repo.runs(id, 100)).map((r) => ({
        id: r.id,
        startedAt: new Date(r.started_at).toISOString(),
        finishedAt: r.finished_at && new Date(r.finished_at).toISOString(),
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        removed: r.removed,
        failed: r.failed,
        error: r.error_code ? { code: r.error_code, message: r.error_zh, messageEn: r.error_en } : null,
      }));
    },
  };
}

export type HarvestSchedule = ReturnType<typeof harvestSchedule>;

export function harvestScheduleRoutes(schedule: HarvestSchedule) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    // The timer of this instance; the advisory lock and claims keep instances from running a source twice.
    let timer: NodeJS.Timeout | undefined;
    app.addHook("onReady", async () => {
      timer = setInterval(() => schedule.tick().catch((err) => app.log.error(err)), HARVEST_TICK_MS).unref();
    });
    app.addHook("onClose", async () => clearInterval(timer));

    r.post(
      "/api/v1/harvest-sources",
      {
        config: { audit: { action: "catalog.harvest_source.register", subjectType: "harvest_source" } },
        schema: {
          tags: ["catalog"],
          operationId: "registerHarvestSource",
          summary: "Register a platform whose open catalog is harvested on a schedule (004 §9–10)",
          security: signedIn,
          body: sourceBody,
          response: { 201: harvestSource },
        },
      },
      async (request, reply) => {
        const source = await schedule.register(requireActor(request), request.body);
        request.auditExtra = { subjectId: source.id, detail: { url: source.url, organisationId: source.organisation.id, intervalMinutes: source.intervalMinutes } };
        return reply.code(201).send(source);
      },
    );
    r.get("/api/v1/harvest-sources", { schema: { tags: ["catalog"], operationId: "listHarvestSources", summary: "Harvest sources of the caller's organisations", security: signedIn, response: { 200: harvestSourceList } } }, async (request) => ({
      items: await schedule.list(requireActor(request)),
    }));
    r.delete(
      "/api/v1/harvest-sources/:id",
      {
        config: { audit: { action: "catalog.harvest_source.delete", subjectType: "harvest_source" } },
        schema: { tags: ["catalog"], operationId: "deleteHarvestSource", summary: "Stop harvesting a source (its entries stay)", security: signedIn, params: idParams, response: { 204: z.undefined().describe("No content") } },
      },
      async (request, reply) => {
        const removed = await schedule.remove(requireActor(request), request.params.id);
        request.auditExtra = { subjectId: removed.id, detail: { url: removed.url } };
        return reply.code(204).send();
      },
    );
    r.get("/api/v1/harvest-sources/:id/runs", { schema: { tags: ["catalog"], operationId: "listHarvestRuns", summary: "A harvest source's last 100 runs", security: signedIn, params: idParams, response: { 200: harvestRunList } } }, async (request) => ({
      items: await schedule.runs(requireActor(request), request.params.id),
    }));
  };
}
