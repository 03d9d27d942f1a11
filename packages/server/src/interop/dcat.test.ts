// The DCAT-AP export parsed by standard RDF tools (n3 for Turtle, jsonld for JSON-LD) and validated by a
// SHACL engine (rdf-validate-shacl) against the official DCAT-AP 3.0.0 shapes, kept in fixtures/ so a
// fresh clone has them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import rdf from "@zazuko/env-node";
import jsonld from "jsonld";
import { Parser, type Quad } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preferredRdf } from "./dcat";
import { startInteropPlatform, type InteropPlatform } from "./fixtures/platform";

const SHAPES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/dcat-ap-3.0.0-SHACL.ttl");
const DCAT = "http://www.w3.org/ns/dcat#";
const DCT = "http://purl.org/dc/terms/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const EU = "http://publications.europa.eu/resource/authority";

let p: InteropPlatform;
let validator: SHACLValidator;

beforeAll(async () => {
  p = await startInteropPlatform();
  validator = new SHACLValidator(rdf.dataset(new Parser().parse(fs.readFileSync(SHAPES, "utf8"))), { factory: rdf });
});
afterAll(async () => p?.close());

const turtleQuads = (text: string) => new Parser({ format: "text/turtle" }).parse(text);
const jsonLdQuads = async (doc: object) => new Parser({ format: "N-Quads" }).parse((await jsonld.toRDF(doc as jsonld.JsonLdDocument, { format: "application/n-quads" })) as unknown as string);
const nquads = (quads: Quad[]) => quads.map((q) => `${q.subject.id} ${q.predicate.id} ${q.object.id}`).sort();

async function violations(quads: Quad[]) {
  const report = await validator.validate(rdf.dataset(quads));
  return report.results.map((r) => `${r.severity?.value} ${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join("; ")}`);
}

const objects = (quads: Quad[], subject: string, predicate: string) => quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
const ofType = (quads: Quad[], type: string) => quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type).map((q) => q.subject.value);

describe("the open catalog in DCAT-AP 3.0.0", () => {
  let ttl: Quad[];
  let base: string;

  beforeAll(async () => {
    const res = await p.anonymous.request("GET", "/catalog.ttl");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/turtle/);
    ttl = turtleQuads(res.body);
    base = p.server.url.replace(/\/$/, "");
  });

  it("Turtle conforms to the official SHACL shapes with no result at all", async () => {
    expect(ofType(ttl, `${DCAT}Catalog`)).toEqual([`${base}/catalog`]);
    expect(await violations(ttl)).toEqual([]);
  });

  it("JSON-LD is the same graph, and conforms too", async () => {
    const res = await p.anonymous.get("/catalog.jsonld");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const quads = await jsonLdQuads(res.body);
    // Its paging names the JSON-LD pages.
    expect(nquads(quads).map((q) => q.replaceAll("/catalog.jsonld?page=", "/catalog.ttl?page=")).sort()).toEqual(nquads(ttl));
    expect(await violations(quads)).toEqual([]);
  });

  it("holds the open catalog only: open and conditionally open entries, never one that is not open", async () => {
    const datasets = ofType(ttl, `${DCAT}Dataset`);
    expect(datasets).toContain(`${base}/datasets/${p.ids.company}#dataset`);
    expect(datasets).toContain(`${base}/datasets/${p.ids.penalties}#dataset`);
    expect(datasets).not.toContain(`${base}/datasets/${p.ids.births}#dataset`);
    const listed = (await p.anonymous.get("/api/v1/datasets?pageSize=100")).body.total;
    expect(datasets).toHaveLength(listed);
    expect(objects(ttl, `${base}/catalog`, `${DCAT}dataset`).sort()).toEqual([...datasets].sort());
  });

  it("is one page of a hydra:PagedCollection (DCAT-AP's paging, as ckanext-dcat writes it); a page past the end holds the catalog alone, conforming", async () => {
    const HYDRA = "http://www.w3.org/ns/hydra/core#";
    const listed = (await p.anonymous.get("/api/v1/datasets?pageSize=100")).body.total;
    const [collection] = ofType(ttl, `${HYDRA}PagedCollection`);
    expect(collection).toBe(`${base}/catalog.ttl?page=1`);
    expect(objects(ttl, collection, `${HYDRA}totalItems`)).toEqual([String(listed)]);
    expect(objects(ttl, collection, `${HYDRA}itemsPerPage`)).toEqual(["100"]);
    expect(objects(ttl, collection, `${HYDRA}lastPage`)).toEqual([collection]);
    expect(objects(ttl, collection, `${HYDRA}nextPage`)).toEqual([]);
    const beyond = await p.anonymous.request("GET", "/catalog.ttl?page=2");
    expect(beyond.status).toBe(200);
    const quads = turtleQuads(beyond.body);
    expect(ofType(quads, `${DCAT}Dataset`)).toEqual([]);
    expect(objects(quads, `${base}/catalog`, `${DCT}title`)).toHaveLength(1);
    expect(objects(quads, `${base}/catalog.ttl?page=2`, `${HYDRA}previousPage`)).toEqual([collection]);
    expect(await violations(quads)).toEqual([]);
  });

  it("maps open type to access rights, update frequency to the EU frequencies, and names publisher, contact, identifier and keywords", async () => {
    const company = `${base}/datasets/${p.ids.company}#dataset`;
    const penalties = `${base}/datasets/${p.ids.penalties}#dataset`;
    expect(objects(ttl, company, `${DCT}accessRights`)).toEqual([`${EU}/access-right/PUBLIC`]);
    expect(objects(ttl, penalties, `${DCT}accessRights`)).toEqual([`${EU}/access-right/RESTRICTED`]);
    const detail = (await p.market.get(`/api/v1/datasets/${p.ids.company}`)).body;
    const frequency = { daily: "DAILY", weekly: "WEEKLY", monthly: "MONTHLY", quarterly: "QUARTERLY", annual: "ANNUAL", realtime: "UPDATE_CONT" }[detail.updateFrequency as string];
    expect(objects(ttl, company, `${DCT}accrualPeriodicity`)).toEqual([`${EU}/frequency/${frequency}`]);
    expect(objects(ttl, company, `${DCT}identifier`)).toEqual([detail.code]);
    expect(objects(ttl, company, `${DCT}publisher`)).toEqual([`${base}/organisations/${detail.provider.id}`]);
    expect(objects(ttl, `${base}/organisations/${detail.provider.id}`, "http://xmlns.com/foaf/0.1/name")).toEqual([detail.provider.name]);
    const [contact] = objects(ttl, company, `${DCAT}contactPoint`);
    expect(objects(ttl, contact, "http://www.w3.org/2006/vcard/ns#fn")).toEqual([detail.content.contact.name]);
    expect(objects(ttl, company, `${DCAT}keyword`).sort()).toEqual([...detail.tags].sort());
    expect(objects(ttl, company, `${DCT}issued`)).toEqual([detail.publishedAt]);
  });

  it("describes the table, the file and the API; the API is reached through a dcat:DataService", async () => {
    const company = `${base}/datasets/${p.ids.company}#dataset`;
    const distributions = objects(ttl, company, `${DCAT}distribution`);
    expect(distributions).toHaveLength(3);
    const downloads = distributions.flatMap((d) => objects(ttl, d, `${DCAT}downloadURL`));
    expect(downloads).toEqual(expect.arrayContaining([`${base}/api/v1/datasets/${p.ids.company}/download?format=csv`, `${base}/api/v1/datasets/${p.ids.company}/files/${p.ids.file}`]));
    const [service] = distributions.flatMap((d) => objects(ttl, d, `${DCAT}accessService`));
    expect(ofType(ttl, `${DCAT}DataService`)).toEqual([service]);
    expect(objects(ttl, service, `${DCAT}endpointURL`)).toEqual([`${base}/api/v1/datasets/${p.ids.company}/apis/${p.ids.api}/call/`]);
    expect(objects(ttl, service, `${DCAT}servesDataset`)).toEqual([company]);
    expect(objects(ttl, `${base}/catalog`, `${DCAT}service`)).toEqual([service]);
  });
});

describe("a dataset's page by content negotiation", () => {
  it("answers Turtle and JSON-LD for an open entry, each conforming", async () => {
    const url = `/datasets/${p.ids.company}`;
    const ttl = await p.anonymous.request("GET", url, undefined, { headers: { accept: "text/turtle" } });
    expect(ttl.status).toBe(200);
    expect(ttl.headers.get("vary")).toMatch(/accept/i);
    const quads = turtleQuads(ttl.body);
    expect(ofType(quads, `${DCAT}Dataset`)).toEqual([`${p.server.url.replace(/\/$/, "")}${url}#dataset`]);
    expect(await violations(quads)).toEqual([]);
    const ld = await p.anonymous.request("GET", url, undefined, { headers: { accept: "application/ld+json" } });
    expect(ld.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    expect(nquads(await jsonLdQuads(ld.body))).toEqual(nquads(quads));
  });

  it("is as absent for an entry that is not open as for a missing one", async () => {
    const res = await p.anonymous.request("GET", `/datasets/${p.ids.births}`, undefined, { headers: { accept: "text/turtle" } });
    expect(res.status).toBe(404);
  });

  it("leaves a browser's request to the web app", async () => {
    const res = await p.anonymous.request("GET", `/datasets/${p.ids.company}`, undefined, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(res.headers.get("content-type")).not.toMatch(/turtle|ld\+json/);
  });

  it("prefers by q-value, then by the client's order", () => {
    expect(preferredRdf("text/turtle")).toBe("text/turtle");
    expect(preferredRdf("application/ld+json, text/turtle")).toBe("application/ld+json");
    expect(preferredRdf("text/html;q=0.9, text/turtle")).toBe("text/turtle");
    expect(preferredRdf("text/turtle;q=0.5, text/html")).toBeNull();
    expect(preferredRdf("*/*")).toBeNull();
    expect(preferredRdf(undefined)).toBeNull();
  });
});
