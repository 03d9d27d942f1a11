// Harvesting a plain CKAN site end to end (004 §9–10): a fake CKAN 2.10 started in the test answers the
// documented Action API from fixtures/ckan-site (package_search capped at 3 rows a page, as a site's
// ckan.search.rows_max may, so five packages come in two pages), and the province harvests it twice,
// the site having edited one package and deleted another in between. Then the ways a site fails, and
// the site's DCAT catalog in pages (as ckanext-dcat serves /catalog.ttl?page=N), followed by hydra:nextPage.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../server";
import type { ApiClient } from "../testing/http-client";
import busEdited from "./fixtures/ckan-site/bus-routes-2024.json";
import datastoreFields from "./fixtures/ckan-site/datastore_search.json";
import packages from "./fixtures/ckan-site/packages.json";
import status from "./fixtures/ckan-site/status_show.json";
import { dcatCatalog } from "@shuyuan/core";
import { toTurtle } from "./dcat";
import { startHarvestingPlatform } from "./fixtures/platform";
import { syntheticEntry } from "./fixtures/synthetic-catalog";

const ROWS_MAX = 3;
const [parking, bus, air, green, noise] = packages;
type Package = (typeof packages)[number];

/** What the fake site serves: its packages, those package_search leaves out, and how it misbehaves. */
const site = {
  packages: [...packages] as Package[],
  /** Listed by package_show but not by package_search (a page that shifted while the harvest read it). */
  unlisted: new Set<string>(),
  /** Deleted: package_show refuses the public, as CKAN does for a deleted dataset. */
  deleted: new Set<string>(),
  fault: null as null | "500" | "html" | "refusal" | "huge" | "redirect",
  /** Entries of its DCAT catalog, two a page. */
  dcat: [1, 2, 3],
  requests: [] as string[],
};

const envelope = (action: string, result: unknown) => ({ help: `https://data.harbin.example.cn/api/3/action/help_show?name=${action}`, success: true, result });
const refusal = (action: string, type: string, message: string) => ({ help: `https://data.harbin.example.cn/api/3/action/help_show?name=${action}`, success: false, error: { __type: type, message } });

/** A page of the site's DCAT catalog; its datasets' IRIs are on another host, its pages on this one. */
async function dcatPage(url: URL, res: http.ServerResponse) {
  const n = Number(url.searchParams.get("page") ?? 1);
  const entries = site.dcat.slice((n - 1) * 2, n * 2).map((i) => syntheticEntry(i, "https://data.harbin.example.cn"));
  const info = { title: "哈尔滨市数据开放目录", description: "DCAT", publisher: { id: "site", name: "哈尔滨市" }, modified: null };
  const paging = { page: n, itemsPerPage: 2, totalItems: site.dcat.length, hasNext: n * 2 < site.dcat.length, url: (k: number) => `${source}/catalog.ttl?page=${k}` };
  res.writeHead(200, { "content-type": "text/turtle" }).end(await toTurtle(dcatCatalog(info, entries, { base: "https://data.harbin.example.cn" }, paging)));
}

function answer(url: URL, res: http.ServerResponse) {
  if (url.pathname === "/catalog.ttl") return void dcatPage(url, res);
  const send = (code: number, body: unknown) => res.writeHead(code, { "content-type": "application/json;charset=utf-8" }).end(JSON.stringify(body));
  const action = url.pathname.replace("/api/3/action/", "");
  const q = url.searchParams;
  if (action === "status_show") return send(200, envelope(action, status));
  if (action === "package_search") {
    if (site.fault === "500") return res.writeHead(500, { "content-type": "text/html" }).end("<h1>Internal Server Error</h1>");
    if (site.fault === "html") return res.writeHead(200, { "content-type": "text/html" }).end("<html><body>维护中</body></html>");
    if (site.fault === "refusal") return send(409, refusal(action, "Validation Error", "Search Query is invalid"));
    if (site.fault === "redirect") return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (site.fault === "huge") {
      // Chunked, no length declared: only reading it tells how big it is.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(2 ** 20, 0x20);
      for (let i = 0; i < 17; i++) res.write(chunk);
      return res.end("{}");
    }
    const rows = Math.min(Number(q.get("rows") ?? 10), ROWS_MAX);
    const start = Number(q.get("start") ?? 0);
    const listed = site.packages.filter((p) => !site.unlisted.has(p.id)).sort((a, b) => b.metadata_created.localeCompare(a.metadata_created));
    return send(200, envelope(action, { count: listed.length, facets: {}, results: listed.slice(start, start + rows), sort: q.get("sort"), search_facets: {} }));
  }
  if (action === "package_show") {
    const id = q.get("id");
    if (site.deleted.has(id ?? "")) return send(403, refusal(action, "Authorization Error", "User not authorized to read package " + id));
    const found = site.packages.find((p) => p.id === id || p.name === id);
    return found ? send(200, envelope(action, found)) : send(404, refusal(action, "Not Found Error", "Not found"));
  }
  if (action === "datastore_search") {
    return q.get("resource_id") === datastoreFields.resource_id ? send(200, envelope(action, datastoreFields)) : send(404, refusal(action, "Not Found Error", "Resource not found"));
  }
  send(400, refusal(action, "Bad request", `Action name not known: ${action}`));
}

let fake: http.Server;
let source: string;
let province: RunningServer;
let editor: ApiClient;
let organisationId: string;

beforeAll(async () => {
  fake = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    site.requests.push(`${url.pathname.replace("/api/3/action/", "")}${url.search}`);
    answer(url, res);
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  source = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  // The site is on this machine: an internal address, called only because it is allowed here.
  ({ server: province, editor, organisationId } = await startHarvestingPlatform(new URL(source).host));
});
afterAll(async () => {
  await province?.close();
  await new Promise((resolve) => fake?.close(resolve));
});

const harvest = () => editor.post("/api/v1/harvest", { url: source, organisationId });
const entryOf = async (remoteId: string) => {
  const found = (await editor.get(`/api/v1/datasets?scope=own&pageSize=100`)).body.items;
  for (const item of found) {
    const provenance = await editor.get(`/api/v1/datasets/${item.id}/provenance`);
    if (provenance.status === 200 && provenance.body.remoteId === remoteId) return { detail: (await editor.get(`/api/v1/datasets/${item.id}`)).body, provenance: provenance.body };
  }
  throw new Error(`no entry harvested from ${remoteId}`);
};

describe("harvesting a plain CKAN site (004 §9–10)", () => {
  it("pages through package_search and compiles every package as a draft, with its provenance", async () => {
    site.requests = [];
    const res = await harvest();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ source, updated: [], unchanged: [], removed: [], failed: [] });
    expect([...res.body.created].sort()).toEqual(packages.map((p) => p.id).sort());
    // Two pages of at most three, though a hundred were asked for; a plain CKAN has no data packages.
    expect(site.requests.filter((r) => r.startsWith("package_search"))).toEqual([
      "package_search?rows=100&start=0&sort=metadata_created+desc",
      "package_search?rows=100&start=3&sort=metadata_created+desc",
    ]);
    expect(site.requests.some((r) => r.includes("datapackage"))).toBe(false);
  });

  it("maps a package's title, notes, tags, group, formats and contact; its extras are not read as our classification", async () => {
    const { detail, provenance } = await entryOf(parking.id);
    expect(detail).toMatchObject({ status: "draft", provider: { id: organisationId } });
    expect(detail.draft.content).toMatchObject({
      code: "harbin-parking-lots",
      title: "哈尔滨市公共停车场泊位信息",
      summary: parking.notes,
      tags: ["停车", "交通"],
      theme: "transport",
      formats: ["csv"],
      // The site's extra "level: 4" is free text there, not a classification.
      level: 1,
      openType: "unconditional",
      contact: { name: "张伟", email: "zhangwei@transport.harbin.example.cn" },
    });
    expect(provenance).toMatchObject({
      sourceUrl: source,
      remoteId: parking.id,
      remotePage: `${source}/dataset/harbin-parking-lots`,
      remoteModified: parking.metadata_modified,
      remoteOrganisation: "哈尔滨市交通运输局",
      remoteLicense: "Creative Commons Attribution",
      remoteResources: [{ id: parking.resources[0].id, name: "停车场泊位表", description: "DataStore 表", url: parking.resources[0].url, format: "CSV" }],
      removedUpstreamAt: null,
    });
  });

  it("takes a DataStore resource's columns as the fields, CKAN types mapped to ours", async () => {
    const { detail } = await entryOf(parking.id);
    expect(detail.draft.content.fields.map((f: { name: string; title: string; type: string; level: number }) => [f.name, f.title, f.type, f.level])).toEqual([
      ["lot_code", "停车场编号", "string", 1],
      ["lot_name", "停车场名称", "string", 1],
      ["field_3", "泊位数", "integer", 1],
      ["fee_per_hour", "每小时收费（元）", "number", 1],
      ["opened_on", "opened_on", "date", 1],
      ["updated_at", "updated_at", "datetime", 1],
      ["open_24h", "open_24h", "boolean", 1],
    ]);
    expect(site.requests).toContain(`datastore_search?resource_id=${parking.resources[0].id}&limit=0`);
  });

  it("says that a package without a DataStore resource describes no fields, in a placeholder the checks accept", async () => {
    const { detail } = await entryOf(bus.id);
    expect(detail.draft.content.fields).toEqual([expect.objectContaining({ name: "record", type: "string", title: expect.stringContaining("来源未说明信息项") })]);
    expect(detail.draft.content).toMatchObject({ formats: ["json", "api"], contact: { name: "公交集团信息中心", email: "info@bus.harbin.example.cn" } });
    expect(detail.draft.content.theme).toBe("transport");
  });

  it("keeps a package whose resource is malformed, without that resource; drops a contact address that is none", async () => {
    const { detail, provenance } = await entryOf(green.id);
    expect(provenance.remoteResources.map((r: { format: string }) => r.format)).toEqual(["GeoJSON"]);
    expect(detail.draft.content.formats).toEqual(["geojson"]);
    const other = await entryOf(noise.id);
    expect(other.detail.draft.content.contact).toEqual({ name: "王强" });
    expect(other.detail.draft.content.formats).toEqual(["shp"]);
  });

  it("next time updates the edited package, leaves the others alone and marks the deleted one, confirming each absence", async () => {
    site.packages = packages.map((p) => (p.id === bus.id ? (busEdited as Package) : p)).filter((p) => p.id !== air.id);
    site.deleted.add(air.id);
    // Missed by the pass but still served: harvested, not taken for gone.
    site.unlisted.add(noise.id);
    site.requests = [];
    const res = await harvest();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: [], updated: [bus.id], removed: [air.id], failed: [] });
    expect([...res.body.unchanged].sort()).toEqual([parking.id, green.id, noise.id].sort());
    // Unchanged packages' DataStore is not read again.
    expect(site.requests.some((r) => r.startsWith("datastore_search"))).toBe(false);
    expect(site.requests.filter((r) => r.startsWith("package_show")).sort()).toEqual([`package_show?id=${air.id}`, `package_show?id=${noise.id}`].sort());

    const edited = await entryOf(bus.id);
    expect(edited.detail.draft.content).toMatchObject({ title: "哈尔滨市公交线路（2024年版）", summary: busEdited.notes });
    expect(edited.provenance.remoteModified).toBe(busEdited.metadata_modified);
    // The entry stays (withdrawing it is the department's decision), marked as gone from the source.
    const gone = await entryOf(air.id);
    expect(gone.detail.status).toBe("draft");
    expect(gone.provenance.removedUpstreamAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect((await entryOf(parking.id)).provenance.removedUpstreamAt).toBeNull();
  });

  it("a third pass reports the deleted package no more, and the site's return of it clears the mark", async () => {
    site.unlisted.clear();
    expect((await harvest()).body).toMatchObject({ created: [], updated: [], removed: [] });
    site.deleted.clear();
    site.packages = [...site.packages, air];
    const back = await harvest();
    expect(back.body.unchanged).toContain(air.id);
    expect((await entryOf(air.id)).provenance.removedUpstreamAt).toBeNull();
  });

  it("counts a package the site lists but describes badly as failed, not as gone", async () => {
    const listed = site.packages;
    site.packages = listed.map((p) => (p.id === green.id ? ({ ...p, title: 42 } as unknown as Package) : p));
    site.requests = [];
    try {
      const res = await harvest();
      expect(res.body.failed).toEqual([expect.objectContaining({ remoteId: green.id, code: "not_a_package" })]);
      expect(res.body.removed).toEqual([]);
      expect(site.requests.filter((r) => r.startsWith("package_show"))).toEqual([]);
    } finally {
      site.packages = listed;
    }
  });
});

describe("a CKAN site that fails", () => {
  it.each([
    ["500", "HTTP 500"],
    ["html", "not JSON"],
    ["refusal", "Validation Error"],
    ["huge", "larger than 16 MB"],
    ["redirect", "HTTP 302"],
  ] as const)("%s: 502 naming the site, with nothing relayed from it", async (fault, why) => {
    site.fault = fault;
    try {
      const res = await harvest();
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: "harvest_source_unreachable", messageEn: expect.stringContaining(why) });
      expect(res.body.error.messageEn).toContain(source);
      expect(JSON.stringify(res.body)).not.toMatch(/Internal Server Error|维护中|Search Query|169\.254/);
    } finally {
      site.fault = null;
    }
  });

  it("on a private address it is not allowed to call, refuses before any request (SSRF)", async () => {
    // The same site under a name that resolves to loopback: the allow-list names the address, not the name.
    site.requests = [];
    const res = await editor.post("/api/v1/harvest", { url: source.replace("127.0.0.1", "localhost"), organisationId });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe("url");
    expect(site.requests).toEqual([]);
  });
});

describe("a site's DCAT catalog in pages", () => {
  const dcat = () => editor.post("/api/v1/harvest", { url: `${source}/catalog.ttl`, organisationId });

  it("is read page after page (hydra:nextPage), and a dataset gone from every page is marked", async () => {
    site.requests = [];
    const res = await dcat();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created.map((iri: string) => iri.split("/").at(-1))).toEqual(expect.arrayContaining([1, 2, 3].map((i) => `${syntheticEntry(i, "").id}#dataset`)));
    expect(site.requests.filter((r) => r.startsWith("/catalog.ttl"))).toEqual(["/catalog.ttl", "/catalog.ttl?page=2"]);

    site.dcat = [1, 2];
    const again = await dcat();
    expect(again.body).toMatchObject({ created: [], updated: [], removed: [expect.stringContaining(syntheticEntry(3, "").id)] });
    expect(again.body.unchanged).toHaveLength(2);
  });
});
