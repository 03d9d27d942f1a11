// The catalog's decisions, in order: who may (core's catalogScope / mayEditEntries), is the entry
// complete and well classified (core's checkDataset), and what the review, update and revocation cases
// do to an entry (effects run inside each transition's transaction, so an entry never disagrees with its case).
import {
  catalogScope,
  checkDataset,
  diffDatasets,
  FREQUENCY_DAYS,
  freshness,
  graceEndsOn,
  supervisedRegionPrefixes,
  mayEditEntries,
  REVIEWER_ROLES,
  type Bilingual,
  type DatasetContent,
  type EntryStatus,
  type FieldError,
  type Profile,
  type UpdateFrequency,
} from "@shuyuan/core";
import { todayInChina } from "../cases/service";
import type { Transaction } from "kysely";
import type { CaseEffects, CaseService, TransitionContext } from "../cases/service";
import type { DB } from "../db/schema";
import { AppError, errors } from "../http/errors";
import type { Actor } from "../identity/actor";
import { regions } from "../regions/regions";
import { presentFacets, presentSummary, presentVersion } from "./presenter";
import type { CatalogFilters, CatalogRepository, CatalogSort } from "./repository";
import { readableBy } from "./entry";
import { queryLexemes } from "./search-text";

const ENTRY: Bilingual = { zh: "目录条目", en: "Catalog entry" };

export type AuditNote = (extra: Record<string, unknown>) => void;

export interface SearchQuery extends Omit<CatalogFilters, "words" | "scope"> {
  q?: string;
  scope?: CatalogFilters["scope"];
  sort: CatalogSort;
  page: number;
  pageSize: number;
}

/** Core's field errors as the API's, with paths under `content.`. */
function contentErrors(list: readonly FieldError[]) {
  return list.map((e) => ({ path: `content.${e.path}`, message: e.message.zh, messageEn: e.message.en }));
}

export function checkedContent(input: unknown): { content: DatasetContent; warnings: ReturnType<typeof contentErrors> } {
  const r = checkDataset(input);
  if (!r.ok) throw errors.invalid(contentErrors(r.errors));
  return { content: r.content, warnings: contentErrors(r.warnings) };
}

const conflict = (code: string, zh: string, en: string) => errors.conflict(code, { zh, en });

const duplicateCode = (code: string) =>
  new AppError(409, "duplicate_code", { zh: `目录编码"${code}"已被使用`, en: `Catalog code "${code}" is already taken` }, { fields: [{ path: "content.code", message: "目录编码已被使用", messageEn: "Code already taken" }] });

export function catalogService(deps: { repo: CatalogRepository; cases: CaseService; profile: Profile; today: () => string }) {
  const { repo, cases, profile } = deps;

  async function load(actor: Actor | null, id: string) {
    const row = await repo.findById(id);
    if (!row) throw errors.notFound(ENTRY);
    // Drafts of another organisation are as absent as a missing entry.
    if (!readableBy(actor, row)) throw errors.notFound(ENTRY);
    return row;
  }

  async function loadEditable(actor: Actor, id: string) {
    const row = await load(actor, id);
    if (!mayEditEntries(actor, row.provider_organisation_id)) {
      throw errors.forbidden({ zh: "只有提供部门的目录编制员可以修改本条目", en: "Only the providing organisation's catalog editors may change this entry" });
    }
    return row;
  }

  async function detail(actor: Actor | null, id: string) {
    const row = await load(actor, id);
    const editor = !!actor && mayEditEntries(actor, row.provider_organisation_id);
    const [content, review, update, revocation] = await Promise.all([
      row.version ? repo.publishedContent(id, row.version) : Promise.resolve(undefined),
      actor ? repo.openCase("catalog_review", id) : undefined,
      actor ? repo.openCase("catalog_update", id) : undefined,
      actor ? repo.openCase("catalog_revocation", id) : undefined,
    ]);
    const reviewer = !!actor && !!review && (await isReviewer(actor, review.id));
    const status = row.status as EntryStatus;
    return {
      ...presentSummary(row),
      content: content ?? null,
      // The reviewing authority reads the submitted working copy while its review is open.
      draft: (editor || reviewer) && row.draft ? { content: row.draft as DatasetContent, revision: row.draft_revision, savedAt: row.draft_saved_at?.toISOString() ?? null } : null,
      draftRevision: editor ? row.draft_revision : null,
      review: review ? { caseId: review.id, state: review.state } : null,
      pending: {
        update: update ? { caseId: update.id, state: update.state } : null,
        revocation: revocation ? { caseId: revocation.id, state: revocation.state } : null,
      },
      revokeOn: row.revoke_on,
      freshness: freshnessOf(row),
      permissions: {
        edit: editor && ["draft", "revision_requested", "published"].includes(status),
        submit: editor && !!row.draft && ["draft", "revision_requested", "published"].includes(status),
        review: reviewer && review?.state === "under_review",
        requestRevocation: editor && status === "published" && !revocation,
        recordChange: editor && status === "published" && !update,
      },
    };
  }

  /** 001 §15: how the entry's last load compares with its declared update frequency. */
  function freshnessOf(row: { update_frequency: string; last_loaded_at: Date | null }) {
    return freshness(row.update_frequency as UpdateFrequency, row.last_loaded_at ? todayInChina(new Date(row.last_loaded_at)) : null, deps.today());
  }

  async function isReviewer(actor: Actor, caseId: string) {
    const c = await cases.get(actor, caseId).catch(() => null);
    return !!c && c.you.actions.some((a) => a.name === "approve");
  }

  /** The reviewing authority (004 §12): the same level's for a department, the level above's for an authority. */
  async function reviewerFor(provider: { id: string; kind: string; region_code: string }) {
    if (provider.kind !== "authority") return cases.authorityFor(provider.region_code);
    const parent = regions().get(provider.region_code)?.parentCode;
    // The province's own catalog is compiled and published by the provincial authority (004 §12 ¶1).
    return parent ? ((await cases.authorityFor(parent)) ?? provider.id) : provider.id;
  }

  /** Records the case step on the dataset route's audit entry, keeping the route's action and subject. */
  const caseNote = (note: AuditNote) => (extra: { action?: string; subjectId?: string | null }) =>
    note({ detail: { caseAction: extra.action, caseId: extra.subjectId } });

  // ---- effects of the catalog's case kinds ----------------------------------------------------------

  async function locked(trx: Transaction<DB>, ctx: TransitionContext) {
    const id = ctx.subject?.type === "dataset" ? ctx.subject.id : (ctx.data.datasetId as string | undefined);
    const row = id ? await repo.lock(trx, id) : undefined;
    if (!row) throw errors.notFound(ENTRY);
    return row;
  }

  const reviewEffects: CaseEffects = {
    opensVia: { zh: "目录条目的\"提交审核\"（POST /api/v1/datasets/{id}/submit）", en: "the entry's submit (POST /api/v1/datasets/{id}/submit)" },
    async apply(trx, ctx) {
      const row = await locked(trx, ctx);
      switch (ctx.action) {
        case "submit":
        case "resubmit":
          if (!row.draft) throw conflict("nothing_to_submit", "没有待提交的修改", "There is no working copy to submit");
          await repo.setStatus(trx, row.id, "under_review", { review_case_id: ctx.caseId });
          return;
        case "request_revision":
          await repo.setStatus(trx, row.id, "revision_requested");
          return;
        case "withdraw":
          await repo.setStatus(trx, row.id, row.version ? "published" : "draft", { review_case_id: null });
          return;
        case "approve": {
          const content = row.draft as DatasetContent;
          const before = row.version ? ((await repo.publishedContent(row.id, row.version, trx)) ?? null) : null;
          const provider = await repo.organisation(row.provider_organisation_id, trx);
          const summary = await trx.selectFrom("datasets").select("draft_change_summary").where("id", "=", row.id).executeTakeFirst();
          await repo.publish(trx, row.id, {
            version: (row.version ?? 0) + 1,
            content,
            changes: diffDatasets(before, content),
            changeSummary: summary?.draft_change_summary ?? null,
            reviewCaseId: ctx.caseId,
            userId: ctx.actorUserId,
            providerName: provider?.name ?? "",
            status: "published",
          });
          return;
        }
      }
    },
  };

  const updateEffects: CaseEffects = {
    opensVia: { zh: "目录条目的\"登记变化\"（POST /api/v1/datasets/{id}/changes）", en: "the entry's change record (POST /api/v1/datasets/{id}/changes)" },
    async apply(trx, ctx) {
      const row = await locked(trx, ctx);
      if (ctx.action === "report_change" && row.status !== "published" && row.status !== "under_review" && row.status !== "revision_requested") {
        throw conflict("not_published", "只有已发布的条目需要按变化更新", "Only a published entry is updated after a change");
      }
    },
  };

  /** Tells an entry's users (those who read its data) of its revocation (004 §16). */
  async function tellUsers(trx: Transaction<DB>, row: { id: string; title: string; code: string }, action: string, message: { zh: string; en: string }) {
    await cases.notifyUsers(trx, await repo.entryUsers(trx, row.id), { action, ...message });
  }

  const revocationEffects: CaseEffects = {
    opensVia: { zh: "目录条目的\"申请撤销\"（POST /api/v1/datasets/{id}/revocation）", en: "the entry's revocation request (POST /api/v1/datasets/{id}/revocation)" },
    async apply(trx, ctx) {
      const row = await locked(trx, ctx);
      const inUse = Number(row.usage_count) > 0;
      const months = profile.revokedEntryGraceMonths;
      switch (ctx.action) {
        case "request":
          if (row.status !== "published") throw conflict("not_published", "只有已发布、未在审核中的条目可以申请撤销", "Only a published entry not under review can be revoked");
          return;
        case "approve":
          if (inUse && months !== null) {
            throw conflict("entry_in_use", `该条目已被使用，须继续提供 ${months} 个月后再撤销（004 §16）：请选择"同意撤销（继续提供后撤销）"`, `The entry is in use: it must be served ${months} more months before it is revoked (004 §16); approve with the grace period`);
          }
          await repo.setStatus(trx, row.id, "revoked", { revoke_on: ctx.effectiveOn });
          return;
        case "approve_with_grace": {
          if (months === null) throw conflict("no_grace_period", "本辖区配置未规定撤销过渡期，请直接同意撤销", "This jurisdiction's profile sets no grace period: approve the revocation");
          if (!inUse) throw conflict("entry_not_in_use", "该条目未被使用，可直接撤销（004 §16）", "The entry is not in use: it is revoked at once (004 §16)");
          const revokeOn = graceEndsOn(ctx.effectiveOn, months);
          await repo.setStatus(trx, row.id, "revoking", { revoke_on: revokeOn });
          await tellUsers(trx, row, "catalog.revoking", {
            zh: `您使用的数据目录"${row.title}"（${row.code}）已批准撤销，将继续提供至 ${revokeOn}（004 §16）`,
            en: `"${row.title}" (${row.code}), whose data you use, is being revoked: it is served until ${revokeOn} (004 §16)`,
          });
          return;
        }
        case "complete":
          await repo.setStatus(trx, row.id, "revoked");
          await tellUsers(trx, row, "catalog.revoked", {
            zh: `您使用的数据目录"${row.title}"（${row.code}）已撤销，不再提供数据（004 §16）`,
            en: `"${row.title}" (${row.code}), whose data you used, is revoked and no longer served (004 §16)`,
          });
          return;
      }
    },
  };

  cases.registerEffects("catalog_review", reviewEffects);
  cases.registerEffects("catalog_update", updateEffects);
  cases.registerEffects("catalog_revocation", revocationEffects);

  async function caseVersion(actor: Actor, caseId: string) {
    return (await cases.get(actor, caseId)).version;
  }

  return {
    async search(actor: Actor | null, query: SearchQuery) {
      const scope = catalogScope(actor);
      const requested = actor ? (query.scope ?? "all") : "open";
      if (requested === "share" && !scope.shareCatalog) {
        throw errors.forbidden({ zh: "共享目录仅向政务部门开放（002 §10）", en: "The share catalog is for government departments (002 §10)" });
      }
      const lexemes = query.q ? queryLexemes(query.q) : [];
      const filters: CatalogFilters = { ...query, scope: requested, words: lexemes.length ? { lexemes, join: "&" } : undefined };
      const offset = (query.page - 1) * query.pageSize;
      const ranked = query.sort === "relevance" ? { limit: query.pageSize, offset } : undefined;
      let counts = await repo.counts(scope, filters, ranked);
      // Nothing has every word: fall back to any word, ranked by how many match.
      if (counts.total === 0 && lexemes.length > 1) {
        filters.words = { lexemes, join: "|" };
        counts = await repo.counts(scope, filters, ranked);
      }
      const rows = counts.pageIds ? await repo.byIds(counts.pageIds) : await repo.page(scope, filters, query.sort, query.pageSize, offset);
      return {
        items: rows.map((r) => presentSummary(r, lexemes)),
        total: counts.total,
        totalExact: counts.exact,
        page: query.page,
        pageSize: query.pageSize,
        facets: presentFacets(counts.facets),
      };
    },

    get: detail,

    async create(actor: Actor, body: { providerOrganisationId?: string; content: unknown }, note: AuditNote) {
      const providerId = body.providerOrganisationId ?? actor.memberships.find((m) => mayEditEntries(actor, m.organisationId))?.organisationId;
      if (!providerId || !mayEditEntries(actor, providerId)) {
        throw errors.forbidden({ zh: "只有政务部门或主管部门的目录编制员可以编制目录", en: "Only catalog editors of a department or authority may compile entries" });
      }
      const provider = await repo.organisation(providerId);
      if (!provider) throw errors.notFound({ zh: "机构", en: "Organisation" });
      const { content, warnings } = checkedContent(body.content);
      if (await repo.codeTaken(content.code)) throw duplicateCode(content.code);
      const id = await repo.insertDraft(content, provider);
      note({ subjectId: id, datasetId: id, detail: { code: content.code } });
      return { dataset: await detail(actor, id), warnings };
    },

    async saveDraft(actor: Actor, id: string, body: { content: unknown; expectedRevision: number }, note: AuditNote) {
      const row = await loadEditable(actor, id);
      note({ datasetId: id });
      if (!["draft", "revision_requested", "published"].includes(row.status)) {
        throw conflict("not_editable", "条目审核中或已撤销，不能修改（可先撤回提交）", "The entry is under review or revoked and cannot be edited (withdraw the submission first)");
      }
      const { content, warnings } = checkedContent(body.content);
      if (row.version && content.code !== row.code) {
        throw errors.field("content.code", { zh: "已发布条目的目录编码不能修改", en: "A published entry's code cannot change" });
      }
      if (content.code !== row.code && (await repo.codeTaken(content.code, id))) throw duplicateCode(content.code);
      const saved = await repo.saveDraft(id, body.expectedRevision, content, row.provider_name, row.version !== null);
      if (!saved) throw conflict("revision_conflict", "条目已被他人修改，请刷新后重试", "Someone else saved this entry meanwhile; reload and retry");
      return { dataset: await detail(actor, id), warnings };
    },

    async submit(actor: Actor, id: string, body: { changeSummary?: string }, note: AuditNote) {
      const row = await loadEditable(actor, id);
      note({ datasetId: id });
      if (!row.draft) throw conflict("nothing_to_submit", "没有待提交的修改", "There is no working copy to submit");
      const { content } = checkedContent(row.draft);
      if (row.version) {
        const published = await repo.publishedContent(id, row.version);
        if (published && diffDatasets(published, content).length === 0) throw conflict("no_changes", "与已发布版本相比没有修改", "Nothing differs from the published version");
      }
      if (body.changeSummary !== undefined) {
        await repo.db.updateTable("datasets").set({ draft_change_summary: body.changeSummary }).where("id", "=", id).execute();
      }
      const revision = row.draft_revision;
      if (row.status === "revision_requested" && row.review_case_id) {
        await cases.act(actor, row.review_case_id, "resubmit", { expectedVersion: await caseVersion(actor, row.review_case_id), payload: { revision } }, caseNote(note));
      } else if (row.status === "draft" || row.status === "published") {
        const provider = await repo.organisation(row.provider_organisation_id);
        const reviewer = provider ? await reviewerFor(provider) : null;
        if (!reviewer) throw conflict("no_reviewer", "本级及上级均未设主管部门，无法提交审核", "No authority exists to review this entry");
        const caseView = await cases.open(
          actor,
          {
            kind: "catalog_review",
            asOrganisationId: row.provider_organisation_id,
            subject: { type: "dataset", id },
            title: `${content.code} ${content.title}`.slice(0, 200),
            payload: { datasetId: id, revision, ...(body.changeSummary ? { changeSummary: body.changeSummary } : {}) },
          },
          caseNote(note),
          { authorityOrganisationId: reviewer },
        );
        // 004 §15: submitting the update answers an open change record.
        const update = await repo.openCase("catalog_update", id);
        if (update) {
          await cases.act(actor, update.id, "submit_update", { expectedVersion: update.version, payload: { reviewCaseId: caseView.id } }, caseNote(note));
        }
      } else {
        throw conflict("not_submittable", "条目当前状态不能提交审核", "The entry cannot be submitted in its current state");
      }
      return { dataset: await detail(actor, id) };
    },

    async review(actor: Actor, id: string, body: { decision: "approve" | "request_revision"; comments?: string[]; expectedVersion?: number }, note: AuditNote) {
      const row = await load(actor, id);
      note({ datasetId: id });
      if (!row.review_case_id) throw conflict("not_under_review", "该条目没有待审核的提交", "The entry has no submission awaiting review");
      const payload = body.decision === "approve" ? {} : { comments: body.comments ?? [] };
      const expectedVersion = body.expectedVersion ?? (await caseVersion(actor, row.review_case_id));
      await cases.act(actor, row.review_case_id, body.decision, { expectedVersion, payload }, caseNote(note));
      return { dataset: await detail(actor, id) };
    },

    async recordChange(actor: Actor, id: string, body: { cause: "legal_change" | "duty_change"; description: string }, note: AuditNote) {
      const row = await loadEditable(actor, id);
      note({ datasetId: id });
      if (await repo.openCase("catalog_update", id)) throw conflict("update_pending", "该条目已有待完成的变更更新", "An update after a change is already pending for this entry");
      const provider = await repo.organisation(row.provider_organisation_id);
      const c = await cases.open(
        actor,
        { kind: "catalog_update", asOrganisationId: row.provider_organisation_id, subject: { type: "dataset", id }, title: `${row.code} ${row.title}`.slice(0, 200), payload: { datasetId: id, ...body } },
        caseNote(note),
        { authorityOrganisationId: (provider && (await reviewerFor(provider))) ?? undefined },
      );
      return { caseId: c.id };
    },

    async requestRevocation(actor: Actor, id: string, body: { reasons: string[] }, note: AuditNote) {
      const row = await loadEditable(actor, id);
      note({ datasetId: id });
      if (await repo.openCase("catalog_revocation", id)) throw conflict("revocation_pending", "该条目已有待审核的撤销申请", "A revocation request is already pending for this entry");
      const provider = await repo.organisation(row.provider_organisation_id);
      const c = await cases.open(
        actor,
        { kind: "catalog_revocation", asOrganisationId: row.provider_organisation_id, subject: { type: "dataset", id }, title: `${row.code} ${row.title}`.slice(0, 200), payload: { datasetId: id, reasons: body.reasons } },
        caseNote(note),
        { authorityOrganisationId: (provider && (await reviewerFor(provider))) ?? undefined },
      );
      return { caseId: c.id };
    },

    /** The authority's decision; an approval picks the grace period when the entry is in use (004 §16). */
    async decideRevocation(actor: Actor, id: string, body: { decision: "approve" | "refuse"; reasons?: string[] }, note: AuditNote) {
      const row = await load(actor, id);
      note({ datasetId: id });
      const pending = await repo.openCase("catalog_revocation", id);
      if (!pending) throw conflict("no_revocation", "该条目没有待审核的撤销申请", "The entry has no revocation request awaiting review");
      const action =
        body.decision === "refuse" ? "refuse" : Number(row.usage_count) > 0 && profile.revokedEntryGraceMonths !== null ? "approve_with_grace" : "approve";
      const payload = body.decision === "refuse" ? { reasons: body.reasons ?? [] } : {};
      await cases.act(actor, pending.id, action, { expectedVersion: pending.version, payload }, caseNote(note));
      return { dataset: await detail(actor, id) };
    },

    async versions(actor: Actor | null, id: string) {
      await load(actor, id);
      return { items: (await repo.versions(id)).map(presentVersion) };
    },

    async version(actor: Actor | null, id: string, version: number) {
      await load(actor, id);
      const v = await repo.version(id, version);
      if (!v) throw errors.notFound({ zh: "版本", en: "Version" });
      return { ...presentVersion(v), content: v.content as DatasetContent };
    },

    async reviewQueue(actor: Actor, f: { page: number; pageSize: number }) {
      const authorities = actor.memberships.filter((m) => m.organisationKind === "authority" && m.roles.some((r) => REVIEWER_ROLES.includes(r)));
      if (!authorities.length) throw errors.forbidden({ zh: "只有主管部门的审核员可以审核目录", en: "Only an authority's reviewers review catalog entries" });
      const { rows, total } = await repo.reviewQueue(authorities.map((m) => m.organisationId), f.pageSize, (f.page - 1) * f.pageSize);
      const items = await Promise.all(
        rows.map(async (r) => {
          const c = await cases.get(actor, r.review_case_id!);
          return { caseId: r.review_case_id!, state: r.case_state, openedOn: r.opened_on, clocks: c.clocks, dataset: presentSummary(r) };
        }),
      );
      return { items, total, page: f.page, pageSize: f.pageSize };
    },

    async openList(organisationId: string) {
      const org = await repo.organisation(organisationId);
      if (!org) throw errors.notFound({ zh: "机构", en: "Organisation" });
      const rows = await repo.openList(organisationId);
      return {
        organisation: { id: org.id, name: org.name },
        items: rows.map((r) => {
          const c = r.content as DatasetContent;
          return {
            id: r.id,
            code: r.code,
            title: r.title,
            openType: c.openType,
            openConditions: c.openConditions ?? null,
            formats: c.formats,
            updateFrequency: c.updateFrequency,
            fields: c.fields.map((f) => ({ name: f.name, title: f.title, type: f.type })),
          };
        }),
      };
    },

    /** 001 §15: serving entries whose data is overdue for its update, for their providers and supervising authorities. */
    async stale(actor: Actor, f: { page: number; pageSize: number }) {
      const organisationIds = actor.memberships.filter((m) => m.organisationKind === "department" || m.organisationKind === "authority").map((m) => m.organisationId);
      const regionPrefixes = supervisedRegionPrefixes(actor);
      if (!organisationIds.length && regionPrefixes !== null) {
        throw errors.forbidden({ zh: "只有政务部门和主管部门可以查看更新提醒", en: "Only departments and authorities see update reminders" });
      }
      const days = Object.fromEntries(Object.entries(FREQUENCY_DAYS).filter((e): e is [string, number] => e[1] !== null));
      const { rows, total } = await repo.stale({ organisationIds, regionPrefixes }, days, deps.today(), f.pageSize, (f.page - 1) * f.pageSize);
      return { items: rows.map((r) => ({ ...presentSummary(r), freshness: freshnessOf(r) })), total, page: f.page, pageSize: f.pageSize, asOf: deps.today() };
    },

    /** Revocations whose grace period ended (004 §16): the system completes them. */
    async sweep(today: string = deps.today()) {
      const done: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const { id } of await repo.dueForRevocation(today)) {
        const pending = await repo.openCase("catalog_revocation", id);
        try {
          // Another instance may complete it first: then this one's transition is refused, which is fine.
          if (pending && (await cases.actAsSystem(pending.id, "complete", { graceEndedOn: today }, today))) done.push(id);
        } catch (err) {
          failed.push({ id, error: (err as Error).message });
        }
      }
      return { revoked: done, failed };
    },
  };
}

export type CatalogService = ReturnType<typeof catalogService>;
