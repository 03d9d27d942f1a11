import { FORMATS, type CatalogScope, type DatasetChange, type DatasetContent, type EntryStatus } from "@shuyuan/core";
import { sql, type AliasedRawBuilder, type RawBuilder, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool, type Transaction } from "kysely";
import type { DB } from "../db/schema";
import { entryLexemes, tsquery } from "./search-text";

type Q = Kysely<DB> | Transaction<DB>;
type EB = ExpressionBuilder<DB & { d: DB["datasets"] }, "d">;

export const FACETS = ["provider", "theme", "catalogKind", "openType", "shareType", "level", "format", "tag", "region", "updateFrequency"] as const;
export type Facet = (typeof FACETS)[number];

export interface CatalogFilters {
  /** Query lexemes (already segmented) and how to join them. */
  words?: { lexemes: string[]; join: "&" | "|" };
  scope: "open" | "share" | "own" | "all";
  provider?: string;
  theme?: string;
  catalogKind?: string;
  openType?: string;
  shareType?: string;
  level?: number;
  format?: string;
  tag?: string;
  region?: string;
  updateFrequency?: string;
  status?: EntryStatus;
}

export type CatalogSort = "relevance" | "newest" | "most_used" | "title";
export type FacetCounts = Record<Facet, { value: string; count: number; name?: string }[]>;

/**
 * How a search stays bounded (issue 5: p95 < 30 ms on 100k entries): a sample of about SAMPLE_ROWS rows
 * estimates the matches first. Up to BROAD of them (and at most EXACT_LIMIT in fact), one statement reads
 * every match once for the exact total, facets and relevance order. A broader search keeps the sample's
 * estimates and ranks its newest RANK_WINDOW matches (walking the newest-first index finds them within
 * RANK_WINDOW × rows ÷ matches rows): either way a search reads a few thousand rows at most.
 */
const SAMPLE_ROWS = 2000;
export const BROAD = 2500;
const EXACT_LIMIT = 5000;
const RANK_WINDOW = 100;
/** Published versions' contents kept in memory (oldest dropped first). */
const PUBLISHED_CACHE = 1000;
/** Values shown per facet. */
const FACET_VALUES = 50;

/** The scalar facet columns as grouping sets, plus () for the total. */
const GROUPED: [Exclude<Facet, "format" | "tag">, string][] = [
  ["provider", "provider_organisation_id"],
  ["theme", "theme"],
  ["catalogKind", "catalog_kind"],
  ["openType", "open_type"],
  ["shareType", "share_type"],
  ["level", "level"],
  ["region", "region_code"],
  ["updateFrequency", "update_frequency"],
];

type FacetSource = SelectQueryBuilder<DB & { d: DB["datasets"] }, "d", Pick<DB["datasets"], "formats" | "tags" | "theme">>;

/** A page by relevance, taken from the same matches: `matches` then also selects id, published_at and rank. */
interface RankedPage {
  limit: number;
  offset: number;
}

/**
 * The percentage of the table's pages that holds about SAMPLE_ROWS rows, from the planner's row count
 * (reltuples is -1 before the first ANALYZE: then the whole table).
 */
const samplePercent = sql<number>`(select case when reltuples > 0 then least(100, greatest(0.1, ${100 * SAMPLE_ROWS} / reltuples)) else 100 end
  from pg_class where oid = 'datasets'::regclass)::real`;

/**
 * Total and facet counts of `matches` in one statement, each scaled by `scale` (an SQL factor, for a
 * sample); with `ranked`, also the ids of that page by relevance. One pass groups the scalar columns
 * (GROUPING SETS); formats, a closed vocabulary, are counted by FILTER in one more pass, and only tags are
 * unnested (a lateral unnest per row cost about a third of the statement); the page is a top-N sort of
 * the matches, numbered after the limit.
 */
async function facetCounts(db: Kysely<DB>, matches: FacetSource, scale: RawBuilder<number>, ranked?: RankedPage): Promise<{ total: number; facets: FacetCounts; pageIds: string[] }> {
  const n = sql`round(count(*) * ${scale})::int`;
  const page = ranked
    ? sql`union all select 'page', id, (${ranked.offset} + row_number() over ())::int from (select id::text as id from m
        order by rank desc, published_at desc nulls last, id limit ${ranked.limit} offset ${ranked.offset}) p`
    : sql``;
  const label = sql.join(
    GROUPED.map(([facet, column]) => sql`when grouping(${sql.ref(column)}) = 0 then ${facet}`),
    sql` `,
  );
  const value = sql.join(GROUPED.map(([, column]) => sql`${sql.ref(column)}::text`));
  const sets = sql.join(GROUPED.map(([, column]) => sql`(${sql.ref(column)})`));
  const formatCounts = sql.join(FORMATS.map((format, i) => sql`round(count(*) filter (where ${sql.lit(format)} = any (formats)) * ${scale})::int as ${sql.ref(`f${i}`)}`));
  const formatRows = sql.join(FORMATS.map((format, i) => sql`(${sql.lit(format)}, f.${sql.ref(`f${i}`)})`));
  const { rows } = await sql<{ facet: string; value: string | null; n: number; name: string | null }>`
    with m as materialized (${matches})
    select c.facet, c.value, c.n, o.name
    from (
      select case ${label} else 'total' end as facet, coalesce(${value}) as value, ${n} as n
      from m group by grouping sets (${sets}, ())
      union all select 'format', v.value, v.n from (select ${formatCounts} from m) f cross join lateral (values ${formatRows}) v(value, n) where v.n > 0
      union all select 'tag', tag, ${n} from (select unnest(tags) as tag from m) t group by tag
      ${page}
    ) c
    left join organisations o on c.facet = 'provider' and o.id::text = c.value`.execute(db);
  const facets = Object.fromEntries(FACETS.map((f) => [f, [] as FacetCounts[Facet]])) as FacetCounts;
  const pageIds: string[] = [];
  let total = 0;
  for (const r of rows) {
    if (r.facet === "page") pageIds[r.n - 1 - ranked!.offset] = r.value!;
    else if (r.facet === "total") total = r.n;
    else if (r.value !== null) facets[r.facet as Facet].push({ value: r.value, count: r.n, ...(r.facet === "provider" ? { name: r.name ?? r.value } : {}) });
  }
  for (const values of Object.values(facets)) values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).splice(FACET_VALUES);
  return { total, facets, pageIds };
}


const listColumns = [
  "d.id",
  "d.code",
  "d.title",
  "d.summary",
  "d.provider_organisation_id",
  "o.name as provider_name",
  "d.region_code",
  "d.catalog_kind",
  "d.theme",
  "d.share_type",
  "d.open_type",
  "d.level",
  "d.formats",
  "d.update_frequency",
  "d.tags",
  "d.status",
  "d.version",
  "d.published_at",
  "d.updated_at",
  "d.usage_count",
  "d.revoke_on",
  "d.review_case_id",
  "d.last_loaded_at",
] as const;

/** The listing columns of `content`, with its search lexemes. */
function listing(content: DatasetContent, providerName: string) {
  const w = entryLexemes(content, providerName);
  return {
    title: content.title,
    summary: content.summary,
    catalog_kind: content.catalogKind,
    theme: content.theme ?? null,
    share_type: content.shareType,
    open_type: content.openType,
    level: content.level,
    formats: content.formats,
    update_frequency: content.updateFrequency,
    tags: content.tags,
    search: sql<string>`setweight(array_to_tsvector(${w.a}::text[]), 'A') || setweight(array_to_tsvector(${w.b}::text[]), 'B') || setweight(array_to_tsvector(${w.c}::text[]), 'C')`,
  };
}

const none = "00000000-0000-0000-0000-000000000000";

/** Who sees which rows (core's catalogScope) as a predicate, narrowed by the requested scope. */
function visible(eb: EB, scope: CatalogScope, requested: CatalogFilters["scope"]): Expression<SqlBool> {
  // core's isServing: a published version exists and the entry is not revoked
  const serving = eb.and([eb("d.version", "is not", null), eb("d.status", "!=", "revoked")]);
  const open = eb.and([serving, eb("d.open_type", "!=", "none")]);
  const share = eb.and([serving, eb("d.share_type", "!=", "none")]);
  const own = eb("d.provider_organisation_id", "in", scope.ownOrganisationIds.length ? scope.ownOrganisationIds : [none]);
  switch (requested) {
    case "open":
      return open;
    case "share":
      return share;
    case "own":
      return own;
    default: {
      const any: Expression<SqlBool>[] = [open, own];
      if (scope.shareCatalog) any.push(share);
      const prefixes = scope.supervisedRegionPrefixes;
      if (prefixes === null) return eb.lit(true);
      for (const p of prefixes) any.push(eb("d.region_code", "like", `${p}%`));
      return eb.or(any);
    }
  }
}

function filtered(eb: EB, scope: CatalogScope, f: CatalogFilters) {
  const conds: Expression<SqlBool>[] = [visible(eb, scope, f.scope)];
  if (f.words?.lexemes.length) conds.push(sql<boolean>`d.search @@ ${tsquery(f.words.lexemes, f.words.join)}::tsquery`);
  if (f.provider) conds.push(eb("d.provider_organisation_id", "=", f.provider));
  if (f.theme) conds.push(eb("d.theme", "=", f.theme));
  if (f.catalogKind) conds.push(eb("d.catalog_kind", "=", f.catalogKind));
  if (f.openType) conds.push(eb("d.open_type", "=", f.openType));
  if (f.shareType) conds.push(eb("d.share_type", "=", f.shareType));
  if (f.level) conds.push(eb("d.level", "=", f.level));
  if (f.format) conds.push(sql<boolean>`${f.format} = any (d.formats)`);
  if (f.tag) conds.push(sql<boolean>`${f.tag} = any (d.tags)`);
  if (f.region) conds.push(eb("d.region_code", "like", `${f.region.replace(/(00)+$/, "")}%`));
  if (f.updateFrequency) conds.push(eb("d.update_frequency", "=", f.updateFrequency));
  if (f.status) conds.push(eb("d.status", "=", f.status));
  return eb.and(conds);
}

/** All SQL of the catalog module. */
export function catalogRepository(db: Kysely<DB>) {
  const base = (q: Q = db) => q.selectFrom("datasets as d").innerJoin("organisations as o", "o.id", "d.provider_organisation_id");
  const published = new Map<string, DatasetContent>();

  return {
    db,

    /** The entry's row; `row_version` (its xmin) changes whenever the row does, for caches that must notice. */
    findById: (id: string, q: Q = db) =>
      base(q)
        .select([...listColumns, "d.draft", "d.draft_revision", "d.draft_saved_at", sql<string>`d.xmin::text`.as("row_version")])
        .where("d.id", "=", id)
        .executeTakeFirst(),

    /** The row locked for an update inside `trx` (editors and review effects serialise on it). */
    lock: (trx: Transaction<DB>, id: string) =>
      trx
        .selectFrom("datasets")
        .select(["id", "code", "title", "status", "draft", "draft_revision", "version", "provider_organisation_id", "review_case_id", "usage_count"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst(),

    codeTaken: async (code: string, exceptId?: string, q: Q = db) =>
      !!(await q
        .selectFrom("datasets")
        .select("id")
        .where(sql`lower(code)`, "=", code.toLowerCase())
        .$if(!!exceptId, (qb) => qb.where("id", "!=", exceptId!))
        .executeTakeFirst()),

    organisation: (id: string, q: Q = db) => q.selectFrom("organisations").select(["id", "name", "kind", "region_code"]).where("id", "=", id).executeTakeFirst(),

    async insertDraft(content: DatasetContent, provider: { id: string; name: string; region_code: string }, q: Q = db) {
      const { id } = await q
        .insertInto("datasets")
        .values({
          code: content.code,
          provider_organisation_id: provider.id,
          region_code: provider.region_code,
          status: "draft",
          draft: JSON.stringify(content),
          draft_saved_at: sql`now()` as never,
          ...listing(content, provider.name),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return id;
    },

    /** Saves the working copy if its revision is still `expectedRevision`; the listing follows it until first publication. */
    async saveDraft(id: string, expectedRevision: number, content: DatasetContent, providerName: string, published: boolean, q: Q = db) {
      const r = await q
        .updateTable("datasets")
        .set({
          draft: JSON.stringify(content),
          draft_revision: sql`draft_revision + 1`,
          draft_saved_at: sql`now()`,
          updated_at: sql`now()`,
          ...(published ? {} : { code: content.code, ...listing(content, providerName) }),
        })
        .where("id", "=", id)
        .where("draft_revision", "=", expectedRevision)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    setStatus: (trx: Transaction<DB>, id: string, status: EntryStatus, extra: { review_case_id?: string | null; revoke_on?: string | null } = {}) =>
      trx.updateTable("datasets").set({ status, updated_at: sql`now()`, ...extra }).where("id", "=", id).execute(),

    /** Publishes the working copy as the next version: frozen with its diff, the listing switched to it. */
    async publish(
      trx: Transaction<DB>,
      id: string,
      v: { version: number; content: DatasetContent; changes: DatasetChange[]; changeSummary: string | null; reviewCaseId: string | null; userId: string | null; providerName: string; status: EntryStatus },
    ) {
      await trx
        .insertInto("dataset_versions")
        .values({
          dataset_id: id,
          version: v.version,
          content: JSON.stringify(v.content),
          changes: JSON.stringify(v.changes),
          change_summary: v.changeSummary,
          review_case_id: v.reviewCaseId,
          published_by_user_id: v.userId,
        })
        .execute();
      await trx
        .updateTable("datasets")
        .set({
          status: v.status,
          version: v.version,
          published_at: sql`now()`,
          updated_at: sql`now()`,
          draft: null,
          review_case_id: null,
          ...listing(v.content, v.providerName),
        })
        .where("id", "=", id)
        .execute();
    },

    /**
     * A published version's content (not to be modified): versions never change, so those read outside a
     * transaction — committed for good — are cached (every data read needs one).
     */
    async publishedContent(id: string, version: number, q: Q = db): Promise<DatasetContent | undefined> {
      const key = `${id}@${version}`;
      const hit = published.get(key);
      if (hit) return hit;
      const row = await q.selectFrom("dataset_versions").select("content").where("dataset_id", "=", id).where("version", "=", version).executeTakeFirst();
      const content = row?.content as DatasetContent | undefined;
      if (content && q === db) {
        if (published.size >= PUBLISHED_CACHE) published.delete(published.keys().next().value!);
        published.set(key, content);
      }
      return content;
    },

    versions: (id: string) =>
      db
        .selectFrom("dataset_versions as v")
        .leftJoin("users as u", "u.id", "v.published_by_user_id")
        .select(["v.version", "v.changes", "v.change_summary", "v.published_at", "v.review_case_id", "u.id as user_id", "u.name as user_name"])
        .where("v.dataset_id", "=", id)
        .orderBy("v.version", "desc")
        .execute(),

    version: (id: string, version: number) =>
      db
        .selectFrom("dataset_versions")
        .select(["version", "content", "changes", "change_summary", "published_at"])
        .where("dataset_id", "=", id)
        .where("version", "=", version)
        .executeTakeFirst(),

    /**
     * A page of visible entries in `sort` order. Relevance here is the broad search's: the newest
     * RANK_WINDOW matches ranked (widened for deep pages); `counts` ranks the others exactly.
     */
    async page(scope: CatalogScope, f: CatalogFilters, sort: CatalogSort, limit: number, offset: number) {
      const where = (eb: EB) => filtered(eb, scope, f);
      if (sort === "relevance" && f.words?.lexemes.length) {
        const query = tsquery(f.words.lexemes, f.words.join);
        const window = Math.ceil((offset + limit) / RANK_WINDOW) * RANK_WINDOW;
        // The match is wrapped so that PostgreSQL walks the newest-first index instead of the search index:
        // it estimates several correlated words (统一 社会 信用 代码) as rare and would otherwise visit every match.
        const candidates = db
          .selectFrom("datasets as d")
          .select(["d.id", "d.published_at", sql<number>`ts_rank(d.search, ${query}::tsquery, 1)`.as("rank")])
          .where((eb) => filtered(eb, scope, { ...f, words: undefined }))
          .where(sql<boolean>`coalesce(d.search @@ ${query}::tsquery, false)`)
          .orderBy("d.published_at", (ob) => ob.desc().nullsLast())
          .orderBy("d.id")
          .limit(window);
        return base()
          .innerJoin(candidates.as("c"), "c.id", "d.id")
          .select(listColumns)
          .orderBy("c.rank", "desc")
          .orderBy("c.published_at", (ob) => ob.desc().nullsLast())
          .orderBy("c.id")
          .limit(limit)
          .offset(offset)
          .execute();
      }
      let page = base().where(where).select(listColumns);
      if (sort === "most_used") page = page.orderBy("d.usage_count", "desc");
      if (sort === "title") page = page.orderBy("d.title");
      return page.orderBy("d.published_at", (ob) => ob.desc().nullsLast()).orderBy("d.id").limit(limit).offset(offset).execute();
    },

    /**
     * The number of visible, filtered entries and their facets, exact for up to BROAD matches (the sample
     * decides), estimated from a fixed sample of the table's pages beyond (never counting every row of a
     * broad query, the COUNT(*) problem of CKAN's listing). With `ranked`, an exact answer also carries that
     * page's ids by relevance (every match ranked); otherwise, or when estimated, `page` gives the rows.
     */
    async counts(scope: CatalogScope, f: CatalogFilters, ranked?: RankedPage): Promise<{ total: number; exact: boolean; facets: FacetCounts; pageIds: string[] | null }> {
      const columns = ["d.theme", "d.catalog_kind", "d.open_type", "d.share_type", "d.level", "d.region_code", "d.update_frequency", "d.provider_organisation_id", "d.formats", "d.tags"] as const;
      // REPEATABLE: the same pages every time, so estimates do not jitter between requests.
      const sample = sql<DB["datasets"]>`(select * from datasets tablesample system (${samplePercent}) repeatable (0))`.as("d");
      const estimated = await facetCounts(db, db.selectFrom(sample).where((eb) => filtered(eb, scope, f)).select(columns), sql`100 / ${samplePercent}`);
      if (estimated.total <= BROAD) {
        let matches = db.selectFrom("datasets as d").where((eb) => filtered(eb, scope, f)).select(columns);
        if (ranked && f.words?.lexemes.length) {
          matches = matches.select(["d.id", "d.published_at", sql<number>`ts_rank(d.search, ${tsquery(f.words.lexemes, f.words.join)}::tsquery, 1)`.as("rank")]) as never;
        }
        const exact = await facetCounts(db, matches.limit(EXACT_LIMIT + 1), sql`1`, ranked && f.words?.lexemes.length ? ranked : undefined);
        if (exact.total <= EXACT_LIMIT) return { ...exact, exact: true, pageIds: ranked && f.words?.lexemes.length ? exact.pageIds : null };
        // The sample underestimated: there are more than EXACT_LIMIT.
        return { ...estimated, total: Math.max(EXACT_LIMIT + 1, estimated.total), exact: false, pageIds: null };
      }
      return { ...estimated, exact: false, pageIds: null };
    },

    /** Listing rows of `ids`, in that order. */
    async byIds(ids: readonly string[]) {
      if (!ids.length) return [];
      const rows = await base().select(listColumns).where("d.id", "in", ids).execute();
      const at = new Map(ids.map((id, i) => [id, i]));
      return rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
    },

    /** Entries awaiting review by one of `authorityIds` (the review case's authority). */
    reviewQueue: async (authorityIds: string[], limit: number, offset: number) => {
      const q = base()
        .innerJoin("cases as c", "c.id", "d.review_case_id")
        .where("c.authority_organisation_id", "in", authorityIds.length ? authorityIds : [none])
        .where("c.terminal", "=", false);
      const [rows, total] = await Promise.all([
        q
          .select([...listColumns, "c.state as case_state", "c.opened_on", "c.version as case_version"])
          .orderBy("c.opened_on")
          .orderBy("c.id")
          .limit(limit)
          .offset(offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    /** The open (non-terminal) case of a kind about an entry, if any. */
    openCase: (kind: string, datasetId: string, q: Q = db) =>
      q
        .selectFrom("cases")
        .select(["id", "state", "version"])
        .where("kind", "=", kind)
        .where("subject_type", "=", "dataset")
        .where("subject_id", "=", datasetId)
        .where("terminal", "=", false)
        .orderBy("created_at", "desc")
        .executeTakeFirst(),

    /** A department's published open entries with their latest content (开放清单, 001 §11). */
    openList: (organisationId: string) =>
      db
        .selectFrom("datasets as d")
        .innerJoin("dataset_versions as v", (j) => j.onRef("v.dataset_id", "=", "d.id").onRef("v.version", "=", "d.version"))
        .select(["d.id", "d.code", "d.title", "d.open_type", "d.formats", "d.update_frequency", "v.content"])
        .where("d.provider_organisation_id", "=", organisationId)
        .where("d.status", "!=", "revoked")
        .where("d.open_type", "!=", "none")
        .orderBy("d.code")
        .execute(),

    /** Entries by code (case-insensitive), for imports. */
    byCodes: (codes: string[], q: Q = db) =>
      codes.length
        ? q
            .selectFrom("datasets")
            .select(["id", "code", "provider_organisation_id", "status", "version", "draft_revision"])
            .where(sql`lower(code)`, "in", codes.map((c) => c.toLowerCase()))
            .execute()
        : Promise.resolve([]),

    /** What an export writes: the working copy for the provider's editors, else the published version. */
    contents: (ids: string[]) =>
      ids.length
        ? db
            .selectFrom("datasets as d")
            .innerJoin("organisations as o", "o.id", "d.provider_organisation_id")
            .leftJoin("dataset_versions as v", (j) => j.onRef("v.dataset_id", "=", "d.id").onRef("v.version", "=", "d.version"))
            .select(["d.id", "d.draft", "d.provider_organisation_id", "d.status", "d.version", "v.content", "o.name as provider_name"])
            .where("d.id", "in", ids)
            .execute()
        : Promise.resolve([]),

    /**
     * Serving entries of these organisations or regions whose data is older than their update frequency
     * allows (001 §15), or was never loaded; `days` is core's FREQUENCY_DAYS for the scheduled frequencies.
     */
    async stale(f: { organisationIds: string[]; regionPrefixes: string[] | null }, days: Record<string, number>, today: string, limit: number, offset: number) {
      const schedule = Object.entries(days);
      const allowed = sql`case d.update_frequency ${sql.join(schedule.map(([k, v]) => sql`when ${k} then ${v}::int`), sql` `)} end`;
      const q = base()
        .where("d.update_frequency", "in", schedule.map(([k]) => k))
        .where("d.version", "is not", null)
        .where("d.status", "!=", "revoked")
        .where((eb) => {
          const scope: Expression<SqlBool>[] = [eb("d.provider_organisation_id", "in", f.organisationIds.length ? f.organisationIds : [none])];
          if (f.regionPrefixes === null) return eb.lit(true);
          for (const p of f.regionPrefixes) scope.push(eb("d.region_code", "like", `${p}%`));
          return eb.or(scope);
        })
        .where((eb) => eb.or([eb("d.last_loaded_at", "is", null), sql<boolean>`(d.last_loaded_at at time zone 'Asia/Shanghai')::date + ${allowed} < ${today}::date`]));
      const [rows, total] = await Promise.all([
        q.select(listColumns).orderBy("d.last_loaded_at", (ob) => ob.asc().nullsFirst()).orderBy("d.id").limit(limit).offset(offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },

    /** Entries whose revocation grace period has ended by `today` (004 §16). */
    dueForRevocation: (today: string) =>
      db.selectFrom("datasets").select(["id"]).where("status", "=", "revoking").where("revoke_on", "<=", today).execute(),

    /** Counts a use of the entry's data (004 §16 "in use"; "most used" sorting). */
    recordUse: (id: string, n = 1) => db.updateTable("datasets").set({ usage_count: sql`usage_count + ${n}` as never }).where("id", "=", id).execute(),

    /** Remembers who used entries' data, to tell them of a revocation (004 §16). */
    recordUsers: async (uses: readonly { datasetId: string; userId: string }[]) => {
      if (!uses.length) return;
      await db
        .insertInto("dataset_users")
        .values(uses.map((u) => ({ dataset_id: u.datasetId, user_id: u.userId })))
        .onConflict((oc) => oc.columns(["dataset_id", "user_id"]).doUpdateSet({ last_used_at: sql`now()` }))
        .execute();
    },

    entryUsers: async (trx: Q, datasetId: string) =>
      (await trx.selectFrom("dataset_users").select("user_id").where("dataset_id", "=", datasetId).execute()).map((r) => r.user_id),
  };
}

export type CatalogRepository = ReturnType<typeof catalogRepository>;
export type DatasetRow = Awaited<ReturnType<CatalogRepository["page"]>>[number];
