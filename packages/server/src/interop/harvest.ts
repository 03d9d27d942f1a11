// Harvesting in (004 §9–10): a province platform imports a lower-level platform's open catalog, either
// through its CKAN API (package_search) or from a DCAT-AP catalog document (Turtle or JSON-LD), with the
// fields from each dataset's data package when there is one (core maps both inputs). Entries are compiled
// into one local organisation by a caller who may edit its entries, exactly as if they had typed them:
// the catalog's checks apply, and publication goes through the usual review (004 §12). Each entry keeps
// its provenance (harvest_records), so the next harvest updates its working copy instead of adding a twin.
import { dcatHarvestedPackages, harvestedContent, harvestedPackageSchema, harvestedSchemaSchema, type HarvestedPackage, type Triple } from "@shuyuan/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Generated, Kysely } from "kysely";
import { z } from "zod";
import type { CatalogModule } from "../catalog";
import { parseAllowList, upstreamPolicy } from "../datastore/upstream-policy";
import type { DB } from "../db/schema";
import { AppError, errors, type FieldError } from "../http/errors";
import { requireActor } from "../http/auth";
import type { Actor } from "../identity/actor";
import { uuid } from "../identity/schemas";
import { parseRdf } from "./dcat";

const PAGE = 100;
/** A platform's open catalog larger than this is harvested in several runs. */
const MAX_PACKAGES = 5000;
const TIMEOUT_MS = 15_000;

/** Migration 0011; typed here (withTables) as only this module reads or writes it. */
interface HarvestRecordsTable {
  id: Generated<string>;
  source_url: string;
  remote_id: string;
  remote_page: string;
  remote_modified: string | null;
  remote_organisation: string | null;
  dataset_id: string;
  harvested_by_user_id: string | null;
  first_harvested_at: Generated<Date>;
  harvested_at: Generated<Date>;
}

function harvestRepository(base: Kysely<DB>) {
  const db = base.withTables<{ harvest_records: HarvestRecordsTable }>();
  return {
    find: (sourceUrl: string, remoteId: string) => db.selectFrom("harvest_records").select(["dataset_id"]).where("source_url", "=", sourceUrl).where("remote_id", "=", remoteId).executeTakeFirst(),
    async record(r: { sourceUrl: string; remoteId: string; remotePage: string; remoteModified: string | null; remoteOrganisation: string | null; datasetId: string; userId: string }) {
      await db
        .insertInto("harvest_records")
        .values({ source_url: r.sourceUrl, remote_id: r.remoteId, remote_page: r.remotePage, remote_modified: r.remoteModified, remote_organisation: r.remoteOrganisation, dataset_id: r.datasetId, harvested_by_user_id: r.userId })
        .onConflict((oc) => oc.columns(["source_url", "remote_id"]).doUpdateSet({ remote_modified: r.remoteModified, remote_organisation: r.remoteOrganisation, harvested_by_user_id: r.userId, harvested_at: new Date() }))
        .execute();
    },
    provenance: (datasetId: string) => db.selectFrom("harvest_records").selectAll().where("dataset_id", "=", datasetId).executeTakeFirst(),
  };
}

const unreachable = (url: string, why: string) =>
  new AppError(502, "harvest_source_unreachable", { zh: `无法从 ${url} 获取目录：${why}`, en: `Cannot read the catalog at ${url}: ${why}` });

/** GET a remote document; only the status is reported on failure (the body is the remote's business). */
async function get(url: string, accept: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept } }).catch((err: Error) => {
    throw unreachable(new URL(url).origin, err.name === "TimeoutError" ? "timeout" : "connection failed");
  });
  if (!res.ok) throw unreachable(new URL(url).origin, `HTTP ${res.status}`);
  return res;
}

async function getJson(url: string): Promise<unknown> {
  return (await get(url, "application/json")).json().catch(() => {
    throw unreachable(new URL(url).origin, "not JSON");
  });
}

/** A DCAT catalog document as triples, in Turtle or JSON-LD as the remote chooses. */
async function getTriples(url: string): Promise<Triple[]> {
  const res = await get(url, "text/turtle, application/ld+json;q=0.9");
  const quads = await res
    .text()
    .then((text) => parseRdf(text, res.headers.get("content-type") ?? "", url))
    .catch(() => {
      throw unreachable(url, "not a DCAT catalog in Turtle or JSON-LD (with an inline context)");
    });
  return quads.map((q) => ({ s: q.subject.value, p: q.predicate.value, o: q.object.value, lang: q.object.termType === "Literal" ? q.object.language || undefined : undefined }));
}

/** A remote entry, with where its Table Schema is described (if anywhere we may call). */
type RemoteEntry = { raw: unknown; dataPackageUrl: string | null };

export function harvestService(deps: { db: Kysely<DB>; catalog: CatalogModule }) {
  const repo = harvestRepository(deps.db);
  // The same SSRF rules as API distributions: internal hosts only when SHUYUAN_API_UPSTREAM_ALLOW names
  // them, link-local and metadata addresses never. Checked before a harvest, not inside each connection
  // (fetch takes no custom DNS lookup), so a name that re-resolves mid-harvest is not caught.
  const policy = upstreamPolicy(parseAllowList(process.env.SHUYUAN_API_UPSTREAM_ALLOW));

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
  const isCatalogDocument = (source: string) => new URL(source).pathname !== "/";
  const ignoreNote = () => undefined;

  /** The remote's open catalog, page by page (it answers the public: its open catalog only). */
  async function* ckanEntries(source: string): AsyncGenerator<RemoteEntry> {
    for (let start = 0; start < MAX_PACKAGES; start += PAGE) {
      const body = (await getJson(`${source}/api/3/action/package_search?rows=${PAGE}&start=${start}&sort=${encodeURIComponent("metadata_created desc")}`)) as { result?: { results?: unknown[] } };
      const results = body.result?.results;
      if (!Array.isArray(results)) throw unreachable(source, "not a CKAN package_search answer");
      for (const raw of results) yield { raw, dataPackageUrl: `${source}/api/v1/datasets/${encodeURIComponent(String((raw as { id?: unknown })?.id))}/datapackage.json` };
      if (results.length < PAGE) return;
    }
  }

  /** A DCAT catalog's datasets; a data package is read only from the catalog's own origin (already checked). */
  async function* dcatEntries(source: string): AsyncGenerator<RemoteEntry> {
    const origin = new URL(source).origin;
    for (const { pkg, dataPackageUrl } of dcatHarvestedPackages(await getTriples(source)).slice(0, MAX_PACKAGES)) {
      yield { raw: pkg, dataPackageUrl: dataPackageUrl && new URL(dataPackageUrl).origin === origin ? dataPackageUrl : null };
    }
  }

  async function fieldsOf(dataPackageUrl: string | null) {
    if (!dataPackageUrl) return null;
    const descriptor = (await getJson(dataPackageUrl)) as { resources?: { name?: string; schema?: unknown }[] };
    const table = descriptor.resources?.find((r) => r.name === "data");
    const parsed = harvestedSchemaSchema.safeParse(table?.schema);
    return parsed.success ? parsed.data : null;
  }

  /** One remote package into the local catalog: a new draft, or the harvested entry's working copy. */
  async function harvestOne(actor: Actor, source: string, organisationId: string, pkg: HarvestedPackage, dataPackageUrl: string | null) {
    const content = harvestedContent(pkg, await fieldsOf(dataPackageUrl));
    const known = await repo.find(source, pkg.id);
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
    await repo.record({ sourceUrl: source, remoteId: pkg.id, remotePage: pkg.url ?? `${source}/datasets/${pkg.id}`, remoteModified: pkg.metadata_modified ?? null, remoteOrganisation: pkg.organization?.title ?? null, datasetId, userId: actor.userId });
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
        firstHarvestedAt: new Date(r.first_harvested_at).toISOString(),
        harvestedAt: new Date(r.harvested_at).toISOString(),
      };
    },

    async harvest(actor: Actor, input: { url: string; organisationId: string }) {
      const source = await checkedSource(input.url);
      const outcome = { source, created: [] as string[], updated: [] as string[], failed: [] as { remoteId: string; code: string; message: string; messageEn: string; fields?: FieldError[] }[] };
      for await (const { raw, dataPackageUrl } of isCatalogDocument(source) ? dcatEntries(source) : ckanEntries(source)) {
        const pkg = harvestedPackageSchema.safeParse(raw);
        if (!pkg.success) {
          outcome.failed.push({ remoteId: String((raw as { id?: unknown })?.id ?? "?"), code: "not_a_package", message: "不是有效的数据集描述", messageEn: "Not a valid dataset description" });
          continue;
        }
        try {
          outcome[await harvestOne(actor, source, input.organisationId, pkg.data, dataPackageUrl)].push(pkg.data.id);
        } catch (err) {
          // Not an entry's own problem (the caller may not compile for this organisation, the source
          // stopped answering, a bug): the whole harvest stops with it.
          if (!(err instanceof AppError) || err.statusCode === 403 || err.statusCode === 502) throw err;
          outcome.failed.push({ remoteId: pkg.data.id, code: err.code, message: err.messages.zh, messageEn: err.messages.en, fields: err.extra.fields });
        }
      }
      return outcome;
    },
  };
}

export type HarvestService = ReturnType<typeof harvestService>;

const harvestBody = z.strictObject({
  /** A platform's address (its CKAN API at /api/3/action), or the URL of a DCAT-AP catalog in Turtle or JSON-LD. */
  url: z.url({ protocol: /^https?$/ }).max(500),
  /** The local organisation the harvested entries are compiled for. */
  organisationId: uuid,
});

export function harvestRoutes(service: HarvestService) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      "/api/v1/harvest",
      {
        config: { audit: { action: "catalog.harvest", subjectType: "organisation" } },
        schema: { tags: ["catalog"], summary: "Harvest another platform's open catalog (CKAN API or DCAT-AP) into an organisation's entries (004 §9–10)", body: harvestBody },
      },
      async (request: FastifyRequest<{ Body: z.infer<typeof harvestBody> }>) => {
        const actor = requireActor(request);
        const outcome = await service.harvest(actor, request.body);
        request.auditExtra = { subjectId: request.body.organisationId, detail: { source: outcome.source, created: outcome.created.length, updated: outcome.updated.length, failed: outcome.failed.length } };
        return outcome;
      },
    );
    r.get(
      "/api/v1/datasets/:id/provenance",
      { schema: { tags: ["catalog"], summary: "Where a harvested entry came from", params: z.object({ id: uuid }) } },
      async (request) => service.provenance(request.actor, request.params.id),
    );
  };
}
