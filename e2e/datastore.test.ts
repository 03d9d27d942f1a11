// Browser journey through mounting data (数据挂接, 004 §19): the market regulator's catalog editor first has a
// file of the wrong kind refused with its reason, then uploads a GBK-encoded CSV onto one of its published
// entries; the quality report names the rejected rows (a forged credit-code check character, a ragged row)
// and offers them as a file; the fixed file loads as version 2, which serves with nothing rejected. An
// anonymous visitor reads the rows on the public dataset page, downloads them as CSV for Excel (UTF-8 with
// a BOM) and finds the entry's file and API (attached through the API beforehand). Last, a large upload on
// a throttled connection shows its progress, then the indexing state. Real server (fresh embedded
// database, demo accounts, no demo tables) serving the built web app, driven in Debian's Chromium.
import fs from "node:fs";
import { creditCodeCheckChar } from "@shuyuan/core";
import iconv from "iconv-lite";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import type { RunningServer } from "../packages/server/src/server";
import { PDF } from "../packages/server/src/storage/fixtures.testing";
import { clientFor } from "../packages/server/src/testing/http-client";
import { startTestServer } from "../packages/server/src/testing/test-server";
import { type BrowserSession, journeyDescribe, openBrowser, screenshotOnFailure } from "./support";

const journey = journeyDescribe("e2e/datastore.test.ts");

/** The demo's food-business licences (230000-SCJG-0002): a key, a credit-code field with its check character, a date. */
const TITLE = "食品经营许可证信息";
const STALE = "逾期未更新的目录条目";
const HEADER = ["许可证编号", "经营者名称", "统一社会信用代码", "经营场所", "主体业态", "有效期至"];

const creditCode = (n: number) => {
  const first17 = `91230000MA${String(n).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
};
/** The same code with another, wrong, check character. */
const forged = (code: string) => code.slice(0, 17) + (code[17] === "0" ? "1" : "0");

const ROWS = [
  ["JY23000000000001", "哈尔滨龙江餐饮1店", creditCode(101), "哈尔滨中央大街1号", "餐饮服务经营者", "2028-06-30"],
  ["JY23000000000002", "哈尔滨北国食品2店", creditCode(102), "哈尔滨红旗大街2号", "食品销售经营者", "2029-01-15"],
  ["JY23000000000003", "哈尔滨松花餐饮3店", creditCode(103), "哈尔滨学府路3号", "单位食堂", "2027-12-31"],
  ["JY23000000000004", "哈尔滨冰城食品4店", creditCode(104), "哈尔滨长江路4号", "食品销售经营者", "2030-03-01"],
  ["JY23000000000005", "哈尔滨嘉禾餐饮5店", creditCode(105), "哈尔滨黄河路5号", "餐饮服务经营者", "2028-09-09"],
];

/** A CSV as Excel on Chinese Windows saves it: GBK, CRLF. */
const gbkCsv = (rows: string[][]) => iconv.encode([HEADER, ...rows].map((r) => r.join(",")).join("\r\n") + "\r\n", "gbk");

/** Row 3 of the file (the second data row) carries a forged credit code; row 5 lacks its last column. */
const BAD_ROWS = ROWS.map((r, i) => (i === 1 ? [r[0], r[1], forged(r[2]), r[3], r[4], r[5]] : i === 3 ? r.slice(0, 5) : r));

journey("mounting data in the browser", () => {
  let server: RunningServer;
  let session: BrowserSession;
  let page: Page;
  let datasetId = "";

  const previousAllow = process.env.SHUYUAN_API_UPSTREAM_ALLOW;

  beforeAll(async () => {
    // The entry's API is registered, never called: an internal address the operator allows.
    process.env.SHUYUAN_API_UPSTREAM_ALLOW = "127.0.0.1:9";
    server = await startTestServer();
    // A file and an API distribution on the entry, attached through the API (their UI is not this journey's).
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    const own = await market.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent(TITLE)}`);
    datasetId = (own.body.items as { id: string; title: string }[]).find((d) => d.title === TITLE)!.id;
    const file = await market.upload(`/api/v1/datasets/${datasetId}/files`, { name: "许可证说明.pdf", data: PDF });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    const api = await market.post(`/api/v1/datasets/${datasetId}/apis`, { name: "许可证核验接口", upstreamUrl: "http://127.0.0.1:9/licences" });
    expect(api.status, JSON.stringify(api.body)).toBe(201);

    session = await openBrowser(server.url);
    page = session.page;
  });
  screenshotOnFailure("datastore", () => page);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    if (previousAllow === undefined) delete process.env.SHUYUAN_API_UPSTREAM_ALLOW;
    else process.env.SHUYUAN_API_UPSTREAM_ALLOW = previousAllow;
  });

  async function logIn(login: string) {
    await page.goto("/login");
    await page.getByLabel("登录名").fill(login);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/console/profile");
  }

  async function logOut() {
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).waitFor();
  }

  const consoleNav = () => page.getByRole("navigation", { name: "控制台导航" });
  const mount = () => page.getByRole("region", { name: "挂接数据" });
  const tableRow = (table: string, ...cells: string[]) => {
    let row = page.getByRole("table", { name: table }).locator("tbody > tr.ant-table-row");
    for (const c of cells) row = row.filter({ has: page.getByRole("cell", { name: c, exact: true }) });
    return row;
  };

  /** Chooses the file and uploads it; resolves with the server's answer to the upload. */
  async function upload(name: string, bytes: Buffer) {
    await mount().locator('input[type="file"]').setInputFiles({ name, mimeType: "text/csv", buffer: bytes });
    await mount().getByText(`已选择：${name}`).waitFor();
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v1/datasets/${datasetId}/table`) && r.request().method() === "POST");
    await mount().getByRole("button", { name: "上传并加载" }).click();
    return answer;
  }

  it("the market regulator uploads a GBK CSV onto a published entry and reads the quality report", async () => {
    await logIn("market");
    // Update reminders (001 §15): the weekly entry has never had data.
    await consoleNav().getByRole("link", { name: "更新提醒" }).click();
    await tableRow(STALE, TITLE, "从未挂接数据").waitFor();
    await consoleNav().getByRole("link", { name: "目录编制" }).click();
    await page.locator(".ant-table-tbody > tr.ant-table-row").filter({ hasText: TITLE }).getByRole("link", { name: TITLE }).click();
    await page.waitForURL((u) => u.pathname === `/console/catalog/${datasetId}`);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByRole("table", { name: /^历次加载/ }).getByText("还没有加载过数据。").waitFor();

    // A file of another kind is refused before anything loads; the alert gives the reason on the file.
    const refused = await upload("说明.pdf", Buffer.from("%PDF-1.4\n"));
    expect(refused.status()).toBe(400);
    const alert = mount().getByRole("alert");
    await alert.getByText("输入有误，请检查标出的字段").waitFor();
    await alert.getByText("只接受 CSV、XLSX 或 JSON 文件").waitFor();

    const res = await upload("许可证.csv", gbkCsv(BAD_ROWS));
    expect(res.status()).toBe(201);
    expect(await mount().getByRole("alert").count()).toBe(0);
    await mount().getByRole("status").getByText("第 1 版已加载，现在提供的是这一版数据；有 2 行未通过校验，未加载。").waitFor();
    const report = mount().getByRole("region", { name: "第 1 版的质量报告" });
    // The encoding was recognised (GB18030 is the superset of GBK the server reads it as).
    await report.getByText("CSV · GB18030").waitFor();
    await report.locator(".ant-descriptions-item").filter({ hasText: "被拒绝" }).getByText("2", { exact: true }).waitFor();
    await report.locator(".ant-descriptions-item").filter({ hasText: "已加载" }).getByText("3", { exact: true }).waitFor();

    // Each rejected row is named by its row in the file, its column and the reason.
    await tableRow("被拒绝的行：行号、列和原因", "第 3 行", "统一社会信用代码", "统一社会信用代码校验位错误").waitFor();
    await tableRow("被拒绝的行：行号、列和原因", "第 5 行", "有 5 列，而表头有 6 列").waitFor();
    expect(await page.getByRole("table", { name: "被拒绝的行：行号、列和原因" }).locator("tbody > tr.ant-table-row").count()).toBe(2);

    // The rejected-rows file has them all, with their reasons.
    const rejects = report.getByRole("link", { name: "下载被拒绝的行（CSV，含原因）" });
    const rejectsFile = await page.request.get(new URL((await rejects.getAttribute("href"))!, server.url).href);
    expect(rejectsFile.status()).toBe(200);
    const rejectsText = await rejectsFile.text();
    expect(rejectsText).toContain(forged(ROWS[1][2]));
    expect(rejectsText).toContain("校验位错误");

    // Completeness per field: all three loaded rows have every field.
    await tableRow("各信息项的完整度（非空值占已加载行的比例）", "0").first().waitFor();
    await page.getByRole("progressbar", { name: "完整度：统一社会信用代码" }).first().waitFor();
  });

  it("the fixed file loads as version 2, which serves with nothing rejected", async () => {
    const res = await upload("许可证（修正）.csv", gbkCsv(ROWS));
    expect(res.status()).toBe(201);
    expect(((await res.json()) as { version: number; report: { rowsRejected: number } }).report.rowsRejected).toBe(0);
    await mount().getByRole("status").getByText("第 2 版已加载，现在提供的是这一版数据。").waitFor();
    const report = mount().getByRole("region", { name: "第 2 版的质量报告" });
    await report.locator(".ant-descriptions-item").filter({ hasText: "被拒绝" }).getByText("0", { exact: true }).waitFor();
    await report.locator(".ant-descriptions-item").filter({ hasText: "已加载" }).getByText("5", { exact: true }).waitFor();
    expect(await report.getByRole("table", { name: "被拒绝的行：行号、列和原因" }).count()).toBe(0);

    // The history: version 2 serves, version 1 was replaced; only version 1 has a rejected-rows file.
    const versions = "历次加载：版本、状态、来源文件、行数和时间";
    const v2 = tableRow(versions).filter({ hasText: "第 2 版" });
    await v2.getByText("正在提供").waitFor();
    await v2.getByText("已就绪").waitFor();
    await v2.getByText("5 / 0").waitFor();
    await v2.getByText("许可证（修正）.csv").waitFor();
    const v1 = tableRow(versions).filter({ hasText: "第 1 版" });
    await v1.getByText("已被替换").waitFor();
    await v1.getByText("3 / 2").waitFor();
    expect(await v1.getByText("正在提供").count()).toBe(0);
    await v1.getByRole("link", { name: "第 1 版被拒绝的行（CSV）" }).waitFor();
    expect(await v2.getByRole("link").count()).toBe(0);
    // Version 1's report is kept with it: opened from the history, it still names the rejected rows.
    await v1.getByRole("button", { name: "查看第 1 版的质量报告" }).click();
    await page.getByRole("region", { name: "第 1 版的质量报告" }).getByRole("cell", { name: "有 5 列，而表头有 6 列" }).waitFor();

    // Loaded today, the entry is no longer overdue; the regulator's other entries still are.
    await consoleNav().getByRole("link", { name: "更新提醒" }).click();
    await tableRow(STALE, "企业登记注册信息", "从未挂接数据").waitFor();
    // The list may show its cached rows first (stale-while-revalidate): wait for the refetch to drop the entry.
    await tableRow(STALE, TITLE).first().waitFor({ state: "detached" });
    await logOut();
  });

  it("an anonymous visitor reads the rows on the dataset page, downloads them as CSV for Excel, and finds the file and the API", async () => {
    await page.goto(`/datasets/${datasetId}`);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    const data = page.getByRole("region", { name: "数据" });
    await data.getByText("共 5 行").waitFor();
    await data.getByText("数据版本 2").waitFor();
    // Columns are labelled by the fields' titles; every row of the file is there.
    const preview = data.getByRole("table", { name: "数据预览：前 5 行" });
    await preview.getByRole("columnheader", { name: /统一社会信用代码/ }).waitFor();
    for (const r of ROWS) await preview.getByRole("cell", { name: r[1], exact: true }).waitFor();
    await preview.getByRole("cell", { name: ROWS[0][2], exact: true }).waitFor();

    for (const name of ["CSV（GBK 编码）", "JSON", "Excel（XLSX）"]) await data.getByRole("link", { name }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), data.getByRole("link", { name: "CSV（UTF-8，Excel 可直接打开）" }).click()]);
    const bytes = fs.readFileSync((await download.path())!);
    // A BOM, so Excel reads it as UTF-8; the header row names the fields; the rows in the file's order.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe("licence_no,operator_name,credit_code,premises,business_type,valid_until");
    expect(lines.slice(1)).toEqual(ROWS.map((r) => r.join(",")));

    // The entry's file, downloadable by the same decision, and its API at the platform's address.
    const fileLink = data.getByRole("table", { name: "文件资源：名称、类型、大小和上传时间" }).getByRole("link", { name: "许可证说明.pdf" });
    const file = await page.request.get(new URL((await fileLink.getAttribute("href"))!, server.url).href);
    expect((await file.body()).subarray(0, 5).toString()).toBe("%PDF-");
    const apiUrl = data.getByLabel("许可证核验接口 的平台地址");
    await expect.poll(() => apiUrl.textContent()).toMatch(new RegExp(`^${server.url}/api/v1/datasets/${datasetId}/apis/[0-9a-f-]{36}/call/$`));
  });

  it("a large upload shows its progress while the bytes go, then that the server is indexing, until the report arrives", async () => {
    await logIn("market");
    await page.goto(`/console/catalog/${datasetId}`);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    // About 300 KB sent at 100 KB/s: the bar has time to move.
    const many = Array.from({ length: 3000 }, (_, i) => [`JY2300000001${String(i).padStart(4, "0")}`, `哈尔滨恒通食品${i}店`, creditCode(1000 + i), `哈尔滨中山路${i}号`, "食品销售经营者", "2029-06-30"]);
    const cdp = await session.context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    // Every state the mount card goes through, however briefly it shows.
    await page.evaluate(() => {
      const seen = { percents: [] as number[], finishing: false };
      (window as unknown as { __mount: typeof seen }).__mount = seen;
      new MutationObserver(() => {
        const now = document.querySelector('[role="progressbar"][aria-label="上传进度"]')?.getAttribute("aria-valuenow");
        if (now) seen.percents.push(Number(now));
        if (document.body.textContent?.includes("上传完成，正在建立索引并切换到新版本")) seen.finishing = true;
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const res = await upload("许可证（全量）.csv", gbkCsv(many));
    expect(res.status()).toBe(201);
    await mount().getByRole("status").getByText("第 3 版已加载，现在提供的是这一版数据。").waitFor();
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const seen = await page.evaluate(() => (window as unknown as { __mount: { percents: number[]; finishing: boolean } }).__mount);
    expect(seen.percents.some((p) => p > 0 && p < 100), JSON.stringify(seen.percents)).toBe(true);
    expect(seen.finishing).toBe(true);
    await mount().getByRole("region", { name: "第 3 版的质量报告" }).locator(".ant-descriptions-item").filter({ hasText: "已加载" }).getByText("3,000", { exact: true }).waitFor();
    await logOut();
  });

  it("raised no uncaught error in the page", () => {
    expect(session.pageErrors).toEqual([]);
  });
});
