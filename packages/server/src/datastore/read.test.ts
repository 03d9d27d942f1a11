import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { MASKS, maskValue } from "@shuyuan/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskCall, maskedColumn, maskExpression, selectList } from "./sql";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { newCitizenId } from "../testing/factories";
import { type ApiClient, clientFor } from "../testing/http-client";
import { mountTable } from "../testing/mount-table";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let anonymous: ApiClient;
let market: ApiClient; // provider of the company register
let health: ApiClient; // another department
let reviewer: ApiClient;
const ids: Record<string, string> = {};

const companyFields = [
  { name: "credit_code", type: "string" },
  { name: "company_name", type: "string" },
  { name: "company_type", type: "string" },
  { name: "registered_capital", type: "number" },
  { name: "established_on", type: "date" },
  { name: "registration_authority", type: "string" },
  { name: "status", type: "string" },
] as const;

const N = 1234;
const companyRows = Array.from({ length: N }, (_, i) => [
  `91230100MA${String(i).padStart(7, "0")}X`,
  i === 7 ? "=HYPERLINK(\"http://evil\")" : `哈尔滨示例企业${i}有限公司`,
  i % 3 === 0 ? "有限责任公司" : "股份有限公司",
  i % 10 === 0 ? null : String(100 + i * 1.5),
  `20${String(10 + (i % 15)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 9}`,
  "哈尔滨市市场监督管理局",
  i % 5 === 0 ? "注销" : "存续",
]);

async function idOf(client: ApiClient, title: string) {
  const res = await client.get(`/api/v1/datasets?q=${encodeURIComponent(title)}&scope=all`);
  return res.body.items.find((i: { title: string }) => i.title === title).id as string;
}

beforeAll(async () => {
  server = await startTestServer();
  [anonymous, market, health, reviewer] = Array.from({ length: 4 }, () => clientFor(server));
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  await reviewer.login("reviewer", DEMO_PASSWORD);
  const db = server.database.db;
  ids.company = await idOf(market, "企业登记注册信息");
  ids.penalties = await idOf(market, "市场监管行政处罚信息");
  ids.births = await idOf(health, "出生医学证明签发信息");
  await mountTable(db, ids.company, companyFields, companyRows);
  await mountTable(db, ids.penalties, [{ name: "decision_no", type: "string" }], [["哈市监罚〔2026〕1号"]]);
  await mountTable(db, ids.births, [{ name: "certificate_no", type: "string" }, { name: "baby_name", type: "string" }, { name: "mother_citizen_id", type: "string" }], [["P230100001", "张小明", "230102198501011234"]]);

  // An open entry with personal fields (001 §7 warns; the public sees them masked).
  const created = await market.post("/api/v1/datasets", {
    content: {
      title: "个体工商户经营者信息",
      code: "T-GTGSH-0001",
      summary: "个体工商户名称与经营者联系方式",
      catalogKind: "department",
      theme: "economy",
      fields: [
        { name: "shop_name", title: "字号名称", type: "string", level: 1 },
        { name: "owner_name", title: "经营者姓名", type: "string", level: 2, sensitivity: "name" },
        { name: "owner_phone", title: "联系电话", type: "string", level: 2, sensitivity: "phone" },
        { name: "secret_note", title: "内部备注", type: "string", level: 4 },
      ],
      formats: ["csv"],
      updateFrequency: "monthly",
      shareType: "unconditional",
      openType: "unconditional",
      level: 4,
      tags: [],
      contact: { name: "陈目录" },
    },
  });
  // Level 4 may not be opened (003 §23): publish it at level 2 with the level-4 field kept.
  expect(created.status).toBe(400);
  const level2 = await market.post("/api/v1/datasets", { content: personalEntry() });
  expect(level2.status, JSON.stringify(level2.body)).toBe(201);
  ids.shops = level2.body.dataset.id;
  await market.post(`/api/v1/datasets/${ids.shops}/submit`, {});
  expect((await reviewer.post(`/api/v1/datasets/${ids.shops}/review`, { decision: "approve" })).status).toBe(200);
  await mountTable(db, ids.shops, [
    { name: "shop_name", type: "string" },
    { name: "owner_name", type: "string" },
    { name: "owner_phone", type: "string" },
  ], [["老王烧烤", "王建军", "13912345678"], ["李记面馆", "李娜", "13800001111"]]);
});
afterAll(async () => server?.close());

function personalEntry() {
  return {
      title: "个体工商户经营者信息",
      code: "T-GTGSH-0002",
      summary: "个体工商户名称与经营者联系方式",
      catalogKind: "department",
      theme: "economy",
      fields: [
        { name: "shop_name", title: "字号名称", type: "string", level: 1 },
        { name: "owner_name", title: "经营者姓名", type: "string", level: 2, sensitivity: "name" },
        { name: "owner_phone", title: "联系电话", type: "string", level: 2, sensitivity: "phone" },
      ],
      formats: ["csv"],
      updateFrequency: "monthly",
      shareType: "unconditional",
      openType: "unconditional",
      level: 2,
      tags: [],
      contact: { name: "陈目录" },
  };
}

const rows = (client: ApiClient, id: string, query = "") => client.get(`/api/v1/datasets/${id}/rows${query ? `?${query}` : ""}`);

describe("query API", () => {
  it("pages through every row with the keyset cursor, the total on the first page", async () => {
    const first = await rows(anonymous, ids.company, "limit=500");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: N, totalIsLowerBound: false, tableVersion: 1 });
    expect(first.body.items).toHaveLength(500);
    expect(first.body.items[0]).toMatchObject({ _row: 1, credit_code: "91230100MA0000000X", status: "注销" });
    const seen = first.body.items.map((r: { _row: number }) => r._row);
    let next = first.body.next;
    while (next) {
      const page = await rows(anonymous, ids.company, `limit=500&after=${next}`);
      expect(page.body.total).toBeNull();
      seen.push(...page.body.items.map((r: { _row: number }) => r._row));
      next = page.body.next;
    }
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it("sorts by a field with nulls last, and the cursor keeps the order across pages", async () => {
    const all: { registered_capital: string | null; _row: number }[] = [];
    let next: string | null = "";
    do {
      const page = await rows(anonymous, ids.company, `fields=registered_capital&sort=-registered_capital&limit=97${next ? `&after=${next}` : ""}`);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      next = page.body.next;
    } while (next);
    expect(all).toHaveLength(N);
    const values = all.map((r) => r.registered_capital);
    const nonNull = values.filter((v) => v !== null).map(Number);
    expect(nonNull).toEqual([...nonNull].sort((a, b) => b - a));
    expect(values.slice(nonNull.length).every((v) => v === null)).toBe(true);
    expect(new Set(all.map((r) => r._row)).size).toBe(N);
  });

  it("filters: eq, in, range, prefix and null, with the capped total", async () => {
    const eq = await rows(anonymous, ids.company, `f.credit_code=eq.91230100MA0000042X`);
    expect(eq.body.items).toHaveLength(1);
    expect(eq.body.total).toBe(1);
    const inList = await rows(anonymous, ids.company, `f.status=in.${encodeURIComponent("注销,吊销")}&limit=1000`);
    expect(inList.body.total).toBe(Math.ceil(N / 5));
    expect(inList.body.items.every((r: { status: string }) => r.status === "注销")).toBe(true);
    const range = await rows(anonymous, ids.company, `f.established_on=gte.2020-01-01&f.established_on=lt.2022-01-01&limit=1000`);
    expect(range.body.items.every((r: { established_on: string }) => r.established_on >= "2020-01-01" && r.established_on < "2022-01-01")).toBe(true);
    expect(range.body.total).toBe(range.body.items.length);
    const prefix = await rows(anonymous, ids.company, `f.company_name=prefix.${encodeURIComponent("哈尔滨示例企业12")}&limit=1000`);
    expect(prefix.body.items.every((r: { company_name: string }) => r.company_name.startsWith("哈尔滨示例企业12"))).toBe(true);
    expect(prefix.body.total).toBe(companyRows.filter((r) => String(r[1]).startsWith("哈尔滨示例企业12")).length);
  });

  it("selects fields", async () => {
    const res = await rows(anonymous, ids.company, "fields=company_name,credit_code&limit=1");
    expect(Object.keys(res.body.items[0])).toEqual(["_row", "company_name", "credit_code"]);
    expect(res.body.fields).toEqual([
      { name: "company_name", type: "string", masked: false },
      { name: "credit_code", type: "string", masked: false },
    ]);
  });

  it.each([
    ["f.credit_code", "eq.'; drop table datasets; --", 200],
    ["f.registered_capital", "gt.1 or 1=1", 400],
    ["f.established_on", "eq.2026-02-30", 400],
    ["f.nope", "eq.1", 400],
    ["f.status", "regex..*", 400],
    ["sort", "status; drop table datasets", 400],
    ["fields", "credit_code,pg_sleep(5)", 400],
    ["limit", "1e9", 400],
    ["after", "eyJhIjoxfQ", 400],
    ["after", "'); drop table x; --", 400],
  ])("injection attempt %s=%s answers %i and runs no SQL of its own", async (key, value, status) => {
    const res = await rows(anonymous, ids.company, `${key}=${encodeURIComponent(value)}`);
    expect(res.status).toBe(status);
    if (status === 400) expect(res.body.error.fields[0].path).toBe(key);
    else expect(res.body.items).toEqual([]);
    const alive = await sql<{ n: number }>`select count(*)::int as n from datasets`.execute(server.database.db);
    expect(alive.rows[0].n).toBeGreaterThan(0);
  });
});

describe("access: one decision for every read (decideAccess)", () => {
  it("001 §9: unconditionally open data is read without logging in; preview gives the first 20 rows", async () => {
    const res = await anonymous.get(`/api/v1/datasets/${ids.company}/preview`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(20);
  });

  it("001 §10; 004 §34: conditionally open data needs an approved application", async () => {
    const res = await rows(anonymous, ids.penalties);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("application_required");
    expect((await rows(market, ids.penalties)).status).toBe(200); // its provider
  });

  it("a share-only entry is invisible to the public and not readable by another department without a grant", async () => {
    expect((await rows(anonymous, ids.births)).status).toBe(404);
    const other = await rows(market, ids.births);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("not_open");
    const own = await rows(health, ids.births);
    expect(own.status).toBe(200);
    expect(own.body.items[0].mother_citizen_id).toBe("230102198501011234");
  });

  it("001 §7: personal fields are masked for the public, raw for the provider; masked fields cannot be filtered", async () => {
    const pub = await rows(anonymous, ids.shops);
    expect(pub.body.items[0]).toMatchObject({ shop_name: "老王烧烤", owner_name: "王**", owner_phone: "139****5678" });
    expect(pub.body.fields.find((f: { name: string }) => f.name === "owner_phone").masked).toBe(true);
    const own = await rows(market, ids.shops);
    expect(own.body.items[0]).toMatchObject({ owner_name: "王建军", owner_phone: "13912345678" });
    const probe = await rows(anonymous, ids.shops, "f.owner_phone=eq.13912345678");
    expect(probe.status).toBe(400);
  });

  it("003 §23: a level-2 entry is queried but not downloaded by the public; its provider downloads it", async () => {
    expect((await anonymous.get(`/api/v1/datasets/${ids.shops}/download`)).status).toBe(403);
    expect((await market.download(`/api/v1/datasets/${ids.shops}/download`)).status).toBe(200);
  });

  it("an entry with no data mounted answers 404 no_data", async () => {
    const id = await idOf(anonymous, "公交线路与站点信息");
    const res = await rows(anonymous, id);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("no_data");
  });

  it("a change to the entry or its table made elsewhere (another server instance) applies to the next read at once", async () => {
    const db = server.database.db;
    const id = await idOf(anonymous, "公交线路与站点信息");
    await mountTable(db, id, [{ name: "line_no", type: "string" }], [["1路"]]);
    // Read twice: the second read comes from the kept access inputs.
    for (let i = 0; i < 2; i++) expect((await rows(anonymous, id)).body.items).toMatchObject([{ line_no: "1路" }]);
    // A new table version swapped in by plain SQL: served by the very next read.
    await mountTable(db, id, [{ name: "line_no", type: "string" }], [["2路"], ["3路"]]);
    const swapped = await rows(anonymous, id);
    expect(swapped.body).toMatchObject({ items: [{ line_no: "2路" }, { line_no: "3路" }], tableVersion: 2 });
    // The entry closed to the public by plain SQL: the next anonymous read is refused, and opened again, served.
    await db.updateTable("datasets").set({ open_type: "none" }).where("id", "=", id).execute();
    expect((await rows(anonymous, id)).status).toBe(404);
    await db.updateTable("datasets").set({ open_type: "unconditional" }).where("id", "=", id).execute();
    expect((await rows(anonymous, id)).status).toBe(200);
    // The table version withdrawn: no data.
    await db.updateTable("table_versions").set({ status: "superseded" }).where("dataset_id", "=", id).execute();
    expect((await rows(anonymous, id)).body.error.code).toBe("no_data");
  });

  it("a page read again is served from memory (a ready table never changes), every read still audited", async () => {
    const db = server.database.db;
    const id = await idOf(anonymous, "公交线路与站点信息");
    const { tableName } = await mountTable(db, id, [{ name: "line_no", type: "string" }], [["5路"], ["6路"]]);
    const audited = async () => (await sql<{ n: number }>`select count(*)::int as n from audit_entries where dataset_id = ${id} and action = 'data.query'`.execute(db)).rows[0].n;
    const before = await audited();
    expect((await rows(anonymous, id, "limit=10")).body.items).toEqual([{ _row: 1, line_no: "5路" }, { _row: 2, line_no: "6路" }]);
    // Only a test edits a ready table: the kept page shows that the second read did not go to the table.
    await sql`update ${sql.id("datastore", tableName)} set line_no = '7路' where _row = 1`.execute(db);
    expect((await rows(anonymous, id, "limit=10")).body.items).toEqual([{ _row: 1, line_no: "5路" }, { _row: 2, line_no: "6路" }]);
    // Another statement (another page size) reads the table.
    expect((await rows(anonymous, id, "limit=9")).body.items[0]).toEqual({ _row: 1, line_no: "7路" });
    expect(await audited()).toBe(before + 3);
  });

  it("004 §28: every read is on the audit record with the dataset, fields and row count", async () => {
    await rows(anonymous, ids.company, "fields=credit_code&limit=3");
    const r = await sql<{ action: string; fields: string[]; row_count: number }>`select action, fields, row_count from audit_entries
      where dataset_id = ${ids.company} and action = 'data.query' order by seq desc limit 1`.execute(server.database.db);
    expect(r.rows[0]).toEqual({ action: "data.query", fields: ["credit_code"], row_count: 3 });
  });
});

describe("001 §15: update frequency", () => {
  it("001 §15: an entry loaded within its frequency is fresh; once overdue it is flagged to its provider and the authority, not to others", async () => {
    server.app.cases.clock.today = () => "2026-11-25";
    await sql`update datasets set last_loaded_at = '2026-11-24T10:00:00+08:00' where id = ${ids.company}`.execute(server.database.db);
    expect((await anonymous.get(`/api/v1/datasets/${ids.company}`)).body.freshness).toEqual({ state: "fresh", lastLoadedOn: "2026-11-24", dueOn: "2026-11-25", overdueDays: 0 });
    const staleIds = async (c: ApiClient) => (await c.get("/api/v1/catalog/stale?pageSize=100")).body.items.map((i: { id: string }) => i.id);
    expect(await staleIds(market)).not.toContain(ids.company);

    await sql`update datasets set last_loaded_at = '2026-11-21T10:00:00+08:00' where id = ${ids.company}`.execute(server.database.db);
    const stale = (await market.get("/api/v1/catalog/stale?pageSize=100")).body;
    const mine = stale.items.find((i: { id: string }) => i.id === ids.company);
    expect(mine.freshness).toEqual({ state: "stale", lastLoadedOn: "2026-11-21", dueOn: "2026-11-22", overdueDays: 3 });
    expect(await staleIds(reviewer)).toContain(ids.company);
    expect(await staleIds(health)).not.toContain(ids.company);
    // A scheduled entry with no data mounted is listed too; an irregular one never.
    const noData = stale.items.find((i: { title: string }) => i.title === "食品经营许可证信息");
    expect(noData.freshness).toEqual({ state: "no_data" });
    expect((await anonymous.get("/api/v1/catalog/stale")).status).toBe(401);
  });
});

describe("masking in SQL", () => {
  it("001 §7: PostgreSQL masks exactly as core's maskValue, short values included, inline and as datastore.mask", async () => {
    const values = ["", "张", "张三", "12345", "230102", "230102900307123", "230102198501011234", "13912345678", "𠮷野家烧烤店", "a@b.cn", null];
    // Beside the platform's masks, one keeping no start (the expression leaves out an end kept at nothing).
    for (const [kind, spec] of [...Object.entries(MASKS), ["no start kept", { keepStart: 0, keepEnd: 2, minMasked: 3 }] as const]) {
      for (const v of values) {
        const r = await sql<{ inline: string | null; call: string | null }>`select ${maskExpression(sql`${v}::text`, spec!)} as inline, ${maskCall(sql`${v}::text`, spec!)} as call`.execute(server.database.db);
        expect(r.rows[0], `${kind} ${v}`).toEqual({ inline: maskValue(spec!, v), call: maskValue(spec!, v) });
      }
    }
  });
});

describe("downloads", () => {
  it("CSV is UTF-8 with a BOM, every row, formula cells neutralised", async () => {
    const res = await anonymous.download(`/api/v1/datasets/${ids.company}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = res.data.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe(companyFields.map((f) => f.name).join(","));
    expect(lines).toHaveLength(N + 1);
    expect(lines[8]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain("91230100MA0000000X");
  });

  it("GBK on request decodes to the same text", async () => {
    const utf8 = (await anonymous.download(`/api/v1/datasets/${ids.company}/download`)).data.toString("utf8").slice(1);
    const gbk = await anonymous.download(`/api/v1/datasets/${ids.company}/download?encoding=gbk`);
    expect(gbk.data.includes(Buffer.from("哈尔滨", "utf8"))).toBe(false);
    expect(iconv.decode(gbk.data, "gb18030")).toBe(utf8);
  });

  it("JSON and XLSX carry the same rows; filters apply to downloads too", async () => {
    const json = await anonymous.download(`/api/v1/datasets/${ids.company}/download?format=json&f.status=${encodeURIComponent("eq.注销")}`);
    const parsed = JSON.parse(json.data.toString("utf8"));
    expect(parsed).toHaveLength(Math.ceil(N / 5));
    expect(parsed[0]).toMatchObject({ credit_code: "91230100MA0000000X", status: "注销" });
    const xlsx = await anonymous.download(`/api/v1/datasets/${ids.company}/download?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.data as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(N + 1);
    expect(sheet.getRow(9).getCell(2).value).toBe(`'=HYPERLINK("http://evil")`);
  });
});

describe("masks stored at load (001 §7)", () => {
  // Awkward values for a mask: a formula, a one-character and an astral name, an empty cell, a landline.
  const owners = [
    ["老王烧烤", "王建军", "13912345678", newCitizenId()],
    ["李记面馆", "李", "0451-86661234", newCitizenId("230103")],
    ["公式店", '=HYPERLINK("http://evil")', "13800001111", newCitizenId()],
    ["𠮷野家", "𠮷田", "", newCitizenId()],
    ["无名店", "", "13700002222", ""],
  ];
  const masked = (kind: "name" | "phone" | "citizen_id" | "address", v: string) => (v === "" ? null : maskValue(MASKS[kind]!, v));
  const field = (name: string, title: string, sensitivity?: string) => ({ name, title, type: "string", level: 1, ...(sensitivity ? { sensitivity } : {}) });
  const content = (ownerNameSensitivity: string) => ({
    ...personalEntry(),
    code: "T-GTGSH-0003",
    level: 1,
    fields: [field("shop_name", "字号名称"), field("owner_name", "经营者姓名", ownerNameSensitivity), field("owner_phone", "联系电话", "phone"), field("owner_id", "经营者身份证号", "citizen_id")],
  });
  let id: string;
  let tableName: string;

  beforeAll(async () => {
    const created = await market.post("/api/v1/datasets", { content: content("name") });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.dataset.id;
    await market.post(`/api/v1/datasets/${id}/submit`, {});
    expect((await reviewer.post(`/api/v1/datasets/${id}/review`, { decision: "approve" })).status).toBe(200);
    const csv = ["shop_name,owner_name,owner_phone,owner_id", ...owners.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(","))].join("\n");
    const loaded = await market.upload(`/api/v1/datasets/${id}/table`, { name: "owners.csv", data: new TextEncoder().encode(csv), type: "text/csv" });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
    expect(loaded.body.report.rowsLoaded).toBe(owners.length);
    tableName = (await server.database.db.selectFrom("table_versions").select("table_name").where("dataset_id", "=", id).where("status", "=", "ready").executeTakeFirstOrThrow()).table_name;
  });

  it("001 §7: a load stores each sensitive text field's mask, exactly as core's maskValue", async () => {
    const names = { owner_name: maskedColumn("owner_name", MASKS.name!)!, owner_phone: maskedColumn("owner_phone", MASKS.phone!)!, owner_id: maskedColumn("owner_id", MASKS.citizen_id!)! };
    expect(names.owner_phone).toBe("owner_phone*3.4.4");
    const stored = await sql<Record<string, string | null>>`select ${sql.join(Object.values(names).map((n) => sql.id(n)))} from ${sql.id("datastore", tableName)} order by _row`.execute(server.database.db);
    expect(stored.rows).toEqual(owners.map(([, name, phone, citizenId]) => ({ [names.owner_name]: masked("name", name), [names.owner_phone]: masked("phone", phone), [names.owner_id]: masked("citizen_id", citizenId) })));
  });

  it("001 §7: the public reads and downloads the stored masks; formula cells are still neutralised; the provider reads raw values", async () => {
    const expected = owners.map(([shop, name, phone, citizenId]) => ({ shop_name: shop, owner_name: masked("name", name), owner_phone: masked("phone", phone), owner_id: masked("citizen_id", citizenId) }));
    expect((await rows(anonymous, id)).body.items.map(({ _row, ...r }: Record<string, unknown>) => r)).toEqual(expected);
    expect(JSON.parse((await anonymous.download(`/api/v1/datasets/${id}/download?format=json`)).data.toString("utf8"))).toEqual(expected);
    const lines = (await anonymous.download(`/api/v1/datasets/${id}/download`)).data.toString("utf8").slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(owners.length + 1);
    expect(lines[3]).toBe(`公式店,'=${"*".repeat([...owners[2][1]].length - 1)},138****1111,${masked("citizen_id", owners[2][3])}`);
    expect(lines[5]).toBe("无名店,,137****2222,");
    const own = await rows(market, id);
    expect(own.body.items.map((r: Record<string, string | null>) => r.owner_id)).toEqual(owners.map((r) => r[3] || null));
    // Read from the stored column, where the table has it: no mask computed per cell.
    const phone = [{ name: "owner_phone", type: "string" as const, mask: MASKS.phone! }];
    const select = (columns?: Set<string>) => sql`select ${selectList(phone, { neutraliseFormulas: true, columns })}`.compile(server.database.db).sql;
    expect(select(new Set(["owner_phone", "owner_phone*3.4.4"]))).toContain('"owner_phone*3.4.4"');
    expect(select(new Set(["owner_phone", "owner_phone*3.4.4"]))).not.toContain("repeat(");
    expect(select(new Set(["owner_phone"]))).toContain("repeat(");
  });

  it("001 §7: once the field's sensitivity changes, reads mask by the new kind, not by what the load stored", async () => {
    const current = (await market.get(`/api/v1/datasets/${id}`)).body;
    const saved = await market.put(`/api/v1/datasets/${id}/draft`, { content: content("address"), expectedRevision: current.draftRevision ?? 1 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await market.post(`/api/v1/datasets/${id}/submit`, { changeSummary: "经营者姓名按地址脱敏" });
    expect((await reviewer.post(`/api/v1/datasets/${id}/review`, { decision: "approve" })).status).toBe(200);
    const items = (await rows(anonymous, id)).body.items;
    expect(items.map((r: Record<string, string | null>) => r.owner_name)).toEqual(owners.map((r) => masked("address", r[1])));
    const csv = (await anonymous.download(`/api/v1/datasets/${id}/download`)).data.toString("utf8");
    expect(csv).toContain(`,${masked("address", "王建军")},`);
    expect(csv).not.toContain(`,${masked("name", "王建军")},`);
  });
});
