// Browser journey: a legal person registers through the portal, logs out and in again,
// changes the password on the profile page, and logs in with the new password.
// Real server (fresh embedded database) serving the built web app, driven in Debian's Chromium.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer } from "../packages/server/src/testing/test-server";
import { type BrowserSession, journeyDescribe, openBrowser, screenshotOnFailure } from "./support";

const journey = journeyDescribe("e2e/identity.test.ts");

journey("identity journey in the browser", () => {
  let server: { url: string; close(): Promise<void> };
  let session: BrowserSession;
  let page: Page;

  // One account through the whole journey; unique per run although each run has a fresh database.
  const account = {
    login: `e2e_${Date.now().toString(36)}`,
    password: "Hljsy#2025ok",
    newPassword: "Hljsy#2026ok",
    name: "张三",
    citizenId: "11010519491231002X",
    phone: "13800138000",
    email: "zhangsan@example.com",
    organisation: "哈尔滨数源测试科技有限公司",
    creditCode: "91350100M000100Y43",
  };

  beforeAll(async () => {
    server = await startTestServer();
    session = await openBrowser(server.url);
    page = session.page;
  });
  screenshotOnFailure("identity", () => page);

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  async function expectUrl(pathname: string) {
    await page.waitForURL((u) => u.pathname === pathname);
  }

  async function logOut() {
    await page.getByRole("button", { name: "退出登录" }).click();
    await expectUrl("/");
    await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).waitFor();
  }

  async function logIn(password: string) {
    await page.getByRole("banner").getByRole("link", { name: "登录", exact: true }).click();
    await expectUrl("/login");
    await page.getByLabel("登录名").fill(account.login);
    await page.getByLabel("密码", { exact: true }).fill(password);
    await page.getByRole("button", { name: "登录", exact: true }).click();
  }

  it("opens the portal in Chinese with the jurisdiction, and switches language", async () => {
    // The jurisdiction is the profile's region, named by the server's region list.
    const profile = (await (await fetch(`${server.url}/api/v1/profile`)).json()) as { regionCode: string };
    const provinces = (await (await fetch(`${server.url}/api/v1/regions`)).json()) as { items: { code: string; name: string }[] };
    const province = provinces.items.find((r) => r.code === `${profile.regionCode.slice(0, 2)}0000`);
    expect(province).toBeDefined();

    await page.goto("/");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("heading", { level: 1, name: new RegExp(`${province!.name}.*政务数据平台`) }).waitFor();
    expect(await page.title()).toContain("数源");

    // English: html lang, antd and our texts follow; the choice survives a reload.
    await page.getByRole("button", { name: /English/ }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("heading", { level: 1, name: /Government data platform/ }).waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: /Government data platform/ }).waitFor();
    await page.getByRole("button", { name: /中文/ }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("heading", { level: 1, name: /政务数据平台/ }).waitFor();
  });

  it("registers a legal person and lands logged in", async () => {
    await page.getByRole("banner").getByRole("link", { name: "注册", exact: true }).click();
    await expectUrl("/register");
    await page.getByRole("heading", { level: 1, name: "注册账号" }).waitFor();
    expect(await page.title()).toContain("注册");

    await page.getByRole("radio", { name: "法人" }).check();
    await page.getByLabel("单位名称").fill(account.organisation);
    await page.getByLabel("统一社会信用代码").fill(account.creditCode);

    // Region: 黑龙江省 → 哈尔滨市 → a county, each level loaded from the server.
    // On a loaded machine a click during the dropdown's opening animation can be lost: click a level
    // again until the next one shows, as a person would.
    const open = async (name: string, next: string) =>
      expect
        .poll(async () => {
          await page.getByRole("menuitemcheckbox", { name }).click();
          return page.getByRole("menuitemcheckbox", { name: next }).isVisible();
        }, { timeout: 30_000 })
        .toBe(true);
    await page.getByLabel("所在地区").click();
    await open("黑龙江省", "哈尔滨市");
    await open("哈尔滨市", "道里区");
    await page.getByRole("menuitemcheckbox", { name: "道里区" }).click();
    await page.getByTitle("黑龙江省 / 哈尔滨市 / 道里区").waitFor();

    await page.getByLabel("真实姓名").fill(account.name);
    await page.getByLabel("居民身份证号码").fill(account.citizenId);
    await page.getByLabel("手机号码").fill(account.phone);
    await page.getByLabel("电子邮箱").fill(account.email);
    await page.getByLabel("登录名").fill(account.login);
    await page.getByLabel("密码", { exact: true }).fill(account.password);
    await page.getByLabel("确认密码").fill(account.password);
    await page.getByRole("button", { name: "注册", exact: true }).click();

    await expectUrl("/console/profile");
    await page.getByRole("heading", { level: 1, name: "个人资料" }).waitFor();
    await page.getByRole("banner").getByRole("link", { name: account.name }).waitFor();
    await page.getByRole("cell", { name: account.organisation }).waitFor();
  });

  it("logs out and logs in again", async () => {
    await logOut();
    await logIn(account.password);
    await expectUrl("/console/profile");
    await page.getByRole("banner").getByRole("link", { name: account.name }).waitFor();
  });

  it("changes the password on the profile page", async () => {
    await page.getByLabel("当前密码").fill(account.password);
    await page.getByLabel("新密码", { exact: true }).fill(account.newPassword);
    await page.getByLabel("确认新密码").fill(account.newPassword);
    await page.getByRole("button", { name: "修改密码" }).click();
    await page.getByText("密码已修改").waitFor();
  });

  it("refuses the old password and accepts the new one", async () => {
    await logOut();
    await logIn(account.password);
    // The server refuses it; its message shows in the form (not in a passing toast).
    await page.getByRole("main").getByRole("alert").waitFor();
    await expectUrl("/login");

    // Enter submits the form too (keyboard users), and does not depend on the button's loading state.
    await page.getByLabel("密码", { exact: true }).fill(account.newPassword);
    await page.getByLabel("密码", { exact: true }).press("Enter");
    await expectUrl("/console/profile");
    await page.getByRole("banner").getByRole("link", { name: account.name }).waitFor();
  });

  it("raised no uncaught error in the page", () => {
    expect(session.pageErrors).toEqual([]);
  });
});
