// Harvesting in (004 §9–10): a province platform imports a lower-level platform's open catalog, either
// through its CKAN API (package_search: another Shuyuan, or any CKAN 2.9–2.11 site) or from a DCAT-AP
// catalog document (Turtle or JSON-LD, paged or whole), with the fields from each dataset's data package
// (Shuyuan, DCAT) or DataStore columns (CKAN) when there are any (core maps every input). Entries are compiled
// into one local organisation by a caller who may edit its entries, exactly as if they had typed them:
// the catalog's checks apply, and publication goes through the usual review (004 §12). Each entry keeps
// its provenance (harvest_records), so the next harvest updates its working copy instead of adding a twin,
// leaves it alone when the source's modified time has not moved, and marks it when the source drops it.
import {
  datastoreFieldsSchema,
  datastoreSchema,
  dcatHarvestedPackages,
  harvestedContent,
  harvestedPackageSchema,
  harvestedSchemaSchema,
  plainCkanPackage,
  type HarvestedPackage,
  type HarvestedSchema,
  type Triple,
} from "@shuyuan/core";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { ColumnType, Generated, Kysely } from "kysely";
import type { CatalogModule } from "../catalog";
import { parseAllowList, upstreamPolicy } from "../datastore/upstream-policy";
import type { DB } from "../db/schema";
import { AppError, errors, type FieldError } from "../http/errors";
import { requireActor } from "../http/auth";
import { anyone, signedIn } from "../http/openapi";
import type { Actor } from "../identity/actor";
import { parseRdf } from "./dcat";
import { getRemote, getRemoteJson, parseJson, unreachable, type RemoteLimits } from "./remote";
import { harvestBody, harvestOutcome, idParams, provenance } from "./schemas";

/** Packages asked for per package_search page; a site may answer fewer (CKAN's ckan.search.rows_max). */
const PAGE = 100;
/** A platform's open catalog larger than this is harvested in several runs. */
const MAX_PACKAGES = 5000;
/** Pages of a paged DCAT catalog (hydra:nextPage) followed in one run. */
const MAX_DCAT_PAGES = 200;
const LIMITS: RemoteLimits = { timeoutMs: 15_000, maxBytes: 16 * 2 ** 20 };
const HYDRA_NEXT = "http://www.w3.org/ns/hydra/core#nextPage";

/** Migrations 0011 and 0018; typed here (withTables) as only this module reads or writes it. */
interface HarvestRecordsTable {
  id: Generated<string>;
  source_url: string;
  remote_id: string;
  remote_page: string;
  remote_modified: string | null;
  remote_organisation: string | null;
  remote_license: string | null;
  /** JSON text in, parsed out (both drivers parse jsonb). */
  remote_resources: ColumnType<RemoteResource[], string | undefined, string>;
  removed_upstream_at: Date | null;
  dataset_id: string;
  harvested_by_user_id: string | null;
  first_harvested_at: Generated<Date>;
  harvested_at: Generated<Date>;
}

/** A remote resource as the provenance keeps it (the entry itself has no place for its address). */
export interface RemoteResource {
  id: string | null;
  name: string | null;
  description: string | null;
  url: string | null;
  format: string | null;
}

function harvestRepository(base: Kysely<DB>) {
  const db = base.withTables<{ harvest_records: HarvestRecordsTable }>();
  return {
    find: (sourceUrl: string, remoteId: string) =>
      db.selectFrom("harvest_records").select(["dataset_id", "remote_modified", "removed_upstream_at"]).where("source_url", "=", sourceUrl).where("remote_id", "=", remoteId).executeTakeFirst(),
    /** Remote ids harvested from a source and not yet known to be gone from it. */
    present: async (sourceUrl: string) =>
      (await db.selectFrom("harvest_records").select("remote_id").where("source_url", "=", sourceUrl).where("removed_upstream_at", "is", null).execute()).map((r) => r.remote_id),
    async record(r: { sourceUrl: string; remoteId: string; remotePage: string; remoteModified: string | null; remoteOrganisation: string | null; remoteLicense: string | null; remoteResources: RemoteResource[]; datasetId: string; userId: string }) {
      const changes = { remote_page: r.remotePage, remote_modified: r.remoteModified, remote_organisation: r.remoteOrganisation, remote_license: r.remoteLicense, remote_resources: JSON.stringify(r.remoteResources), removed_upstream_at: null };
      await db
        .insertInto("harvest_records")
        .values({ source_url: r.sourceUrl, remote_id: r.remoteId, dataset_id: r.datasetId, harvested_by_user_id: r.userId, ...changes })
        .onConflict((oc) => oc.columns(["source_url", "remote_id"]).doUpdateSet({ ...changes, harvested_by_user_id: r.userId, harvested_at: new Date() }))
        .execute();
    },
    /** Seen again unchanged: only when, and that it is there (again). */
    seen: (sourceUrl: string, remoteId: string) =>
      db.updateTable("harvest_records").set({ harvested_at: new Date(), removed_upstream_at: null }).where("source_url", "=", sourceUrl).where("remote_id", "=", remoteId).execute(),
    markRemoved: (sourceUrl: string, remoteIds: string[]) =>
      remoteIds.length ? db.updateTable("harvest_records").set({ removed_upstream_at: new Date() }).where("source_url", "=", sourceUrl).where("remote_id", "in", remoteIds).execute() : undefined,
    provenance: (datasetId: string) => db.selectFrom("harvest_records").selectAll().where("dataset_id", "=", datasetId).executeTakeFirst(),
  };
}

/** A remote entry, and how to read its fields once it is known to need them. */
type RemoteEntry = { raw: unknown; fields: (pkg: HarvestedPackage) => Promise<HarvestedSchema | null> };
/** A pass over a source: its entries, then whether the pass saw all of them (only then can an absence mean anything). */
type Walk = AsyncGenerator<RemoteEntry, boolean>;
/** A platform's address is read through its CKAN API, as another Shuyuan's (data packages) or a plain CKAN site's (DataStore). */
type SourceKind = "dcat" | "shuyuan" | "ckan";

type CkanAnswer = { ok: true; result: unknown } | { ok: false; type: string };

export function harvestService(deps: { db: Kysely<DB>; catalog: CatalogModule }) {
  const repo = harvestRepository(deps.db);
  // The same SSRF rules as API distributions: internal hosts only when SHUYUAN_API_UPSTREAM_ALLOW names
  // them, link-local and metadata addresses never; checked before a harvest, and again at each connection.
  const policy = upstreamPolicy(parseAllowList(process.env.SHUYUAN_API_UPSTREAM_ALLOW));
  const getJson = (url: string) => getRemoteJson(policy, url, LIMITS);

  /**
   * A platform's address (scheme, host, port; its CKAN API is at /api/3/action), or with a path a DCAT
   * catalog document (e.g. another platform's /catalog.ttl).
   */
  async function checkedSource(text: string) {
    const checked = policy.checkUrl(text);
    if (!checked.ok) throw errors.field("url", checked.message);
    const refused = await policy.checkResolved(checked.url);
    if (refused) throw errors.field("url", refused);
    const { origin, pathname, search } = checked.url;
    return pathname === "/" && !search ? origin : `${origin}${pathname}${search}`;
  }
  const ignoreNote = () => undefined;

  /** One CKAN action by GET; CKAN's own refusals (success: false, 4xx) are answered, anything else is the source failing. */
  async function ckanAction(source: string, action: string, params: Record<string, string>): Promise<CkanAnswer> {
    const answer = await getRemote(policy, `${source}/api/3/action/${action}?${new URLSearchParams(params)}`, "application/json", LIMITS);
    const failed = answer.status < 200 || answer.status > 299;
    if (failed && (answer.status < 400 || answer.status > 499)) throw unreachable(source, `HTTP ${answer.status}`);
    const body = parseJson(answer.text, source) as { success?: unknown; result?: unknown; error?: { __type?: unknown } } | null;
    if (body?.success === true && !failed) return { ok: true, result: body.result };
    if (body?.success === false) return { ok: false, type: String(body.error?.__type ?? "error").slice(0, 100) };
    throw unreachable(source, "not a CKAN API answer");
  }

  async function sourceKind(source: string): Promise<SourceKind> {
    if (new URL(source).pathname !== "/") return "dcat";
    const status = await ckanAction(source, "status_show", {});
    if (!status.ok) throw unreachable(source, `CKAN status_show: ${status.type}`);
    return (status.result as { shuyuan_version?: unknown } | null)?.shuyuan_version ? "shuyuan" : "ckan";
  }

  /** Another Shuyuan's data package describes an entry's table (types, keys, lengths). */
  async function dataPackageFields(url: string | null) {
    if (!url) return null;
    const descriptor = (await getJson(url)) as { resources?: { name?: string; schema?: unknown }[] } | null;
    const table = descriptor?.resources?.find((r) => r.name === "data");
    const parsed = harvestedSchemaSchema.safeParse(table?.schema);
    return parsed.success ? parsed.data : null;
  }

  /** A plain CKAN site's first DataStore resource's columns; a resource the site will not show has none. */
  async function datastoreFields(source: string, pkg: HarvestedPackage) {
    const resource = pkg.resources.find((r) => r.datastore_active && r.id);
    if (!resource) return null;
    const answer = await ckanAction(source, "datastore_search", { resource_id: resource.id!, limit: "0" });
    const fields = datastoreFieldsSchema.safeParse(answer.ok ? (answer.result as { fields?: unknown } | null)?.fields : undefined);
    return fields.success ? datastoreSchema(fields.data) : null;
  }

  const ckanFields = (source: string, kind: "shuyuan" | "ckan") => (pkg: HarvestedPackage) =>
    kind === "shuyuan" ? dataPackageFields(`${source}/api/v1/datasets/${encodeURIComponent(pkg.id)}/datapackage.json`) : datastoreFields(source, pkg);

  /** The remote's open catalog, page by page (it answers the public: its open catalog only). */
  async function* ckanWalk(source: string, kind: "shuyuan" | "ckan"): Walk {
    const fields = ckanFields(source, kind);
    for (let start = 0; start < MAX_PACKAGES; ) {
      const answer = await ckanAction(source, "package_search", { rows: String(PAGE), start: String(start), sort: "metadata_created desc" });
      if (!answer.ok) throw unreachable(source, `CKAN package_search: ${answer.type}`);
      const { results, count } = (answer.result ?? {}) as { results?: unknown; count?: unknown };
      if (!Array.isArray(results) || typeof count !== "number") throw unreachable(source, "not a CKAN package_search answer");
      for (const raw of results) yield { raw, fields };
      start += results.length;
      // A site may cap rows below what was asked, and a count may be an estimate: a page short of
      // both the count and a full page is the last.
      if (!results.length || (start >= count && results.length < PAGE)) return true;
    }
    return false;
  }

  /** A DCAT catalog's datasets, following its pages (hydra:nextPage) on its own origin; a data package only from there too. */
  async function* dcatWalk(source: string): Walk {
    const origin = new URL(source).origin;
    let count = 0;
    let next: string | undefined = source;
    const read = new Set<string>();
    for (; next && read.size < MAX_DCAT_PAGES && count < MAX_PACKAGES; ) {
      read.add(next);
      const triples = await getTriples(next);
      for (const { pkg, dataPackageUrl } of dcatHarvestedPackages(triples).slice(0, MAX_PACKAGES - count)) {
        count++;
        const url = dataPackageUrl && new URL(dataPackageUrl).origin === origin ? dataPackageUrl : null;
        yield { raw: pkg, fields: () => dataPackageFields(url) };
      }
      const page = triples.find((t) => t.p === HYDRA_NEXT)?.o;
      next = page && URL.canParse(page) && new URL(page).origin === origin && !read.has(page) ? page : undefined;
    }
    return !next && count < MAX_PACKAGES;
  }

  /** A DCAT catalog document as triples, in Turtle or JSON-LD as the remote chooses. */
  async function getTriples(url: string): Promise<Triple[]> {
    const answer = await getRemote(policy, url, "text/turtle, application/ld+json;q=0.9", LIMITS);
    if (answer.status < 200 || answer.status > 299) throw unreachable(new URL(url).origin, `HTTP ${answer.status}`);
    const quads = await parseRdf(answer.text, answer.contentType, url).catch(() => {
      throw unreachable(url, "not a DCAT catalog in Turtle or JSON-LD (with an inline context)");
    });
    return quads.map((q) => ({ s: q.subject.value, p: q.predicate.value, o: q.object.value, lang: q.object.termType === "Literal" ? q.object.language || undefined : undefined }));
  }

  /** Whether a package that a complete pass did not list is still served (a page shifted under the pass): it is then harvested. */
  async function stillServed(source: string, remoteId: string): Promise<unknown | null> {
    const answer = await ckanAction(source, "package_show", { id: remoteId });
    const pkg = answer.ok ? (answer.result as { state?: unknown; private?: unknown } | null) : null;
    return pkg && (pkg.state ?? "active") === "active" && pkg.private !== true ? pkg : null;
  }

  /** One remote package into the local catalog: a new draft, the harvested entry's working copy, or nothing when unchanged. */
  async function harvestOne(actor: Actor, source: string, kind: SourceKind, organisationId: string, pkg: HarvestedPackage, fields: RemoteEntry["fields"]) {
    const known = await repo.find(source, pkg.id);
    if (known && pkg.metadata_modified && known.remote_modified === pkg.metadata_modified) {
      await repo.seen(source, pkg.id);
      return "unchanged" as const;
    }
    const content = harvestedContent(kind === "ckan" ? plainCkanPackage(pkg) : pkg, await fields(pkg));
    let datasetId: string;
    if (known) {
      const current = await deps.catalog.service.get(actor, known.dataset_id);
      await deps.catalog.service.saveDraft(actor, known.dataset_id, { content, expectedRevision: current.draftRevision ?? 0 }, ignoreNote);
      datasetId = known.dataset_id;
    } else {
      datasetId = (await deps.catalog.service.create(actor, { providerOrganisationId: organisationId, content }, ignoreNote)).dataset.id;
    }
    // Not one transaction with the entry (the catalog service owns its writes): a crash right here leaves
    // an entry without provenance, and the next harvest reports its code as taken instead of duplicating it.
    await repo.record({
      sourceUrl: source,
      remoteId: pkg.id,
      // A CKAN package's own `url` is where its data comes from, not its page on the site.
      remotePage: kind === "ckan" ? `${source}/dataset/${encodeURIComponent(pkg.name)}` : (pkg.url ?? `${source}/datasets/${pkg.id}`),
      remoteModified: pkg.metadata_modified ?? null,
      remoteOrganisation: pkg.organization?.title ?? null,
      remoteLicense: pkg.license_title || pkg.license_id || null,
      remoteResources: pkg.resources.map((r) => ({ id: r.id ?? null, name: r.name ?? null, description: r.description ?? null, url: r.url ?? null, format: r.format ?? null })),
      datasetId,
      userId: actor.userId,
    });
    return known ? ("updated" as const) : ("created" as const);
  }

  return {
    /** A source's origin once it passes the SSRF rules (the scheduler checks at registration too). */
    checkedSource,

    /** Where an entry came from, for whoever sees the entry; 404 for an entry compiled here. */
    async provenance(actor: Actor | null, datasetId: string) {
      await deps.catalog.service.get(actor, datasetId);
      const r = await repo.provenance(datasetId);
      if (!r) throw errors.notFound({ zh: "采集来源", en: "Harvest source" });
      return {
        sourceUrl: r.source_url,
        remoteId: r.remote_id,
        remotePage: r.remote_page,
        remoteModified: r.remote_modified,
        remoteOrganisation: r.remote_organisation,
        remoteLicense: r.remote_license,
        remoteResources: r.remote_resources,
        firstHarvestedAt: new Date(r.first_harvested_at).toISOString(),
        harvestedAt: new Date(r.harvested_at).toISOString(),
        removedUpstreamAt: r.removed_upstream_at && new Date(r.removed_upstream_at).toISOString(),
      };
    },

    async harvest(actor: Actor, input: { url: string; organisationId: string }) {
      const source = await checkedSource(input.url);
      const kind = await sourceKind(source);
      const outcome = {
        source,
        created: [] as string[],
        updated: [] as string[],
        unchanged: [] as string[],
        removed: [] as string[],
        failed: [] as { remoteId: string; code: string; message: string; messageEn: string; fields?: FieldError[] }[],
      };
      const seen = new Set<string>();
      async function take(raw: unknown, fields: RemoteEntry["fields"]) {
        const pkg = harvestedPackageSchema.safeParse(raw);
        const remoteId = String((raw as { id?: unknown })?.id ?? "?").slice(0, 200);
        // Listed, if unreadable: not gone from the source.
        seen.add(remoteId);
        if (!pkg.success) {
          outcome.failed.push({ remoteId, code: "not_a_package", message: "不是有效的数据集描述", messageEn: "Not a valid dataset description" });
          return;
        }
        try {
          outcome[await harvestOne(actor, source, kind, input.organisationId, pkg.data, fields)].push(pkg.data.id);
        } catch (err) {
          // Not an entry's own problem (the caller may not compile for this organisation, the source
          // stopped answering, a bug): the whole harvest stops with it.
          if (!(err instanceof AppError) || err.statusCode === 403 || err.statusCode === 502) throw err;
          outcome.failed.push({ remoteId: pkg.data.id, code: err.code, message: err.messages.zh, messageEn: err.messages.en, fields: err.extra.fields });
        }
      }

      const walk = kind === "dcat" ? dcatWalk(source) : ckanWalk(source, kind);
      let step: IteratorResult<RemoteEntry, boolean>;
      while (!(step = await walk.next()).done) await take(step.value.raw, step.value.fields);
      // Gone from the source: only a complete pass can tell, and a CKAN site is asked once more per package
      // (a package deleted during the pass shifts the pages under it, so another may have been skipped).
      if (step.value) {
        const gone = [];
        for (const remoteId of (await repo.present(source)).filter((id) => !seen.has(id))) {
          const served = kind === "dcat" ? null : await stillServed(source, remoteId);
          if (served && kind !== "dcat") await take(served, ckanFields(source, kind));
          else gone.push(remoteId);
        }
        await repo.markRemoved(source, gone);
        outcome.removed.push(...gone);
      }
      return outcome;
    },
  };
}

export type HarvestService = ReturnType<typeof harvestService>;

export function harvestRoutes(service: HarvestService) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/api/v1/harvest",
      {
        config: { audit: { action: "catalog.harvest", subjectType: "organisation" } },
        schema: {
          tags: ["catalog"],
          operationId: "harvestCatalog",
          summary: "Harvest another platform's open catalog (CKAN API or DCAT-AP) into an organisation's entries (004 §9–10)",
          security: signedIn,
          body: harvestBody,
          response: { 200: harvestOutcome },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const outcome = await service.harvest(actor, request.body);
        const { source, ...lists } = outcome;
        request.auditExtra = { subjectId: request.body.organisationId, detail: { source, ...Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.length])) } };
        return outcome;
      },
    );
    r.get(
      "/api/v1/datasets/:id/provenance",
      { schema: { tags: ["catalog"], operationId: "getDatasetProvenance", summary: "Where a harvested entry came from", security: anyone, params: idParams, response: { 200: provenance } } },
      async (request) => service.provenance(request.actor, request.params.id),
    );
  };
}
