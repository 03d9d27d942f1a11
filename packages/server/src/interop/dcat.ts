// DCAT-AP routes: the open catalog at /catalog.jsonld and /catalog.ttl, and each entry's page
// (/datasets/{id}) in RDF when the client asks for it by Accept; a browser's request there still gets
// the web app. The JSON-LD is core's; Turtle is written from the same graph (jsonld → N-Quads → n3).
// The catalog is paged (?page=, hydra:PagedCollection, as DCAT-AP recommends and ckanext-dcat does): a
// response holds DCAT_PAGE_SIZE entries whatever the catalog's size, so neither the platform's memory nor
// a harvester's grows with it, and each page is a document RDF tools parse whole.
import { dcatCatalog, dcatDataset, DCAT_CONTEXT, type InteropAgent, type PlatformUrls } from "@shuyuan/core";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import jsonld from "jsonld";
import { Parser, Writer } from "n3";
import { z } from "zod";
import { page, uuid } from "../identity/schemas";
import { baseUrl } from "./ckan/envelope";
import type { InteropService } from "./service";

const TURTLE = "text/turtle";
const JSON_LD = "application/ld+json";

/** The document is self-contained (its context is inline): nothing is ever fetched while converting it. */
const noRemoteContexts = async (url: string): Promise<never> => {
  throw new Error(`remote JSON-LD context refused: ${url}`);
};

async function jsonldQuads(doc: object) {
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: "application/n-quads", documentLoader: noRemoteContexts })) as unknown as string;
  return new Parser({ format: "N-Quads" }).parse(nquads);
}

/** A harvested catalog's Turtle or JSON-LD as quads; JSON-LD contexts must be inline (nothing more is fetched). */
export async function parseRdf(text: string, mediaType: string, baseIRI: string) {
  return /json/.test(mediaType) ? jsonldQuads(JSON.parse(text) as object) : new Parser({ baseIRI }).parse(text);
}

export async function toTurtle(doc: object): Promise<string> {
  const writer = new Writer({ prefixes: DCAT_CONTEXT });
  writer.addQuads(await jsonldQuads(doc));
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error) : resolve(result))));
}

/**
 * The RDF type an Accept header prefers over HTML, if any: the highest q wins, and a tie goes to what the
 * client listed first (a browser's `*\/*` never selects RDF).
 */
export function preferredRdf(accept: string | undefined): typeof TURTLE | typeof JSON_LD | null {
  const ranked = (accept ?? "")
    .split(",")
    .map((part, i) => {
      const [type, ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith("q="))?.slice(2) ?? 1);
      return { type: type.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((m) => m.q > 0 && [TURTLE, JSON_LD, "text/html", "application/xhtml+xml"].includes(m.type))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const best = ranked[0]?.type;
  return best === TURTLE || best === JSON_LD ? best : null;
}

async function sendRdf(reply: FastifyReply, doc: object, type: typeof TURTLE | typeof JSON_LD) {
  if (type === TURTLE) return reply.type(`${TURTLE}; charset=utf-8`).send(await toTurtle(doc));
  return reply.type(`${JSON_LD}; charset=utf-8`).send(JSON.stringify(doc));
}

export interface CatalogPublisher {
  title: string;
  description: string;
  /** The authority whose platform this is (the profile region's); resolved per request, it may be created later. */
  publisher: () => Promise<InteropAgent>;
}

/** Entries per catalog page: ckanext-dcat's default (ckanext.dcat.datasets_per_page). */
export const DCAT_PAGE_SIZE = 100;

const pageQuery = z.object({ page });

export function dcatRoutes(deps: { interop: Pick<InteropService, "openCatalogPage" | "dataset">; catalog: CatalogPublisher }) {
  async function catalogDocument(urls: PlatformUrls, path: string, n: number) {
    const found = await deps.interop.openCatalogPage(urls, n, DCAT_PAGE_SIZE);
    const info = { title: deps.catalog.title, description: deps.catalog.description, publisher: await deps.catalog.publisher(), modified: found.modified };
    // An estimated count names no last page; a full page has a next one (which may turn out empty).
    const hasNext = found.datasets.length === DCAT_PAGE_SIZE && (!found.totalExact || n * DCAT_PAGE_SIZE < found.total);
    return dcatCatalog(info, found.datasets, urls, { page: n, itemsPerPage: DCAT_PAGE_SIZE, totalItems: found.totalExact ? found.total : null, hasNext, url: (k) => `${urls.base}${path}?page=${k}` });
  }

  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ["dcat"];
    r.get("/catalog.jsonld", { schema: { tags, summary: `The open catalog as DCAT-AP 3.0.0 (JSON-LD), ${DCAT_PAGE_SIZE} entries a page (hydra paging)`, querystring: pageQuery } }, async (request, reply) =>
      sendRdf(reply, await catalogDocument({ base: baseUrl(request) }, "/catalog.jsonld", request.query.page), JSON_LD),
    );
    r.get("/catalog.ttl", { schema: { tags, summary: `The open catalog as DCAT-AP 3.0.0 (Turtle), ${DCAT_PAGE_SIZE} entries a page (hydra paging)`, querystring: pageQuery } }, async (request, reply) =>
      sendRdf(reply, await catalogDocument({ base: baseUrl(request) }, "/catalog.ttl", request.query.page), TURTLE),
    );
    r.get(
      "/datasets/:id",
      // Any id: the web app answers whatever is not an RDF request for an entry, including its own 404.
      { schema: { tags, summary: "A dataset's page: DCAT-AP for Accept: text/turtle or application/ld+json, else the web app", params: z.object({ id: z.string() }) } },
      async (request, reply) => {
        const type = preferredRdf(request.headers.accept);
        // The same URL answers HTML or RDF: caches must key on Accept either way.
        reply.header("vary", "Accept");
        if (!type || !uuid.safeParse(request.params.id).success) return reply.callNotFound();
        const urls = { base: baseUrl(request) };
        return sendRdf(reply, dcatDataset(await deps.interop.dataset(null, request.params.id, urls), urls), type);
      },
    );
  };
}
