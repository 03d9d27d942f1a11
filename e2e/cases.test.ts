// Browser journey: a company objects to data (a correction) from the public portal — sent to log in
// first — against the market regulator, attaching a PDF; the regulator's officer finds it in My cases
// with its due date, downloads the attachment and answers it; the company sees the answer on the case
// page and in its notifications. Then another case runs past its due date and the authority's admin
// finds it overdue on the supervision board. A third objection is put to a third party (000 §19): the regulator
// consults the transport department from the case page, which finds it under "asking my opinion", sees only
// its consultation and objects with reasons. Real server (fresh embedded database, demo accounts) serving the built web app, driven in
// Debian's Chromium; the statutory clock is set by the test.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import type { RunningServer } from "../packages/server/src/server";
import { clientFor } from "../packages/server/src/testing/http-client";
import { startTestServer } from "../packages/server/src/testing/test-server";
import { type BrowserSession, journeyDescribe, openBrowser, openedDialog, pickOption, screenshotOnFailure } from "./support";

const journey = journeyDescribe("e2e/cases.test.ts");

const PROVIDER = "黑龙江省市场监督管理局";
const TITLE = "企业登记信息中的注册地址有误";
const LATE_TITLE = "企业年报数据缺少联系电话";
const CONSULT_TITLE = "道路运输企业登记电话有误";
const THIRD_PARTY = "黑龙江省交通运输厅";
// A small real PDF: the server sniffs the bytes, not the name.
const PROOF = { name: "营业执照（地址页）.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n") };

journey("cases journey in the browser", () => {
  let server: RunningServer;
  let session: BrowserSession;
  let page: Page;
  let caseUrl = "";

  const today = (d: string) => {
    server.app.cases.clock.today = () => d;
  };

  beforeAll(async () => {
    server = await startTestServer();
    // 004 §24 in heilongjiang: 5 working days; received 2026-09-30 → due 2026-10-13 (National Day).
    today("2026-09-30");
    session = await openBrowser(server.url);
    page = session.page;
  });
  screenshotOnFailure("cases", () => page);

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  async function expectUrl(pathname: string | RegExp) {
    await page.waitForURL((u) => (typeof pathname === "string" ? u.pathname === pathname : pathname.test(u.pathname)));
  }

  async function logIn(login: string) {
    await page.getByLabel("登录名").fill(login);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
  }

  async function logOut() {
    await page.getByRole("button", { name: "退出登录" }).click();
    await expectUrl("/");
    await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).waitFor();
  }

  const consoleNav = () => page.getByRole("navigation", { name: "控制台导航" });
  const rows = () => page.locator(".ant-table-tbody > tr.ant-table-row");

  it("sends a logged-out visitor from the portal's 办事 entry to log in, then to the objection form", async () => {
    await page.goto("/");
    const services = page.getByRole("region", { name: "办事" });
    await services.getByRole("link", { name: "提出数据需求" }).waitFor();
    await services.getByRole("link", { name: "数据纠错（异议）" }).click();
    await expectUrl("/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/console/cases/new?kind=correction");
    await logIn("company");
    await page.waitForURL((u) => u.pathname === "/console/cases/new" && u.searchParams.get("kind") === "correction");
    await page.getByRole("heading", { level: 1, name: "数据纠错（异议）" }).waitFor();
    expect(await page.title()).toContain("数据纠错（异议）");
  });

  it("refuses an incomplete form in the browser, then files the correction against the market regulator with a PDF attached", async () => {
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await page.getByText("请填写标题").waitFor();
    await page.getByText("请选择数据提供部门").waitFor();

    await page.getByLabel("标题").fill(TITLE);
    await pickOption(page, page.getByLabel("数据提供部门"), "市场监督", PROVIDER);
    await page.getByLabel("数据集标识").fill("ds-enterprise-registry");
    await page.getByRole("radio", { name: "数据不准确" }).check();
    await page.getByLabel("问题描述").fill("本公司注册地址应为哈尔滨市南岗区，目录数据显示为道里区。");
    await page.getByLabel("有误的数据项").fill("注册地址");
    // The proof is uploaded as soon as it is chosen, then named in the objection.
    await page.locator('input[type="file"]').setInputFiles(PROOF);
    await page.locator(".ant-upload-list-item-done").filter({ hasText: PROOF.name }).waitFor();
    await page.getByRole("button", { name: "提交", exact: true }).click();

    await expectUrl(/^\/console\/cases\/[0-9a-f-]{36}$/);
    caseUrl = new URL(page.url()).pathname;
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByText("提供部门核实中").first().waitFor();
    const clocks = page.getByRole("table").filter({ hasText: "核实更正并反馈时限" });
    await clocks.getByRole("cell", { name: "2026-09-30" }).waitFor();
    await clocks.getByRole("cell", { name: "2026-10-13" }).waitFor();
    await clocks.getByText("剩余 5 个工作日").waitFor();
    const objection = page.getByRole("article", { name: "提出校核申请（异议）" });
    await objection.getByText("ds-enterprise-registry").waitFor();
    await objection.getByRole("link", { name: /^下载 营业执照（地址页）\.pdf/ }).waitFor();
    await page.getByRole("button", { name: "撤回异议" }).waitFor();
    await logOut();
  });

  it("the market regulator sees it in My cases with its due date, downloads the attachment and answers it", async () => {
    today("2026-10-12");
    await page.goto("/login");
    await logIn("market");
    await expectUrl("/console/profile");
    await consoleNav().getByRole("link", { name: "我的办件" }).click();
    await expectUrl("/console/cases");
    await page.getByRole("heading", { level: 1, name: "我的办件" }).waitFor();
    await page.getByRole("tab", { name: "我承办的" }).click();
    await page.waitForURL((u) => u.searchParams.get("role") === "handler");
    const row = rows().filter({ hasText: TITLE });
    await row.getByRole("cell", { name: "2026-10-13" }).waitFor();
    await row.getByText("剩余 1 个工作日 · 临期").waitFor();

    await row.getByRole("link", { name: TITLE }).click();
    await expectUrl(caseUrl);
    // The provider downloads the objection's proof, byte for byte, with its Chinese name.
    const proof = page.getByRole("article", { name: "提出校核申请（异议）" }).getByRole("link", { name: /^下载 营业执照（地址页）\.pdf/ });
    const downloaded = await page.request.get((await proof.getAttribute("href"))!);
    expect(downloaded.status()).toBe(200);
    expect(Buffer.compare(await downloaded.body(), PROOF.buffer)).toBe(0);
    expect(downloaded.headers()["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent(PROOF.name)}`);
    await page.getByRole("button", { name: "反馈校核处理结果" }).click();
    const dialog = await openedDialog(page, "反馈校核处理结果");
    await dialog.getByRole("radio", { name: "部分更正" }).check();
    await dialog.getByLabel("核实情况和处理结果").fill("经核实，注册地址已更正为南岗区；经营范围以登记机关记录为准。");
    // Reasons are required unless corrected as asked: the form says so before the server does.
    await dialog.getByRole("button", { name: "反馈校核处理结果" }).click();
    await dialog.getByText("请填写理由").waitFor();
    await dialog.getByLabel("理由").fill("经营范围与登记机关记录一致，不予更改");
    await dialog.getByRole("button", { name: "反馈校核处理结果" }).click();
    await dialog.waitFor({ state: "detached" });

    await page.getByText("已反馈结果").first().waitFor();
    const answer = page.getByRole("article", { name: "反馈校核处理结果" });
    await answer.getByText("部分更正").waitFor();
    await answer.getByText("经营范围与登记机关记录一致，不予更改").waitFor();
    await page.getByText("2026-10-12 按期办结").waitFor();
    await page.getByText("办件已办结。").waitFor();
    await logOut();
  });

  it("the company sees the answer on the case page and in its notifications", async () => {
    await page.goto("/login");
    await logIn("company");
    await expectUrl("/console/profile");
    const bell = page.getByRole("link", { name: /^通知，\d+ 条未读$/ });
    await bell.click();
    await expectUrl("/console/notifications");
    await page.getByRole("heading", { level: 1, name: "通知" }).waitFor();
    const item = page.locator(".ant-list-item").filter({ hasText: "反馈校核处理结果" }).first();
    await item.getByRole("button", { name: /标为已读/ }).click();
    await item.getByText("已读").waitFor();

    await item.getByRole("link").click();
    await expectUrl(caseUrl);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByText("已反馈结果").first().waitFor();
    const answer = page.getByRole("article", { name: "反馈校核处理结果" });
    await answer.getByText("经核实，注册地址已更正为南岗区；经营范围以登记机关记录为准。").waitFor();
    await answer.getByText("部分更正").waitFor();
    await answer.getByText(PROVIDER).waitFor();
    await logOut();
  });

  it("an overdue case shows up on the authority's supervision board", async () => {
    // Another objection, filed through the API on 2026-10-12: due 2026-10-19.
    const company = clientFor(server);
    await company.login("company", DEMO_PASSWORD);
    const dir = await company.get(`/api/v1/directory/organisations?q=${encodeURIComponent("市场监督")}`);
    const market = (dir.body.items as { id: string; name: string }[]).find((o) => o.name === PROVIDER)!;
    today("2026-10-12");
    const opened = await company.post("/api/v1/cases", {
      kind: "correction",
      handlerOrganisationId: market.id,
      subject: { type: "dataset", id: "ds-annual-reports" },
      title: LATE_TITLE,
      payload: { datasetId: "ds-annual-reports", problem: "incomplete", description: "年报数据缺少联系电话一项" },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.clocks[0].dueOn).toBe("2026-10-19");
    today("2026-10-21");
    await server.app.cases.sweep();

    await page.goto("/login");
    await logIn("admin");
    await expectUrl("/console/profile");
    await consoleNav().getByRole("link", { name: "督办看板" }).click();
    await expectUrl("/console/supervision");
    await page.getByRole("heading", { level: 1, name: "督办看板" }).waitFor();
    await page.getByText("截至 2026-10-21").waitFor();
    const row = rows().filter({ hasText: LATE_TITLE });
    await row.getByRole("cell", { name: PROVIDER }).waitFor();
    await row.getByRole("cell", { name: "2026-10-19" }).waitFor();
    await row.getByText("已逾期").waitFor();
    await row.getByText("已督办").waitFor();
    await row.getByRole("cell", { name: "2 个工作日" }).waitFor();
    // The answered case is not on the board (the rows above came with the same page of the board).
    await rows().filter({ hasText: TITLE }).waitFor({ state: "detached" });

    await page.getByRole("radiogroup", { name: "按计时状态筛选" }).getByText("已逾期", { exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("status") === "overdue");
    await row.getByRole("link", { name: LATE_TITLE }).click();
    await page.getByRole("heading", { level: 1, name: LATE_TITLE }).waitFor();
    await page.getByText("逾期 2 个工作日").waitFor();
    await page.getByRole("article", { name: "督办：报主管部门" }).waitFor();
  });

  it("tells the officer when someone else acted first (409) and reloads the case", async () => {
    await logOut();
    await page.goto("/login");
    await logIn("market");
    await expectUrl("/console/profile");
    await consoleNav().getByRole("link", { name: "我的办件" }).click();
    await rows().filter({ hasText: LATE_TITLE }).getByRole("link", { name: LATE_TITLE }).click();
    await page.getByRole("heading", { level: 1, name: LATE_TITLE }).waitFor();
    await page.getByRole("button", { name: "反馈校核处理结果" }).click();
    const dialog = await openedDialog(page, "反馈校核处理结果");
    await dialog.getByRole("radio", { name: "已按申请更正" }).check();
    await dialog.getByLabel("核实情况和处理结果").fill("已补充联系电话");

    // A colleague answers first, through the API.
    const colleague = clientFor(server);
    await colleague.login("market", DEMO_PASSWORD);
    const id = new URL(page.url()).pathname.split("/").at(-1);
    // At the case's current version: the sweeper may have marked it overdue meanwhile (each mark is a version).
    const { version } = (await colleague.get(`/api/v1/cases/${id}`)).body;
    const first = await colleague.post(`/api/v1/cases/${id}/actions/answer`, {
      expectedVersion: version,
      payload: { outcome: "corrected", explanation: "同事已处理：补充联系电话" },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);

    await dialog.getByRole("button", { name: "反馈校核处理结果" }).click();
    const alert = dialog.getByRole("alert").filter({ hasText: "该办件已被他人处理" });
    await alert.getByText(/办件已被他人更新.*请刷新后重试/).waitFor();
    await alert.getByRole("button", { name: "重新加载" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("article", { name: "反馈校核处理结果" }).getByText("同事已处理：补充联系电话").waitFor();
    await page.getByText("办件已办结。").waitFor();
  });

  it("000 §19: the regulator consults a third party from the case page; the third party sees only its consultation and objects", async () => {
    const company = clientFor(server);
    await company.login("company", DEMO_PASSWORD);
    const dir = await company.get(`/api/v1/directory/organisations?q=${encodeURIComponent("市场监督")}`);
    const market = (dir.body.items as { id: string; name: string }[]).find((o) => o.name === PROVIDER)!;
    today("2026-10-21");
    const opened = await company.post("/api/v1/cases", {
      kind: "correction",
      handlerOrganisationId: market.id,
      subject: { type: "dataset", id: "ds-enterprise-registry" },
      title: CONSULT_TITLE,
      payload: { datasetId: "ds-enterprise-registry", problem: "inaccurate", description: "联系电话应为运输许可登记的号码" },
    });
    expect(opened.status).toBe(201);

    // Still logged in as the market regulator.
    await consoleNav().getByRole("link", { name: "我的办件" }).click();
    await expectUrl("/console/cases");
    await rows().filter({ hasText: CONSULT_TITLE }).getByRole("link", { name: CONSULT_TITLE }).click();
    await page.getByRole("heading", { level: 1, name: CONSULT_TITLE }).waitFor();
    await page.getByRole("button", { name: "书面征求第三方意见" }).click();
    const ask = await openedDialog(page, "书面征求第三方意见");
    await pickOption(page, ask.getByLabel("第三方机构"), "交通运输", THIRD_PARTY);
    await ask.getByLabel("可能受损害的第三方权益").fill("更正涉及运输许可登记的联系电话");
    const consulted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/actions/consult_third_party"));
    await ask.getByRole("button", { name: "书面征求第三方意见" }).click();
    const answer = await consulted;
    expect(answer.status(), await answer.text()).toBe(200);
    await ask.waitFor({ state: "detached" });
    await page.getByText("征求第三方意见中").first().waitFor();
    await page.locator(".ant-descriptions").getByText(THIRD_PARTY).waitFor();
    await logOut();

    await page.goto("/login");
    await logIn("transport");
    await expectUrl("/console/profile");
    await consoleNav().getByRole("link", { name: "我的办件" }).click();
    await page.getByRole("tab", { name: "征求我意见的" }).click();
    await page.waitForURL((u) => u.searchParams.get("role") === "third_party");
    await rows().filter({ hasText: CONSULT_TITLE }).getByRole("link", { name: CONSULT_TITLE }).click();
    await page.getByRole("heading", { level: 1, name: CONSULT_TITLE }).waitFor();
    // Its consultation only: the request is on the timeline, the objection itself is not.
    await page.getByRole("article", { name: "书面征求第三方意见" }).getByText("更正涉及运输许可登记的联系电话").waitFor();
    await page.getByRole("article", { name: "提出校核申请（异议）" }).waitFor({ state: "detached" });
    await page.getByRole("button", { name: "第三方提出意见" }).click();
    const reply = await openedDialog(page, "第三方提出意见");
    await reply.getByRole("radio", { name: "不同意（说明理由）" }).check();
    await reply.getByLabel("意见说明").fill("该号码为本厅登记的企业联系电话，不宜更改。");
    await reply.getByRole("button", { name: "第三方提出意见" }).click();
    await reply.getByText("请填写理由").waitFor();
    await reply.getByLabel("理由", { exact: true }).fill("运输许可登记信息以本厅记录为准");
    await reply.getByRole("button", { name: "第三方提出意见" }).click();
    await reply.waitFor({ state: "detached" });
    await page.getByRole("article", { name: "第三方提出意见" }).getByText("运输许可登记信息以本厅记录为准").waitFor();
    await page.getByText("提供部门核实中").first().waitFor();
    await logOut();
  });

  it("raised no uncaught error in the page", () => {
    expect(session.pageErrors).toEqual([]);
  });
});
