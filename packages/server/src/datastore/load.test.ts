import { creditCodeCheckChar } from "@shuyuan/core";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { type ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let anonymous: ApiClient;
let market: ApiClient;
let health: ApiClient;
let reviewer: ApiClient;
let company: string; // 企业登记注册信息, market's open entry

const HEADER = "credit_code,company_name,company_type,registered_capital,established_on,registration_authority,status";
const creditCode = (i: number) => {
  const first17 = `91230100MA${String(i).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
};
const good = (i: number) => `${creditCode(i)},哈尔滨数源示例${i}有限公司,有限责任公司,${100 + i},2020-01-${String(1 + (i % 28)).padStart(2, "0")},哈尔滨市市场监督管理局,存续`;

beforeAll(async () => {
  server = await startTestServer();
  [anonymous, market, health, reviewer] = Array.from({ length: 4 }, () => clientFor(server));
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  await reviewer.login("reviewer", DEMO_PASSWORD);
  const res = await market.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent("企业登记注册信息")}`);
  company = res.body.items.find((i: { title: string }) => i.title === "企业登记注册信息").id;
});
afterAll(async () => server?.close());

const upload = (client: ApiClient, name: string, data: Uint8Array) => client.upload(`/api/v1/datasets/${company}/table`, { name, data, type: "text/csv" });

describe("mounting table data (数据挂接)", () => {
  it("a GBK CSV with bad rows loads its good rows, with a quality report and a rejected-rows file", async () => {
    const lines = [HEADER, ...Array.from({ length: 50 }, (_, i) => good(i))];
    const valid = creditCode(9999);
    lines.push(`${valid.slice(0, 17)}${valid[17] === "0" ? "1" : "0"},校验位错误公司,有限责任公司,1,2020-01-01,哈尔滨市市场监督管理局,存续`); // bad check digit
    lines.push(`${creditCode(51)},日期错误公司,有限责任公司,1,2020-02-30,哈尔滨市市场监督管理局,存续`); // impossible date
    const gbk = iconv.encode(lines.join("\r\n") + "\r\n", "gbk");
    const res = await upload(market, "企业登记.csv", gbk);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ version: 1, hasRejects: true });
    expect(res.body.report, JSON.stringify(res.body.report)).toMatchObject({ rowsRead: 52, rowsLoaded: 50, rowsRejected: 2 });
    expect(res.body.report.encoding).toMatch(/gb/i);

    const rows = await anonymous.get(`/api/v1/datasets/${company}/rows?limit=100`);
    expect(rows.body.total).toBe(50);
    expect(rows.body.items[0].company_name).toBe("哈尔滨数源示例0有限公司");

    const versions = (await market.get(`/api/v1/datasets/${company}/table-versions`)).body.items;
    expect(versions[0]).toMatchObject({ version: 1, status: "ready", serving: true, rowsLoaded: 50, rowsRejected: 2, hasRejects: true });
    const rejects = await market.download(`/api/v1/datasets/${company}/table-versions/1/rejects.csv`);
    expect(rejects.status).toBe(200);
    expect(rejects.data.toString("utf8")).toContain("校验位错误公司");
    // The supervising authority reads the history; another department does not.
    expect((await reviewer.get(`/api/v1/datasets/${company}/table-versions`)).status).toBe(200);
    expect((await health.get(`/api/v1/datasets/${company}/table-versions`)).status).toBe(404);
  });

  it("the same data in UTF-8 (with a BOM) loads identically as the next version, swapped in; exporting it round-trips", async () => {
    const lines = [HEADER, ...Array.from({ length: 50 }, (_, i) => good(i))];
    const res = await upload(market, "企业登记-utf8.csv", new TextEncoder().encode("\uFEFF" + lines.join("\n") + "\n"));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ version: 2, hasRejects: false, report: { rowsLoaded: 50, rowsRejected: 0 } });
    const v = (await market.get(`/api/v1/datasets/${company}/table-versions`)).body.items;
    expect(v.map((x: { version: number; status: string; serving: boolean }) => [x.version, x.status, x.serving])).toEqual([
      [2, "ready", true],
      [1, "superseded", false],
    ]);
    const csv = (await anonymous.download(`/api/v1/datasets/${company}/download`)).data.toString("utf8");
    expect(csv.slice(1).trim().split(/\r?\n/)).toEqual(lines);
  });

  it("a file that fails entirely leaves the serving version untouched", async () => {
    const res = await upload(market, "wrong.csv", new TextEncoder().encode("a;b;c\n1;2;3\n"));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const rows = await anonymous.get(`/api/v1/datasets/${company}/rows?limit=1`);
    expect(rows.body).toMatchObject({ total: 50, tableVersion: 2 });
  });

  it("an empty file and a header-only file get clear errors, never a 500", async () => {
    for (const data of [new Uint8Array(), new TextEncoder().encode(HEADER + "\n")]) {
      const res = await upload(market, "x.csv", data);
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.messageEn).toBeTruthy();
    }
  });

  it("only the provider's catalog editors mount data; a ../ file name is only a name", async () => {
    expect((await upload(health, "x.csv", new TextEncoder().encode(HEADER + "\n" + good(1)))).status).toBe(404);
    expect((await upload(anonymous, "x.csv", new TextEncoder().encode(HEADER))).status).toBe(401);
    const res = await upload(market, "../../etc/passwd.csv", new TextEncoder().encode(HEADER + "\n" + good(1) + "\n"));
    expect(res.status).toBe(201);
    const v = (await market.get(`/api/v1/datasets/${company}/table-versions`)).body.items[0];
    expect(v.source.name).toBe("passwd.csv");
  });
});
