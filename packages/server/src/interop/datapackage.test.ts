// The Frictionless data package of an entry, validated with the Frictionless JS library (`datapackage`,
// which checks descriptors against the spec's Data Package / Tabular Data Package profiles and Table Schema).
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInteropPlatform, type InteropPlatform } from "./fixtures/platform";

// A CommonJS package without types.
const { validate } = createRequire(import.meta.url)("datapackage") as { validate(descriptor: object): Promise<{ valid: boolean; errors: Error[] }> };
const VALID = { valid: true, errors: [] };

let p: InteropPlatform;
beforeAll(async () => {
  p = await startInteropPlatform();
});
afterAll(async () => p?.close());

const datapackage = (client: InteropPlatform["anonymous"], id: string) => client.get(`/api/v1/datasets/${id}/datapackage.json`);

describe("datapackage.json", () => {
  it("is a valid data package: the table with its Table Schema, and the entry's files", async () => {
    const res = await datapackage(p.anonymous, p.ids.company);
    expect(res.status).toBe(200);
    expect(await validate(res.body)).toEqual(VALID);
    const base = p.server.url.replace(/\/$/, "");
    const [table, file] = res.body.resources;
    expect(res.body).toMatchObject({ profile: "data-package", name: expect.stringMatching(/^[-a-z0-9._/]+$/), id: `${base}/datasets/${p.ids.company}` });
    // The validator does refuse what the spec refuses.
    const broken = { ...res.body, resources: [{ ...table, schema: { fields: [{ name: "x", type: "text" }] } }] };
    expect((await validate(broken)).valid).toBe(false);
    expect(table).toMatchObject({ name: "data", profile: "tabular-data-resource", path: `${base}/api/v1/datasets/${p.ids.company}/download?format=csv`, format: "csv", rows: 3 });
    expect(file).toMatchObject({ name: `file-${p.ids.file}`, title: "字段说明.csv", path: `${base}/api/v1/datasets/${p.ids.company}/files/${p.ids.file}`, mediatype: "text/csv", hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });

  it("takes types, required, maxLength and the primary key from the entry's fields", async () => {
    const { schema } = (await datapackage(p.anonymous, p.ids.company)).body.resources[0];
    const field = (name: string) => schema.fields.find((f: { name: string }) => f.name === name);
    // 企业登记注册信息: credit_code is the key, 18 characters; company_name required, 200 characters.
    expect(field("credit_code")).toMatchObject({ title: "统一社会信用代码", type: "string", constraints: { required: true, maxLength: 18 } });
    expect(field("company_name")).toMatchObject({ type: "string", constraints: { required: true, maxLength: 200 } });
    expect(field("registered_capital")).toEqual({ name: "registered_capital", title: "注册资本（万元）", type: "number" });
    expect(field("established_on").type).toBe("date");
    expect(schema.primaryKey).toEqual(["credit_code"]);
  });

  it("describes an entry once published, as a Tabular Data Package when it has no files", async () => {
    const content = {
      title: "个体工商户登记信息",
      code: "T-GTGSH-DP01",
      summary: "个体工商户字号与开业时间",
      catalogKind: "department",
      theme: "economy",
      fields: [
        { name: "shop_name", title: "字号名称", type: "string", level: 1, key: true },
        { name: "opened_at", title: "开业时间", type: "datetime", level: 1 },
      ],
      formats: ["csv"],
      updateFrequency: "monthly",
      shareType: "unconditional",
      openType: "unconditional",
      level: 1,
      tags: ["个体户"],
      contact: { name: "陈目录" },
    };
    // A draft: nothing to describe yet for its provider, and absent for everyone else.
    const draft = await p.market.post("/api/v1/datasets", { content: { ...content, code: "T-GTGSH-DP00" } });
    expect((await datapackage(p.market, draft.body.dataset.id)).status).toBe(409);
    expect((await datapackage(p.anonymous, draft.body.dataset.id)).status).toBe(404);

    const publicPackage = (await datapackage(p.anonymous, await p.publish(content))).body;
    expect(publicPackage).toMatchObject({ profile: "tabular-data-package", name: "t-gtgsh-dp01", keywords: ["个体户"], version: "1" });
    expect(publicPackage.resources[0].schema).toEqual({
      fields: [
        { name: "shop_name", title: "字号名称", type: "string", constraints: { required: true } },
        { name: "opened_at", title: "开业时间", type: "datetime" },
      ],
      primaryKey: ["shop_name"],
      missingValues: [""],
    });
    expect(await validate(publicPackage)).toEqual(VALID);
  });

  it("describes an entry the caller may not read the data of from its catalog fields", async () => {
    // 市场监管行政处罚信息 is open on conditions: no data without an application, but the catalog is public.
    const res = await datapackage(p.anonymous, p.ids.penalties);
    expect(res.status).toBe(200);
    expect(res.body.resources[0].schema.fields.map((f: { name: string }) => f.name)).toEqual(["decision_no", "party_name", "violation", "penalty", "decided_on"]);
    expect(await validate(res.body)).toEqual(VALID);
  });

  it("is absent for an entry that is not open, as in the catalog", async () => {
    expect((await datapackage(p.anonymous, p.ids.births)).status).toBe(404);
    expect((await datapackage(p.health, p.ids.births)).status).toBe(200);
  });
});
