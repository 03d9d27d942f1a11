// The CKAN actions we answer (API v3, read side), each over the module that owns the answer: packages from
// the catalog search and get, organisations from the public directory, rows from the datastore service's
// single access decision. Names follow CKAN; parameters and results are CKAN's documented ones.
import {
  catalogOrder,
  CKAN_SORTS,
  ckanGroup,
  ckanOrganization,
  ckanPackage,
  ckanResource,
  DATASTORE_TYPES,
  parseDatastoreSearch,
  parseFq,
  pageWindow,
  THEMES,
  type PlatformUrls,
  type Profile,
  type Theme,
} from "@shuyuan/core";
import { z } from "zod";
import type { CatalogModule } from "../../catalog";
import type { CatalogFilters } from "../../catalog/repository";
import type { SearchQuery } from "../../catalog/service";
import type { DatastoreModule } from "../../datastore";
import { COUNT_CAP } from "../../datastore/repository";
import type { AuditNote } from "../../datastore/service";
import type { RouteAudit } from "../../http/audit-hook";
import type { Actor } from "../../identity/actor";
import type { OrganisationRepository } from "../../organisations/repository";
import { VERSION } from "../../version";
import type { InteropRepository } from "../repository";
import type { InteropService } from "../service";
import { CkanError } from "./envelope";
import { dict, flag, idParam, integer, list, text } from "./params";

export interface ActionContext {
  actor: Actor | null;
  urls: PlatformUrls;
  note: AuditNote;
}

/** A result the route sends as it is: JSON text PostgreSQL rendered, spliced into the envelope unparsed. */
export class RawResult {
  constructor(readonly json: string) {}
}

export interface CkanAction<S extends z.ZodType = z.ZodType> {
  summary: string;
  params: S;
  /** Reads of data are on the audit record like the data API's. */
  audit?: RouteAudit;
  run(input: z.output<S>, ctx: ActionContext): Promise<unknown>;
}

const action = <S extends z.ZodType>(a: CkanAction<S>) => a as unknown as CkanAction;

const notFound = (zh: string, en: string) => new CkanError(404, "Not Found Error", { zh, en });

/** CKAN's rows_max default, and ours for the catalog search. */
const ROWS_MAX = 1000;
/** CKAN's default page of organization_list with all_fields (ckan.group_and_organization_list_all_fields_max). */
const ALL_FIELDS_MAX = 25;

export interface ActionDeps {
  interop: InteropService;
  repo: InteropRepository;
  catalog: CatalogModule;
  datastore: DatastoreModule;
  organisations: OrganisationRepository;
  profile: Profile;
}

export function ckanActions(deps: ActionDeps): Record<string, CkanAction> {
  const { interop } = deps;

  /** The scope a caller's catalog search takes by default: everything visible to them, the open catalog to the public. */
  const scopeOf = (actor: Actor | null): CatalogFilters["scope"] => (actor ? "all" : "open");

  async function packageOf(ctx: ActionContext, idOrName: string) {
    const id = z.uuid().safeParse(idOrName).success ? idOrName : await interop.idOfName(idOrName);
    if (!id) throw notFound(`数据集"${idOrName}"不存在`, "Not found");
    return interop.dataset(ctx.actor, id, ctx.urls);
  }

  /** Visible entries of one organisation, counted by the catalog search. */
  async function packageCount(actor: Actor | null, provider: string) {
    return (await deps.catalog.service.search(actor, { scope: scopeOf(actor), provider, sort: "newest", page: 1, pageSize: 1 })).total;
  }

  async function organisation(id: string) {
    const org = z.uuid().safeParse(id).success ? await deps.organisations.findById(id) : undefined;
    // CKAN's organisations are the public directory's: authorities and departments.
    if (!org || (org.kind !== "authority" && org.kind !== "department")) throw notFound(`机构"${id}"不存在`, "Not found");
    return org;
  }

  const facetName = { organization: "provider", res_format: "format", groups: "theme", tags: "tag" } as const;

  const actions: Record<string, CkanAction> = {
    status_show: action({
      summary: "Platform name, version and extensions (as CKAN's status_show)",
      params: z.object({}),
      run: async (_input, ctx) => ({
        site_title: "数源 Shuyuan",
        site_description: deps.profile.name.zh,
        site_url: ctx.urls.base,
        // The CKAN API version whose read actions and shapes these follow.
        ckan_version: "2.10.0",
        shuyuan_version: VERSION,
        locale_default: "zh_Hans_CN",
        extensions: ["datastore"],
      }),
    }),

    help_show: action({
      summary: "What an action does",
      params: z.object({ name: text(100) }),
      run: async ({ name }) => {
        const found = actions[name];
        if (!found) throw notFound(`没有操作"${name}"`, `Action "${name}" not found`);
        return found.summary;
      },
    }),

    package_list: action({
      summary: "Names of the datasets visible to the caller",
      params: z.object({ limit: integer(ROWS_MAX * 100, ROWS_MAX * 100), offset: integer(0, 1_000_000) }),
      run: async ({ limit, offset }, ctx) => {
        const names: string[] = [];
        for await (const items of interop.walk(ctx.actor, { sort: "title", scope: scopeOf(ctx.actor) })) names.push(...items.map((i) => i.code.toLowerCase()));
        return names.slice(offset, offset + limit);
      },
    }),

    package_search: action({
      summary: "Search datasets: q, fq (organization:, res_format:, groups:, tags:), rows, start, sort, facet.field",
      params: z.object({
        q: text(200).optional(),
        fq: text(1000).optional(),
        rows: integer(10, ROWS_MAX),
        start: integer(0, 100_000),
        sort: text(100).optional(),
        "facet.field": list.optional(),
        "facet.limit": z.coerce.number().int().min(-1).max(1000).default(50),
      }),
      run: async (input, ctx) => {
        const order = catalogOrder(input.sort);
        if (!order) throw CkanError.invalid([{ path: "sort", message: { zh: `不支持的排序，可用：${CKAN_SORTS.join("；")}`, en: `Unsupported sort; use one of: ${CKAN_SORTS.join("; ")}` } }]);
        const fq = parseFq(input.fq ?? "");
        if (!fq.ok) throw CkanError.invalid(fq.errors);
        // `*:*` is Solr's "everything".
        const q = input.q && input.q !== "*:*" ? input.q : undefined;
        const window = pageWindow(input.start, input.rows);
        const query: SearchQuery = { q, ...fq.filters, scope: scopeOf(ctx.actor), sort: order, page: window.page, pageSize: window.pageSize };
        const found = await interop.search(ctx.actor, query, ctx.urls);
        const next = window.skip ? (await interop.search(ctx.actor, { ...query, page: window.page + 1 }, ctx.urls)).datasets : [];
        const results = [...found.datasets, ...next].slice(window.skip, window.skip + input.rows).map((d) => ckanPackage(d, ctx.urls));
        const fields = (input["facet.field"] ?? []).filter((f): f is keyof typeof facetName => f in facetName);
        const limit = input["facet.limit"] < 0 ? Infinity : input["facet.limit"];
        const facetItems = (field: keyof typeof facetName) =>
          found.facets[facetName[field]].slice(0, limit).map((v) => ({ name: v.value, display_name: v.label.zh, count: v.count }));
        return {
          count: found.total,
          sort: input.sort ?? "score desc, metadata_modified desc",
          results,
          facets: Object.fromEntries(fields.map((f) => [f, Object.fromEntries(facetItems(f).map((i) => [i.name, i.count]))])),
          search_facets: Object.fromEntries(fields.map((f) => [f, { title: f, items: facetItems(f) }])),
        };
      },
    }),

    package_show: action({
      summary: "One dataset by id or name, with its resources",
      params: idParam,
      run: async ({ id }, ctx) => ckanPackage(await packageOf(ctx, id), ctx.urls),
    }),

    resource_show: action({
      summary: "One resource by id: a dataset's table (the dataset's own id), file or API",
      params: idParam,
      run: async ({ id }, ctx) => {
        const datasetId = z.uuid().safeParse(id).success ? await interop.resourceEntry(id) : null;
        const dataset = datasetId ? await interop.dataset(ctx.actor, datasetId, ctx.urls) : null;
        const position = dataset?.distributions.findIndex((d) => d.id === id) ?? -1;
        if (!dataset || position < 0) throw notFound(`资源"${id}"不存在`, "Not found");
        return ckanResource(dataset.distributions[position], dataset.id, position);
      },
    }),

    organization_list: action({
      summary: "Organisations (authorities and departments): names, or dicts with all_fields",
      params: z.object({ all_fields: flag(false), limit: integer(ROWS_MAX, ROWS_MAX), offset: integer(0, 1_000_000) }),
      run: async ({ all_fields, limit, offset }, ctx) => {
        const pageSize = all_fields ? Math.min(limit, ALL_FIELDS_MAX) : limit;
        const { rows } = await deps.organisations.search({ regionPrefixes: null, ids: null, kinds: ["authority", "department"], limit: pageSize, offset });
        if (!all_fields) return rows.map((o) => o.id);
        return Promise.all(rows.map(async (o) => ckanOrganization({ id: o.id, name: o.name, created: new Date(o.created_at).toISOString(), packageCount: await packageCount(ctx.actor, o.id) })));
      },
    }),

    organization_show: action({
      summary: "One organisation by id, with include_datasets its first 100 visible datasets",
      params: idParam.extend({ include_datasets: flag(false) }),
      run: async ({ id, include_datasets }, ctx) => {
        const o = await organisation(id);
        const shown = ckanOrganization({ id: o.id, name: o.name, created: new Date(o.created_at).toISOString(), packageCount: await packageCount(ctx.actor, o.id) });
        if (!include_datasets) return shown;
        const found = await interop.search(ctx.actor, { provider: o.id, scope: scopeOf(ctx.actor), sort: "newest", page: 1, pageSize: 100 }, ctx.urls);
        return { ...shown, packages: found.datasets.map((d) => ckanPackage(d, ctx.urls)) };
      },
    }),

    group_list: action({
      summary: "Themes as CKAN groups: names, or dicts with all_fields (package_count over the visible catalog)",
      params: z.object({ all_fields: flag(false) }),
      run: async ({ all_fields }, ctx) => {
        if (!all_fields) return [...THEMES];
        const { facets } = await deps.catalog.service.search(ctx.actor, { scope: scopeOf(ctx.actor), sort: "newest", page: 1, pageSize: 1 });
        const counts = new Map(facets.theme.map((f) => [f.value, f.count]));
        return THEMES.map((t: Theme) => ckanGroup(t, counts.get(t) ?? 0));
      },
    }),

    tag_list: action({
      summary: "Tags of the datasets visible to the caller; query matches part of a tag",
      params: z.object({ query: text(100).optional() }),
      run: async ({ query }, ctx) => {
        const tags = new Set<string>();
        for await (const items of interop.walk(ctx.actor, { sort: "newest", scope: scopeOf(ctx.actor) })) for (const i of items) for (const t of i.tags) tags.add(t);
        return [...tags].filter((t) => !query || t.toLowerCase().includes(query.toLowerCase())).sort();
      },
    }),

    datastore_search: action({
      summary: "Rows of a table resource: filters, q, fields, sort, limit, offset, include_total — through the same access decision as the data API",
      audit: { action: "data.query", subjectType: "dataset" },
      params: z.object({
        resource_id: z.uuid(),
        filters: dict.optional(),
        q: text(200).optional(),
        fields: list.optional(),
        sort: text(200).optional(),
        limit: integer(100, 32_000),
        offset: integer(0, 10_000_000),
        include_total: flag(true),
      }),
      run: async (input, ctx) => {
        const id = input.resource_id;
        const a = await deps.datastore.service.authorise(ctx.actor, id, "query");
        const parsed = parseDatastoreSearch(input, a.readable);
        if (!parsed.ok) throw CkanError.invalid(parsed.errors);
        const s = parsed.search;
        const page = await deps.repo.searchPage(a.served.table_name, s.query, a.readable, s.offset, s.q, s.searchable, a.columns);
        let total: number | undefined;
        let estimated = false;
        if (input.include_total) {
          if (!s.query.filters.length && !s.q && a.served.rows_loaded !== null) total = Number(a.served.rows_loaded);
          else {
            const n = await deps.repo.searchCount(a.served.table_name, s.query, a.readable, s.q, s.searchable);
            // Past the data API's count cap the total is a lower bound: CKAN's "estimated".
            estimated = n > COUNT_CAP;
            total = Math.min(n, COUNT_CAP);
          }
        }
        deps.datastore.service.noteRead(ctx.note, id, "query", a, s.query.fields, page.count);
        const path = `/api/3/action/datastore_search?resource_id=${id}&limit=${s.query.limit}`;
        const meta = {
          resource_id: id,
          fields: [{ id: "_id", type: "int" }, ...s.query.fields.map((f) => ({ id: f.name, type: DATASTORE_TYPES[f.type] }))],
          records_format: "objects",
          // CKAN's threshold for estimating totals is a setting; ours is fixed (the count cap below).
          total_estimation_threshold: null,
          limit: s.query.limit,
          offset: s.offset,
          include_total: input.include_total,
          ...(total !== undefined ? { total, total_was_estimated: estimated } : {}),
          _links: { start: path, next: `${path}&offset=${s.offset + s.query.limit}` },
        };
        return new RawResult(`{"records":${page.records},${JSON.stringify(meta).slice(1)}`);
      },
    }),
  };
  return actions;
}
