// The CKAN Action API: recorded CKAN exchanges replayed (fixtures/ckan, shapes from CKAN's documentation),
// then what only Shuyuan can answer: who sees which packages, and datastore_search through the one access
// decision, on the audit record.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountTable } from "../testing/mount-table";
import { COMPANY_ROWS, startInteropPlatform, type InteropPlatform } from "./fixtures/platform";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/ckan");

let p: InteropPlatform;
let provider: string;
beforeAll(async () => {
  p = await startInteropPlatform();
  provider = (await p.market.get(`/api/v1/datasets/${p.ids.company}`)).body.provider.id;
});
afterAll(async () => p?.close());

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Where `actual` departs from the recorded `expected`: a key CKAN has that is missing, or a value of another
 * JSON type. A recorded null is CKAN's nullable value (any type fits); every element of an actual array is
 * checked against the recorded first element. Extra keys of ours are allowed.
 */
function shapeDiff(expected: unknown, actual: unknown, at = "$"): string[] {
  if (expected === null) return [];
  if (typeOf(expected) !== typeOf(actual)) return [`${at}: ${typeOf(expected)} expected, got ${typeOf(actual)}`];
  if (Array.isArray(expected)) {
    return expected.length ? (actual as unknown[]).flatMap((a, i) => shapeDiff(expected[0], a, `${at}[${i}]`)) : [];
  }
  if (typeof expected === "object") {
    const a = actual as Record<string, unknown>;
    return Object.entries(expected as object).flatMap(([k, v]) => (k in a ? shapeDiff(v, a[k], `${at}.${k}`) : [`${at}.${k}: missing`]));
  }
  return [];
}

interface Recorded {
  request: { method: string; path: string; body?: unknown };
  response: { status: number; body: unknown };
}

describe("recorded CKAN exchanges replayed", () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort();

  it("covers every action the issue names", () => {
    const actions = new Set(files.map((f) => (JSON.parse(fs.readFileSync(path.join(FIXTURES, f), "utf8")) as Recorded).request.path.split("?")[0].split("/").at(-1)));
    for (const a of ["package_list", "package_search", "package_show", "organization_list", "organization_show", "group_list", "tag_list", "resource_show", "datastore_search", "status_show"]) expect(actions).toContain(a);
  });

  it.each(files)("%s", async (file) => {
    const recorded = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as Recorded;
    const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, k: string) => (k === "provider" ? provider : p.ids[k as keyof InteropPlatform["ids"]]));
    const body = recorded.request.body === undefined ? undefined : JSON.parse(fill(JSON.stringify(recorded.request.body)));
    const res = await p.anonymous.request(recorded.request.method, encodeURI(fill(recorded.request.path)), body);
    expect(res.status, JSON.stringify(res.body)).toBe(recorded.response.status);
    expect(shapeDiff(recorded.response.body, res.body)).toEqual([]);
    expect(res.body.help).toBe(`${p.server.url.replace(/\/$/, "")}/api/3/action/help_show?name=${recorded.request.path.split("?")[0].split("/").at(-1)}`);
  });
});

const action = (client: InteropPlatform["anonymous"], name: string, params = "") => client.get(`/api/3/action/${name}${params ? `?${params}` : ""}`);

describe("packages", () => {
  it("the public sees the open catalog only; a department also its own and the share catalog", async () => {
    const open = (await action(p.anonymous, "package_search", "rows=1000")).body.result;
    const ids = open.results.map((r: { id: string }) => r.id);
    expect(ids).toContain(p.ids.company);
    expect(ids).toContain(p.ids.penalties);
    expect(ids).not.toContain(p.ids.births);
    expect(open.count).toBe((await p.anonymous.get("/api/v1/datasets?pageSize=100")).body.total);
    expect((await action(p.anonymous, "package_show", `id=${p.ids.births}`)).status).toBe(404);
    expect((await action(p.health, "package_show", `id=${p.ids.births}`)).body.result.private).toBe(true);
    const names = (await action(p.anonymous, "package_list")).body.result;
    expect(names).toHaveLength(open.count);
  });

  it("takes a token the way CKAN clients send it (bare Authorization, X-CKAN-API-Key), on the CKAN API only", async () => {
    const token = (await p.health.post("/api/v1/me/tokens", { name: "ckanapi" })).body.token as string;
    const show = (headers: Record<string, string>) => p.anonymous.request("GET", `/api/3/action/package_show?id=${p.ids.births}`, undefined, { headers });
    for (const headers of [{ authorization: token }, { "x-ckan-api-key": token }] as Record<string, string>[]) {
      const res = await show(headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(res.body.result.id).toBe(p.ids.births);
    }
    expect((await show({ "x-ckan-api-key": "sy_not-a-token" })).body.error.__type).toBe("Authorization Error");
    // Our own API keeps to the Bearer form: a bare token there is no one.
    expect((await p.anonymous.request("GET", "/api/v1/me", undefined, { headers: { authorization: token } })).status).toBe(401);
  });

  it("maps an entry to CKAN's fields: name from the code, organization, tags, groups, resources with datastore_active", async () => {
    const detail = (await p.market.get(`/api/v1/datasets/${p.ids.company}`)).body;
    const byName = await action(p.anonymous, "package_show", `id=${detail.code}`);
    expect(byName.status).toBe(200);
    const pkg = byName.body.result;
    expect(pkg).toMatchObject({ id: p.ids.company, name: detail.code.toLowerCase(), title: detail.title, notes: detail.summary, state: "active", isopen: true, owner_org: provider, num_resources: 3 });
    expect(pkg.organization).toMatchObject({ id: provider, name: provider, title: detail.provider.name, is_organization: true });
    expect(pkg.tags.map((t: { name: string }) => t.name)).toEqual(detail.tags);
    expect(pkg.groups.map((g: { name: string }) => g.name)).toEqual([detail.theme]);
    expect(pkg.metadata_modified).toBe(detail.updatedAt.replace(/Z$/, ""));
    const base = p.server.url.replace(/\/$/, "");
    expect(pkg.resources.map((r: { id: string; format: string; datastore_active: boolean; url: string }) => [r.id, r.format, r.datastore_active, r.url])).toEqual([
      [p.ids.company, "CSV", true, `${base}/api/v1/datasets/${p.ids.company}/download?format=csv`],
      [p.ids.file, "CSV", false, `${base}/api/v1/datasets/${p.ids.company}/files/${p.ids.file}`],
      [p.ids.api, "API", false, `${base}/api/v1/datasets/${p.ids.company}/apis/${p.ids.api}/call/`],
    ]);
    expect((await action(p.anonymous, "resource_show", `id=${p.ids.api}`)).body.result).toMatchObject({ id: p.ids.api, package_id: p.ids.company, position: 2 });
  });

  it("package_search filters with fq on organization, res_format, groups and tags, pages with start/rows and sorts", async () => {
    const all = (await action(p.anonymous, "package_search", "rows=1000&sort=title_string asc")).body.result;
    const titles = all.results.map((r: { title: string }) => r.title);
    // start need not be a multiple of rows.
    const window = (await action(p.anonymous, "package_search", "rows=2&start=1&sort=title_string asc")).body.result;
    expect(window.results.map((r: { title: string }) => r.title)).toEqual(titles.slice(1, 3));
    expect(window.count).toBe(all.count);

    const own = (await action(p.anonymous, "package_search", `fq=organization:${provider}&rows=1000`)).body.result;
    expect(own.count).toBeGreaterThan(0);
    expect(own.results.every((r: { owner_org: string }) => r.owner_org === provider)).toBe(true);
    // res_format is the catalog's declared formats (企业登记注册信息 declares CSV).
    const csv = (await action(p.anonymous, "package_search", `rows=1000&fq=${encodeURIComponent(`organization:"${provider}" AND res_format:CSV`)}`)).body.result;
    expect(csv.results.map((r: { id: string }) => r.id)).toContain(p.ids.company);
    expect(csv.results.every((r: { owner_org: string; extras: { key: string }[] }) => r.owner_org === provider)).toBe(true);
    expect(csv.count).toBeLessThanOrEqual(own.count);

    const facets = (await action(p.anonymous, "package_search", `rows=0&facet.field=["organization","groups"]`)).body.result;
    expect(facets.results).toEqual([]);
    expect(facets.search_facets.organization.items.find((i: { name: string }) => i.name === provider).count).toBe(own.count);
    expect(Object.keys(facets.facets)).toEqual(["organization", "groups"]);

    // tags: the catalog's own tags, filtered exactly and counted as a facet.
    const tag = (await p.market.get(`/api/v1/datasets/${p.ids.company}`)).body.tags[0] as string;
    const tagged = (await action(p.anonymous, "package_search", `rows=1000&fq=${encodeURIComponent(`tags:"${tag}"`)}&facet.field=["tags"]`)).body.result;
    expect(tagged.results.map((r: { id: string }) => r.id)).toContain(p.ids.company);
    expect(tagged.results.every((r: { tags: { name: string }[] }) => r.tags.some((t) => t.name === tag))).toBe(true);
    expect(tagged.facets.tags[tag]).toBe(tagged.count);
  });

  it("refuses what it cannot answer faithfully as CKAN validation errors", async () => {
    const license = await action(p.anonymous, "package_search", "fq=license_id:cc-by");
    expect(license.status).toBe(409);
    expect(license.body).toMatchObject({ success: false, error: { __type: "Validation Error", fq: [expect.stringContaining("license_id")] } });
    expect(license.body.error.message_zh).toContain("license_id");
    expect((await action(p.anonymous, "package_search", "sort=random asc")).status).toBe(409);
    const unknown = await action(p.anonymous, "package_create");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ success: false, error: { __type: "Bad Request" } });
    const badToken = await p.anonymous.request("GET", "/api/3/action/package_list", undefined, { headers: { authorization: "Bearer sy_not-a-token" } });
    expect(badToken.status).toBe(403);
    expect(badToken.body).toMatchObject({ success: false, error: { __type: "Authorization Error" } });
  });

  it("accepts POST with JSON and with a form, as CKAN clients send them", async () => {
    const json = await p.anonymous.post("/api/3/action/package_show", { id: p.ids.company });
    expect(json.body.result.id).toBe(p.ids.company);
    const form = await p.anonymous.request("POST", "/api/3/action/package_show", undefined, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      raw: `id=${p.ids.company}`,
    });
    expect(form.body.result.id).toBe(p.ids.company);
  });

  it("organization_list names the public directory; group_list the themes; tag_list the visible tags", async () => {
    const names = (await action(p.anonymous, "organization_list")).body.result;
    expect(names).toContain(provider);
    const shown = (await action(p.anonymous, "organization_show", `id=${provider}&include_datasets=true`)).body.result;
    expect(shown.packages.map((d: { owner_org: string }) => d.owner_org).every((o: string) => o === provider)).toBe(true);
    expect(shown.package_count).toBe(shown.packages.length);
    expect((await action(p.anonymous, "group_list")).body.result).toContain("economy");
    const detail = (await p.market.get(`/api/v1/datasets/${p.ids.company}`)).body;
    expect((await action(p.anonymous, "tag_list")).body.result).toEqual(expect.arrayContaining(detail.tags));
    expect((await action(p.anonymous, "organization_show", "id=00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });
});

describe("datastore_search", () => {
  const search = (client: InteropPlatform["anonymous"], body: Record<string, unknown>) => client.post("/api/3/action/datastore_search", { resource_id: p.ids.company, ...body });

  it("filters, searches text, picks fields, sorts, and pages by offset with the total", async () => {
    const filtered = (await search(p.anonymous, { filters: { status: "存续" }, fields: ["company_name", "status"], sort: "company_name desc" })).body.result;
    expect(filtered.records).toEqual([
      { _id: 2, company_name: "哈尔滨松花江物流股份有限公司", status: "存续" },
      { _id: 1, company_name: "哈尔滨冰城食品有限公司", status: "存续" },
    ]);
    expect(filtered).toMatchObject({ total: 2, total_was_estimated: false, fields: [{ id: "_id", type: "int" }, { id: "company_name", type: "text" }, { id: "status", type: "text" }] });
    const text = (await search(p.anonymous, { q: "北大荒", fields: "company_name" })).body.result;
    expect(text.records).toEqual([{ _id: 3, company_name: COMPANY_ROWS[2][1] }]);
    const second = (await search(p.anonymous, { limit: 1, offset: 1, fields: ["company_name"] })).body.result;
    expect(second).toMatchObject({ records: [{ _id: 2 }], total: 3, offset: 1, limit: 1 });
    const numbers = (await action(p.anonymous, "datastore_search", `resource_id=${p.ids.company}&filters=${encodeURIComponent(JSON.stringify({ registered_capital: [500.5, 1200] }))}`)).body.result;
    expect(numbers.records.map((r: { _id: number }) => r._id)).toEqual([1, 2]);
  });

  it("masks what the access decision masks, and refuses to filter or sort on it", async () => {
    const shops = await p.publish({
      title: "个体工商户经营者信息",
      code: "T-GTGSH-CKAN",
      summary: "个体工商户名称与经营者联系电话",
      catalogKind: "department",
      theme: "economy",
      fields: [
        { name: "shop_name", title: "字号名称", type: "string", level: 1 },
        { name: "owner_phone", title: "联系电话", type: "string", level: 2, sensitivity: "phone" },
      ],
      formats: ["csv"],
      updateFrequency: "monthly",
      shareType: "unconditional",
      openType: "unconditional",
      level: 2,
      tags: [],
      contact: { name: "陈目录" },
    });
    await mountTable(p.server.database.db, shops, [{ name: "shop_name", type: "string" }, { name: "owner_phone", type: "string" }], [["老王烧烤", "13912345678"]]);
    const read = (client: InteropPlatform["anonymous"], body: Record<string, unknown>) => client.post("/api/3/action/datastore_search", { resource_id: shops, ...body });
    // Level 2 is served through queries only (003 §23): the resource points at the rows API, not a download.
    const [table] = (await action(p.anonymous, "package_show", `id=${shops}`)).body.result.resources;
    expect(table).toMatchObject({ id: shops, datastore_active: true, url: `${p.server.url.replace(/\/$/, "")}/api/v1/datasets/${shops}/rows` });
    // A phone number: the public reads it masked (001 §7), its provider raw.
    const masked = (await read(p.anonymous, {})).body.result.records[0].owner_phone;
    expect(masked).not.toBe("13912345678");
    expect(masked).toContain("*");
    expect((await read(p.market, {})).body.result.records[0].owner_phone).toBe("13912345678");
    for (const probe of [{ filters: { owner_phone: "13912345678" } }, { sort: "owner_phone" }]) {
      const res = await read(p.anonymous, probe);
      expect(res.status).toBe(409);
      expect(res.body.error.__type).toBe("Validation Error");
    }
    // Free text never looks into masked fields: the raw number finds nothing for the public.
    expect((await read(p.anonymous, { q: "13912345678" })).body.result.records).toEqual([]);
    expect((await read(p.market, { q: "13912345678" })).body.result.records).toHaveLength(1);
  });

  it("asks the same access decision as the data API: conditional and unpublished data are refused", async () => {
    const denied = await action(p.anonymous, "datastore_search", `resource_id=${p.ids.penalties}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ __type: "Authorization Error", message: expect.stringContaining("application") });
    expect((await action(p.anonymous, "datastore_search", `resource_id=${p.ids.births}`)).status).toBe(404);
    expect((await action(p.anonymous, "datastore_search", `resource_id=${p.ids.file}`)).status).toBe(404);
  });

  it("is on the audit record as a data query with its fields and row count (004 §28)", async () => {
    await search(p.anonymous, { fields: ["company_name"], limit: 2 });
    const r = await sql<{ action: string; fields: string[]; row_count: number; subject_id: string }>`select action, fields, row_count, subject_id from audit_entries
      where dataset_id = ${p.ids.company} and action = 'data.query' order by seq desc limit 1`.execute(p.server.database.db);
    expect(r.rows[0]).toEqual({ action: "data.query", fields: ["company_name"], row_count: 2, subject_id: p.ids.company });
  });
});
