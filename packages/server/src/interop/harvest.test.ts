// Harvesting end to end: a second Shuyuan platform (a city's) started in the test, its open catalog
// harvested into an organisation of this one through its CKAN API and data packages, with provenance.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor, type ApiClient } from "../testing/http-client";
import { startHarvestingPlatform, startInteropPlatform, type InteropPlatform } from "./fixtures/platform";

let city: InteropPlatform;
let province: RunningServer;
let editor: ApiClient;
let organisationId: string;
let remoteId: string;

const CONTENT = {
  title: "城市停车场泊位信息",
  code: "H-CITY-0001",
  summary: "全市公共停车场的位置与泊位数",
  catalogKind: "theme",
  theme: "transport",
  fields: [
    { name: "lot_code", title: "停车场编号", type: "string", length: 20, level: 1, key: true, required: true },
    { name: "lot_name", title: "停车场名称", type: "string", level: 1, required: true },
    { name: "spaces", title: "泊位数", type: "integer", level: 1 },
    { name: "opened_on", title: "启用日期", type: "date", level: 1 },
  ],
  formats: ["csv", "json"],
  updateFrequency: "weekly",
  shareType: "unconditional",
  openType: "unconditional",
  level: 1,
  tags: ["停车", "交通"],
  contact: { name: "王数据", email: "data@city.example.cn" },
};

beforeAll(async () => {
  city = await startInteropPlatform();
  remoteId = await city.publish(CONTENT);
  // The city platform is on this machine: an internal address the province may call only when allowed.
  ({ server: province, editor, organisationId } = await startHarvestingPlatform(`${new URL(city.server.url).host}, 127.0.0.1:9`));
});
afterAll(async () => {
  await province?.close();
  await city?.close();
});

const harvest = (client: ApiClient) => client.post("/api/v1/harvest", { url: city.server.url, organisationId });

describe("harvesting another platform's open catalog", () => {
  it("compiles each open entry of the city as a draft of the organisation, with its fields", async () => {
    const res = await harvest(editor);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.source).toBe(city.server.url.replace(/\/$/, ""));
    expect(res.body.created).toContain(remoteId);
    // Both platforms run the demo catalog: its entries' codes are taken here already, and reported so.
    expect(res.body.failed.length).toBeGreaterThan(0);
    expect(new Set(res.body.failed.map((f: { code: string }) => f.code))).toEqual(new Set(["duplicate_code"]));
    // Not open in the city: never harvested.
    const all = [...res.body.created, ...res.body.updated, ...res.body.failed.map((f: { remoteId: string }) => f.remoteId)];
    expect(all).not.toContain(city.ids.births);

    const found = (await editor.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent(CONTENT.title)}`)).body.items.find((i: { code: string }) => i.code === CONTENT.code);
    const detail = (await editor.get(`/api/v1/datasets/${found.id}`)).body;
    expect(detail.status).toBe("draft");
    expect(detail.provider.id).toBe(organisationId);
    expect(detail.draft.content).toMatchObject({
      title: CONTENT.title,
      summary: CONTENT.summary,
      catalogKind: "theme",
      theme: "transport",
      updateFrequency: "weekly",
      openType: "unconditional",
      level: 1,
      tags: CONTENT.tags,
      contact: CONTENT.contact,
    });
    expect(detail.draft.content.formats.sort()).toEqual(["csv", "json"]);
    expect(detail.draft.content.fields.map((f: { name: string; type: string; key: boolean; required: boolean }) => [f.name, f.type, f.key, f.required])).toEqual([
      ["lot_code", "string", true, true],
      ["lot_name", "string", false, true],
      ["spaces", "integer", false, false],
      ["opened_on", "date", false, false],
    ]);
    expect(detail.draft.content.fields[0].length).toBe(20);

    const provenance = (await editor.get(`/api/v1/datasets/${found.id}/provenance`)).body;
    expect(provenance).toMatchObject({ sourceUrl: res.body.source, remoteId, remotePage: `${res.body.source}/datasets/${remoteId}`, remoteOrganisation: detail.provider.name });
  });

  it("leaves the harvested entry alone next time while the city has not changed it, and adds no twin", async () => {
    const again = await harvest(editor);
    expect(again.body.unchanged).toContain(remoteId);
    expect([...again.body.created, ...again.body.updated]).not.toContain(remoteId);
    expect(again.body.removed).toEqual([]);
    const twins = (await editor.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent(CONTENT.title)}`)).body.items.filter((i: { code: string }) => i.code === CONTENT.code);
    expect(twins).toHaveLength(1);
  });

  it("is for the organisation's catalog editors, and on the audit record", async () => {
    expect((await harvest(clientFor(province))).status).toBe(401);
    const health = clientFor(province);
    await health.login("health", DEMO_PASSWORD);
    expect((await harvest(health)).status).toBe(403);
    const r = await sql<{ outcome: string; n: number }>`select outcome, count(*)::int as n from audit_entries where action = 'catalog.harvest' group by outcome order by outcome`.execute(province.database.db);
    expect(r.rows).toEqual([
      { outcome: "denied", n: 2 },
      { outcome: "success", n: 2 },
    ]);
  });

  it("says which source failed, without relaying what it answered", async () => {
    const res = await editor.post("/api/v1/harvest", { url: "http://127.0.0.1:9", organisationId });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "harvest_source_unreachable", messageEn: expect.stringContaining("127.0.0.1:9") });
  });

  it("calls internal addresses only when allowed, and metadata addresses never (SSRF)", async () => {
    for (const url of ["http://127.0.0.1:8", "http://169.254.169.254", "http://10.0.0.1"]) {
      const res = await editor.post("/api/v1/harvest", { url, organisationId });
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields[0].path).toBe("url");
    }
  });
});

describe("harvesting a DCAT-AP catalog", () => {
  let busId: string;
  const iri = () => `${city.server.url.replace(/\/$/, "")}/datasets/${busId}#dataset`;

  it("reads the city's /catalog.ttl: a new dataset as a draft with its fields from the linked data package, and its provenance", async () => {
    busId = await city.publish({ ...CONTENT, title: "城市公交线路信息", code: "H-CITY-0003", summary: "全市公交线路", updateFrequency: "monthly", tags: ["公交"] });
    const url = new URL("/catalog.ttl", city.server.url).href;
    const res = await editor.post("/api/v1/harvest", { url, organisationId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.source).toBe(url);
    // Every other open entry of the city is here already (the demo catalog, the CKAN harvest above).
    expect(res.body.created).toEqual([iri()]);
    expect(new Set(res.body.failed.map((f: { code: string }) => f.code))).toEqual(new Set(["duplicate_code"]));

    const found = (await editor.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent("城市公交线路信息")}`)).body.items.find((i: { code: string }) => i.code === "H-CITY-0003");
    const detail = (await editor.get(`/api/v1/datasets/${found.id}`)).body;
    expect(detail).toMatchObject({ status: "draft", provider: { id: organisationId } });
    expect(detail.draft.content).toMatchObject({ title: "城市公交线路信息", summary: "全市公交线路", theme: "transport", updateFrequency: "monthly", openType: "unconditional", tags: ["公交"], contact: CONTENT.contact });
    expect(detail.draft.content.fields.map((f: { name: string; key: boolean }) => [f.name, f.key])).toEqual(CONTENT.fields.map((f) => [f.name, f.key ?? false]));
    const provenance = (await editor.get(`/api/v1/datasets/${found.id}/provenance`)).body;
    expect(provenance).toMatchObject({ sourceUrl: url, remoteId: iri(), remotePage: `${city.server.url.replace(/\/$/, "")}/datasets/${busId}` });
  });

  it("reads the JSON-LD catalog the same way", async () => {
    const res = await editor.post("/api/v1/harvest", { url: new URL("/catalog.jsonld", city.server.url).href, organisationId });
    expect(res.status).toBe(200);
    // Another source for the same dataset: its code is taken by the entry harvested from the Turtle.
    expect(res.body.failed).toContainEqual(expect.objectContaining({ remoteId: iri(), code: "duplicate_code" }));
    expect(res.body.created).toEqual([]);
  });
});
