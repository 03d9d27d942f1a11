// Browser journey through the data catalog (004 §12–13, 001 §11): the market regulator's catalog editor
// drafts an entry in the editor (fields, conditional sharing) and submits it; the authority's reviewer
// sends it back from the review queue with a comment; the editor reads the comment, fixes the entry and
// resubmits; the reviewer approves it; an anonymous visitor finds it in the public catalog by a Chinese
// query and reads its fields. Then the server's classification rules: an entry not opened without a reason
// (004 §33) is refused by the server and the message lands on the reason's field. Real server (fresh
// embedded database, demo accounts) serving the built web app, driven in Debian's Chromium.
import ExcelJS from "exceljs";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import type { RunningServer } from "../packages/server/src/server";
import { clientFor } from "../packages/server/src/testing/http-client";
import { startTestServer } from "../packages/server/src/testing/test-server";
import { type BrowserSession, journeyDescribe, openBrowser, openedDialog, screenshotOnFailure } from "./support";

const journey = journeyDescribe("e2e/catalog.test.ts");

const TITLE = "企业营业执照信息（市场主体登记）";
const CODE = "230000-SCJG-0101";
const COMMENT = "请补充统一社会信用代码的说明";
/** An entry whose text holds markup: it must show as characters and never run. */
const HOSTILE_TITLE = "营业执照<script>window.__pwned=1</script>核验结果";

/** An import workbook (docs/catalog-template.md): one entry on 目录, its fields on 信息项; `entry` overrides cells by header. */
async function workbook(entry: Record<string, string> = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const entries = wb.addWorksheet("目录");
  const row: Record<string, string> = {
    目录编码: "230000-SCJG-0201",
    目录名称: "个体工商户登记信息",
    摘要: "个体工商户的登记注册信息。",
    目录类型: "部门目录",
    数据格式: "XLSX",
    更新频率: "每月",
    共享类型: "无条件共享",
    开放类型: "不予开放",
    分级: "一级",
    联系人: "陈目录",
    不予开放理由: "",
    ...entry,
  };
  entries.addRow(Object.keys(row));
  entries.addRow(Object.values(row));
  const fields = wb.addWorksheet("信息项");
  fields.addRow(["目录编码", "字段名", "信息项名称", "数据类型", "分级"]);
  fields.addRow([row.目录编码, "credit_code", "统一社会信用代码", "字符型", "一级"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

journey("catalog journey in the browser", () => {
  let server: RunningServer;
  let session: BrowserSession;
  let page: Page;
  let entryPath = "";

  beforeAll(async () => {
    server = await startTestServer();
    // A published entry with markup in its title and summary, compiled and approved through the API.
    const market = clientFor(server);
    await market.login("market", DEMO_PASSWORD);
    const reviewer = clientFor(server);
    await reviewer.login("reviewer", DEMO_PASSWORD);
    const created = await market.post("/api/v1/datasets", {
      content: {
        title: HOSTILE_TITLE,
        code: "230000-SCJG-0900",
        summary: '<img src=x onerror="window.__pwned=2">营业执照核验接口的调用结果。',
        catalogKind: "department",
        fields: [{ name: "credit_code", title: "统一社会信用代码", type: "string", level: 1 }],
        formats: ["api"],
        updateFrequency: "realtime",
        shareType: "unconditional",
        openType: "unconditional",
        level: 1,
        contact: { name: "陈目录" },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.dataset.id as string;
    expect((await market.post(`/api/v1/datasets/${id}/submit`, {})).status).toBe(200);
    expect((await reviewer.post(`/api/v1/datasets/${id}/review`, { decision: "approve" })).status).toBe(200);

    session = await openBrowser(server.url);
    page = session.page;
  });
  screenshotOnFailure("catalog", () => page);

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  async function expectUrl(pathname: string | RegExp) {
    await page.waitForURL((u) => (typeof pathname === "string" ? u.pathname === pathname : pathname.test(u.pathname)));
  }

  async function logIn(login: string) {
    await page.goto("/login");
    await page.getByLabel("登录名").fill(login);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expectUrl("/console/profile");
  }

  async function logOut() {
    await page.getByRole("button", { name: "退出登录" }).click();
    await expectUrl("/");
    await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).waitFor();
  }

  const consoleNav = () => page.getByRole("navigation", { name: "控制台导航" });
  const rows = () => page.locator(".ant-table-tbody > tr.ant-table-row");
  /** The form item whose label is `label` (its input, its errors and hints). */
  const formItem = (label: string) => page.locator(".ant-form-item").filter({ has: page.getByText(label, { exact: true }) });

  it("the market regulator drafts an entry in the editor and submits it for review", async () => {
    await logIn("market");
    await consoleNav().getByRole("link", { name: "目录编制" }).click();
    await expectUrl("/console/catalog");
    await page.getByRole("heading", { level: 1, name: "目录编制" }).waitFor();
    // Reviewers' queue is not for a department.
    expect(await consoleNav().getByRole("link", { name: "目录审核" }).count()).toBe(0);
    await page.getByRole("button", { name: "新建目录条目" }).click();
    await expectUrl("/console/catalog/new");
    await page.getByRole("heading", { level: 1, name: "新建目录条目" }).waitFor();

    await page.getByLabel("信息资源名称", { exact: true }).fill(TITLE);
    await page.getByLabel("目录编码", { exact: true }).fill(CODE);
    await page.getByLabel("摘要", { exact: true }).fill("全省登记注册市场主体的营业执照信息，包括统一社会信用代码、企业名称和成立日期。");
    await page.getByLabel("信息项 1：字段名").fill("credit_code");
    await page.getByLabel("信息项 1：信息项名称").fill("统一社会信用代码");
    await page.getByLabel("信息项 1：长度").fill("18");
    await page.getByLabel("信息项 1：主键").check();
    await page.getByRole("button", { name: "添加信息项" }).click();
    await page.getByLabel("信息项 2：字段名").fill("company_name");
    await page.getByLabel("信息项 2：信息项名称").fill("企业名称");
    await page.getByRole("button", { name: "添加信息项" }).click();
    await page.getByLabel("信息项 3：字段名").fill("registered_on");
    await page.getByLabel("信息项 3：信息项名称").fill("成立日期");
    // Reorder: the founding date goes above the name, then back again.
    await page.getByRole("button", { name: "将信息项 3 上移" }).click();
    await expect.poll(() => page.getByLabel("信息项 2：字段名").inputValue()).toBe("registered_on");
    await page.getByRole("button", { name: "将信息项 2 下移" }).click();
    await expect.poll(() => page.getByLabel("信息项 3：字段名").inputValue()).toBe("registered_on");

    // Conditional sharing asks for its scope and purposes (004 §21); they appear only then.
    expect(await page.getByLabel("使用范围", { exact: true }).count()).toBe(0);
    await page.getByRole("radio", { name: "有条件共享" }).check();
    await page.getByLabel("使用范围", { exact: true }).fill("本省政务部门办理市场主体相关业务");
    await page.getByLabel("用途条件", { exact: true }).fill("仅用于行政审批和事中事后监管");
    await page.getByRole("radio", { name: "无条件开放" }).check();
    await page.getByLabel("联系人姓名", { exact: true }).fill("陈目录");

    await page.getByRole("button", { name: "保存并提交审核" }).click();
    await expectUrl(/^\/console\/catalog\/[0-9a-f-]{36}$/);
    entryPath = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByText("已提交主管部门审核").waitFor();
    await page.getByText("审核中").first().waitFor();
    await page.getByRole("link", { name: "目录审核" }).first().waitFor(); // the review case, linked
    await logOut();
  });

  it("the authority's reviewer sends it back from the review queue with a comment", async () => {
    await logIn("reviewer");
    await consoleNav().getByRole("link", { name: "目录审核" }).click();
    await expectUrl("/console/catalog/reviews");
    await page.getByRole("heading", { level: 1, name: "目录审核" }).waitFor();
    const row = rows().filter({ hasText: TITLE });
    await row.getByText("黑龙江省市场监督管理局").waitFor();
    await row.getByText("新编目录").waitFor();
    await row.getByRole("link", { name: TITLE }).click();
    await page.getByRole("heading", { level: 1, name: `审核：${TITLE}` }).waitFor();

    await page.getByRole("button", { name: "退回修改" }).click();
    const dialog = await openedDialog(page, "退回修改");
    // Sending back needs comments: the form says so before the server does.
    await dialog.getByRole("button", { name: "退回修改" }).click();
    await dialog.getByText("请填写审核意见").waitFor();
    await dialog.getByLabel("审核意见").fill(COMMENT);
    await dialog.getByRole("button", { name: "退回修改" }).click();
    await dialog.waitFor({ state: "detached" });
    await expectUrl("/console/catalog/reviews");
    await page.getByText("已退回修改").first().waitFor();
    await rows().filter({ hasText: TITLE }).getByText("退回修改").waitFor();
    await logOut();
  });

  it("the market regulator reads the comment, fixes the entry and resubmits", async () => {
    await logIn("market");
    await consoleNav().getByRole("link", { name: "目录编制" }).click();
    const row = rows().filter({ hasText: TITLE });
    await row.getByText("退回修改").waitFor();
    await row.getByRole("link", { name: TITLE }).click();
    await expectUrl(entryPath);
    const comments = page.getByRole("alert").filter({ hasText: "主管部门的审核意见" });
    await comments.getByText(COMMENT).waitFor();

    await page.getByRole("button", { name: "编辑草稿" }).click();
    await expectUrl(`${entryPath}/edit`);
    await page.getByRole("heading", { level: 1, name: "编辑目录条目" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "主管部门的审核意见" }).getByText(COMMENT).waitFor();
    await expect.poll(() => page.getByLabel("信息项 1：字段名").inputValue()).toBe("credit_code");
    await page.getByLabel("信息项 1：说明").fill("18 位统一社会信用代码（GB 32100）");
    await page.getByRole("button", { name: "保存并重新提交" }).click();
    await expectUrl(entryPath);
    await page.getByText("已提交主管部门审核").waitFor();
    await page.getByText("审核中").first().waitFor();
    await logOut();
  });

  it("the reviewer approves it and it is published", async () => {
    await logIn("reviewer");
    await consoleNav().getByRole("link", { name: "目录审核" }).click();
    await rows().filter({ hasText: TITLE }).getByRole("link", { name: TITLE }).click();
    await page.getByRole("heading", { level: 1, name: `审核：${TITLE}` }).waitFor();
    await page.getByRole("button", { name: "审核通过并发布" }).click();
    const dialog = await openedDialog(page, "审核通过并发布");
    await dialog.getByRole("button", { name: "审核通过并发布" }).click();
    await dialog.waitFor({ state: "detached" });
    await expectUrl("/console/catalog/reviews");
    await page.getByText("已审核通过并发布").first().waitFor();
    await expect.poll(() => rows().filter({ hasText: TITLE }).count()).toBe(0);
    await logOut();
  });

  it("an anonymous visitor finds it by a Chinese query and reads its fields", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "数据目录" }).click();
    await expectUrl("/datasets");
    await page.getByRole("heading", { level: 1, name: "数据目录" }).waitFor();
    const search = page.getByRole("search", { name: "检索目录" });
    await search.getByRole("textbox", { name: "检索目录" }).fill("营业执照");
    await search.getByRole("button", { name: "检索" }).click();
    await page.waitForURL((u) => u.searchParams.get("q") === "营业执照");

    const result = page.getByRole("article").filter({ has: page.getByRole("link", { name: TITLE }) });
    await result.waitFor();
    // The match is marked, and the badges say how the data may be used.
    await expect.poll(() => result.locator("mark").first().textContent()).toContain("营业");
    await result.getByText("无条件开放").waitFor();
    await result.getByText("有条件共享").waitFor();
    await result.getByText("一级数据").waitFor();

    // The entry with markup in its text shows it as characters; nothing ran.
    const hostile = page.getByRole("article").filter({ has: page.getByRole("link", { name: HOSTILE_TITLE }) });
    await hostile.waitFor();
    await hostile.getByText('<img src=x onerror="window.__pwned=2">', { exact: false }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Facets: the provider's value filters, and toggles back off.
    const provider = page.getByRole("region", { name: "提供部门" });
    await provider.getByRole("button", { name: /^黑龙江省市场监督管理局（\d+ 条）$/ }).click();
    await page.waitForURL((u) => Boolean(u.searchParams.get("provider")));
    await provider.getByRole("button", { name: /黑龙江省市场监督管理局/, pressed: true }).waitFor();
    await result.waitFor();

    await result.getByRole("link", { name: TITLE }).click();
    await expectUrl(entryPath.replace("/console/catalog/", "/datasets/"));
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    const fields = page.getByRole("table").filter({ hasText: "credit_code" });
    await fields.getByRole("cell", { name: "统一社会信用代码" }).waitFor();
    await fields.getByText("18 位统一社会信用代码（GB 32100）").waitFor();
    await fields.getByRole("cell", { name: "company_name" }).waitFor();
    await fields.getByRole("cell", { name: "registered_on" }).waitFor();
    await page.getByText("本省政务部门办理市场主体相关业务").waitFor();
    await page.getByRole("article", { name: "第 1 版" }).getByText("首次发布。").waitFor();
    await page.getByRole("link", { name: "登录后可对数据提出异议" }).waitFor();
  });

  it("001 §11: from the dataset page the visitor opens its department's open list, with each entry's fields", async () => {
    await page.getByRole("main").getByRole("link", { name: "开放清单" }).click();
    await page.waitForURL((u) => u.pathname === "/open-list" && Boolean(u.searchParams.get("organisation")));
    await page.getByRole("heading", { level: 1, name: "黑龙江省市场监督管理局 · 开放清单" }).waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: TITLE }) });
    await row.getByText("无条件开放").waitFor();
    await row.getByRole("cell", { name: CODE }).waitFor();
    // The entry's fields unfold under it.
    await row.getByRole("button", { name: /展开|Expand/ }).click();
    const fields = page.locator("tr.ant-table-expanded-row").filter({ hasText: "credit_code" });
    await fields.getByRole("cell", { name: "统一社会信用代码", exact: true }).waitFor();
    await fields.getByRole("cell", { name: "company_name", exact: true }).waitFor();
    // The entry with markup in its title is listed as characters; nothing ran.
    await page.getByRole("link", { name: HOSTILE_TITLE }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("a logged-in user objects to the data from the dataset page: the objection form arrives filled in", async () => {
    await logIn("company");
    const datasetId = entryPath.split("/").at(-1)!;
    await page.goto(`/datasets/${datasetId}`);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByRole("link", { name: "对数据提出异议" }).click();
    await page.waitForURL((u) => u.pathname === "/console/cases/new" && u.searchParams.get("kind") === "correction");
    await page.getByRole("heading", { level: 1, name: "数据纠错（异议）" }).waitFor();
    await expect.poll(() => page.getByLabel("数据集标识").inputValue()).toBe(datasetId);
    await expect.poll(() => page.getByLabel("标题").inputValue()).toContain(TITLE);
    await formItem("数据提供部门").getByText("黑龙江省市场监督管理局").waitFor();
    await logOut();
  });

  it("imports entries from Excel: a bad row is refused with its sheet, row, column and article; the fixed file is imported", async () => {
    await logIn("market");
    await consoleNav().getByRole("link", { name: "目录编制" }).click();
    await page.getByRole("heading", { level: 1, name: "目录编制" }).waitFor();
    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    await page.locator('input[type="file"]').setInputFiles({ name: "目录.xlsx", mimeType: xlsx, buffer: await workbook() });
    const refused = page.getByRole("region", { name: "导入未成功" });
    await refused.getByRole("alert").getByText(/导入未执行/).waitFor();
    const bad = refused.locator(".ant-table-tbody > tr.ant-table-row").filter({ hasText: "004 §33" });
    await bad.getByRole("cell", { name: "目录", exact: true }).waitFor();
    await bad.getByRole("cell", { name: "2", exact: true }).waitFor();
    expect(await rows().filter({ hasText: "个体工商户登记信息" }).count()).toBe(0);

    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "目录.xlsx", mimeType: xlsx, buffer: await workbook({ 不予开放理由: "涉及经营者个人信息，依法不予开放" }) });
    await page.getByText("导入完成：新建 1 条，更新 0 条").waitFor();
    await rows().filter({ hasText: "个体工商户登记信息" }).getByText("草稿").waitFor();
    await logOut();
  });

  it("shows the server's refusal of an entry not opened without a reason on the reason's field, citing 004 §33", async () => {
    await logIn("market");
    await page.goto("/console/catalog/new");
    await page.getByRole("heading", { level: 1, name: "新建目录条目" }).waitFor();
    await page.getByLabel("信息资源名称", { exact: true }).fill("企业年度报告信息");
    await page.getByLabel("目录编码", { exact: true }).fill("230000-SCJG-0102");
    await page.getByLabel("摘要", { exact: true }).fill("市场主体年度报告公示信息。");
    await page.getByLabel("信息项 1：字段名").fill("credit_code");
    await page.getByLabel("信息项 1：信息项名称").fill("统一社会信用代码");
    await page.getByRole("radio", { name: "不予开放" }).check();
    await page.getByLabel("联系人姓名", { exact: true }).fill("陈目录");
    // The reason is marked as needed, but the server is the judge.
    const reason = formItem("不予开放的理由");
    await reason.getByText("不予开放的，须说明理由（004 §33）").waitFor();

    const answer = page.waitForResponse((r: Response) => r.url().endsWith("/api/v1/datasets") && r.request().method() === "POST");
    await page.getByRole("button", { name: "保存草稿" }).click();
    const res = await answer;
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { fields: { path: string; message: string }[] } };
    const refused = body.error.fields.find((f) => f.path === "content.openReason");
    expect(refused?.message).toContain("004 §33");

    // The server's message is on the reason's field (as its error), and focus went there.
    await reason.locator(".ant-form-item-explain-error").filter({ hasText: refused!.message }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("entry_openReason");
    expect(page.url()).toContain("/console/catalog/new");

    // Giving the reason saves the draft.
    await page.getByLabel("不予开放的理由", { exact: true }).fill("含市场主体经营异常的内部核查信息，依法不予公开");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expectUrl(/^\/console\/catalog\/[0-9a-f-]{36}\/edit$/);
    await page.getByText("草稿已保存").first().waitFor();
  });

  it("raised no uncaught error in the page", () => {
    expect(session.pageErrors).toEqual([]);
  });
});
