// Browser journey: opening the two case kinds raised between public bodies. The market regulator raises a
// data dispute with the health commission from My cases — the incomplete form, then the server's refusal of
// a dispute with itself, are shown on their fields; the form names the coordinating authority before it is
// sent — and lands on the case page coordinated by the province's authority (004 §25, same level). The authority's reviewer orders the market regulator to
// rectify within 10 working days and lands on the case page with the deadline running; the authority's
// auditor, whose role may not order, sees no such entry.
// Real server (fresh embedded database, demo accounts) serving the built web app, driven in Debian's Chromium.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import type { RunningServer } from "../packages/server/src/server";
import { startTestServer } from "../packages/server/src/testing/test-server";
import { type BrowserSession, journeyDescribe, openBrowser, pickOption, screenshotOnFailure } from "./support";

const journey = journeyDescribe("e2e/cases-open.test.ts");

const AUTHORITY = "黑龙江省政务服务和数据管理局";
const MARKET = "黑龙江省市场监督管理局";
const HEALTH = "黑龙江省卫生健康委员会";
const DISPUTE_TITLE = "医疗机构执业登记数据共享范围争议";
const ORDER_TITLE = "企业登记数据逾期未更新，责令整改";

journey("opening disputes and rectification orders in the browser", () => {
  let server: RunningServer;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    server.app.cases.clock.today = () => "2026-11-02";
    session = await openBrowser(server.url);
    page = session.page;
  });
  screenshotOnFailure("cases-open", () => page);

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  // The buttons by the heading (an empty list repeats them).
  const entry = (name: string) => page.locator(".page-heading").getByRole("button", { name });
  // While a submission is pending the button shows a spinner: click the form's submit button once it is idle,
  // so a step never clicks in the middle of the previous answer. Not by its accessible name: the spinner's
  // "loading" label stays in it until its fade-out ends, which a busy browser can miss.
  async function submit() {
    await page.locator('form button[type="submit"]:not(.ant-btn-loading)').click();
  }

  // Each step starts logged out, whatever the step before it left behind.
  async function myCases(login: string) {
    await page.context().clearCookies();
    await page.goto("/login");
    await page.getByLabel("登录名").fill(login);
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/console/profile");
    await page.getByRole("navigation", { name: "控制台导航" }).getByRole("link", { name: "我的办件" }).click();
    await page.getByRole("heading", { level: 1, name: "我的办件" }).waitFor();
  }

  async function logOut() {
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).waitFor();
  }

  const pickOrganisation = (label: string, search: string, name: string) => pickOption(page, page.getByLabel(label), search, name);

  it("a department raises a dispute: the incomplete form is refused field by field, then the province's authority coordinates it", async () => {
    await myCases("market");
    await entry("提请协调数据争议").click();
    await page.waitForURL((u) => u.pathname === "/console/cases/new" && u.searchParams.get("kind") === "dispute");
    await page.getByRole("heading", { level: 1, name: "提请协调数据争议" }).waitFor();
    await page.getByText("同级单位之间的争议由同级政务数据主管部门协调").waitFor();

    await submit();
    await page.getByText("请填写标题").waitFor();
    await page.getByText("请选择争议另一方").waitFor();
    await page.getByText("请填写协商情况").waitFor();

    await page.getByLabel("标题").fill(DISPUTE_TITLE);
    await page.getByLabel("意见陈述").fill("执业登记数据属于共享目录中的有条件共享数据，应向本局提供用于监管。");
    await page.getByLabel("协商情况").fill("2026年10月两次书面函商，卫生健康委认为仅可提供汇总数据，未能达成一致。");
    // The server's refusal lands on the field it concerns: a department cannot dispute with itself.
    await pickOrganisation("争议另一方", "市场监督", MARKET);
    await submit();
    await page.locator(".ant-form-item-explain-error", { hasText: "承办单位不能是申请方自身" }).waitFor();
    await pickOrganisation("争议另一方", "卫生健康", HEALTH);
    // Before sending: the province's authority will coordinate (same level), and then the mechanism.
    await page.getByText(`本争议将由${AUTHORITY}协调处理`).waitFor();
    await page.getByText("经协调仍无法达成一致的，由主管部门报协调机制解决").waitFor();
    await submit();

    await page.waitForURL((u) => /^\/console\/cases\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.getByRole("heading", { level: 1, name: DISPUTE_TITLE }).waitFor();
    await page.getByText("主管部门协调中").first().waitFor();
    const parties = page.locator(".ant-descriptions");
    await parties.getByText(HEALTH).waitFor();
    await parties.getByText(AUTHORITY).waitFor();
    // 004 §25 sets no time limit: the case runs without clocks.
    await page.getByText("本类办件没有法定时限。").waitFor();
    await logOut();
  });

  it("the authority's reviewer orders rectification with a 10 working-day deadline and sees the clock running", async () => {
    await myCases("reviewer");
    await entry("责令限期整改").click();
    await page.getByRole("heading", { level: 1, name: "责令限期整改" }).waitFor();

    await page.getByLabel("标题").fill(ORDER_TITLE);
    await submit();
    await page.getByText("请选择被责令整改单位").waitFor();
    await page.getByText("请填写整改事由").waitFor();
    await page.getByText("请填写整改期限").waitFor();

    await pickOrganisation("被责令整改单位", "市场监督", MARKET);
    await page.getByLabel("整改事由").fill("企业登记目录条目逾期未更新（004 §15）\n更新信息未及时同步至共享平台");
    await page.getByLabel("整改要求").fill("完成目录条目更新并同步数据，反馈整改情况。");
    await page.getByLabel("整改期限").fill("10");
    await submit();

    await page.waitForURL((u) => /^\/console\/cases\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.getByRole("heading", { level: 1, name: ORDER_TITLE }).waitFor();
    await page.getByText("整改中").first().waitFor();
    await page.locator(".ant-descriptions").getByText(MARKET).waitFor();
    // Ten working days from Monday 2026-11-02: due Monday 2026-11-16.
    const clocks = page.getByRole("table").filter({ hasText: "整改期限" });
    await clocks.getByRole("cell", { name: "2026-11-02" }).waitFor();
    await clocks.getByRole("cell", { name: "2026-11-16" }).waitFor();
    await clocks.getByText("剩余 10 个工作日").waitFor();
    await logOut();
  });

  it("the authority's auditor may raise a dispute but sees no entry to order rectification", async () => {
    await myCases("auditor");
    await entry("提请协调数据争议").waitFor();
    // Both entries come from the same render as the one just seen.
    await entry("责令限期整改").waitFor({ state: "detached" });
    expect(session.pageErrors).toEqual([]);
  });
});
