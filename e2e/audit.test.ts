// Browser journey: the demo auditor logs in, reads the audit record, filters it, verifies it
// and sees it intact; then one entry is tampered with in the database, and verifying again in
// the browser names that entry. Real server (fresh embedded database) serving the built web
// app, driven in Debian's Chromium.
import { sql, type Kysely } from "kysely";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DB } from "../packages/server/src/db/schema";
import { DEMO_PASSWORD } from "../packages/server/src/demo/seed";
import type { RunningServer } from "../packages/server/src/server";
import { asTamperer as tamper } from "../packages/server/src/testing/tamper";
import { startTestServer } from "../packages/server/src/testing/test-server";
import { type BrowserSession, journeyDescribe, openBrowser, screenshotOnFailure } from "./support";

const journey = journeyDescribe("e2e/audit.test.ts");

journey("auditor journey in the browser", () => {
  let server: RunningServer;
  let db: Kysely<DB>;
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    db = server.database.db;
    session = await openBrowser(server.url);
    page = session.page;
  });
  screenshotOnFailure("audit", () => page);

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  const asTamperer = (fn: (conn: Kysely<DB>) => Promise<unknown>) => tamper(db, fn);

  async function expectUrl(pathname: string) {
    await page.waitForURL((u) => u.pathname === pathname);
  }

  const consoleNav = () => page.getByRole("navigation", { name: "控制台导航" });
  const auditNav = () => page.getByRole("navigation", { name: "审计记录栏目" });
  const resultRows = () => page.locator(".ant-table-tbody > tr.ant-table-row");

  it("logs in as the demo auditor and finds the audit record in the navigation", async () => {
    await page.goto("/login");
    await page.getByLabel("登录名").fill("auditor");
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expectUrl("/console/profile");

    await consoleNav().getByRole("link", { name: "我的操作记录" }).waitFor();
    await consoleNav().getByRole("link", { name: "审计记录" }).click();
    await expectUrl("/console/audit");
    await page.getByRole("heading", { level: 1, name: "审计记录" }).waitFor();
    expect(await page.title()).toContain("审计记录");
  });

  it("sees login entries, and every entry expands to its detail and hashes", async () => {
    await resultRows().filter({ hasText: "identity.login" }).first().waitFor();
    const row = resultRows().filter({ hasText: "identity.login" }).first();
    await row.getByRole("button", { name: /展开第 \d+ 条的全部内容/ }).click();
    await page.getByText("本条哈希").first().waitFor();
    await page.getByText('"login": "auditor"').first().waitFor();
  });

  it("filters by action identity.login", async () => {
    const action = page.getByLabel("操作", { exact: true });
    await action.fill("identity.login");
    await action.press("Escape");
    await page.getByRole("search", { name: "筛选审计记录" }).getByRole("button", { name: "检索" }).click();
    await page.waitForURL((u) => u.pathname === "/console/audit" && u.searchParams.get("action") === "identity.login");
    await expect
      .poll(async () => {
        const texts = await resultRows().allInnerTexts();
        return texts.length > 0 && texts.every((t) => t.includes("identity.login"));
      })
      .toBe(true);
    expect((await resultRows().allInnerTexts()).some((t) => t.includes("audit.search"))).toBe(false);
  });

  it("verifies the whole record: intact", async () => {
    await auditNav().getByRole("link", { name: "验证与检查点" }).click();
    await expectUrl("/console/audit/verify");
    await page.getByRole("heading", { level: 1, name: "验证与检查点" }).waitFor();
    await page.getByRole("button", { name: "验证全部记录" }).click();
    await page.getByRole("heading", { name: "完整", exact: true }).waitFor();
    await page.getByText("核对条数").waitFor();
    await page.getByText("哈希算法").first().waitFor();
  });

  it("names the tampered entry when verified again", async () => {
    const target = await db
      .selectFrom("audit_entries")
      .select(sql<number>`min(seq)`.as("seq"))
      .where("action", "=", "identity.login")
      .executeTakeFirstOrThrow();
    const seq = Number(target.seq);
    expect(seq).toBeGreaterThan(0);
    await asTamperer((conn) => sql`update audit_entries set row_count = 100000 where seq = ${seq}`.execute(conn));

    await page.getByRole("button", { name: "验证全部记录" }).click();
    await page.getByRole("heading", { name: "不完整：审计记录已被篡改" }).waitFor();
    await page.getByText(`第一处在第 ${seq} 条`).waitFor();
    const breaks = page.getByRole("region", { name: "断裂处" });
    await breaks.getByRole("cell", { name: String(seq), exact: true }).waitFor();
    await breaks.getByText(`第 ${seq} 条的内容与它的哈希不符`).waitFor();
    await breaks.getByText("内容被改").waitFor();
  });

  it("shows the auditor's own history on My activity", async () => {
    await consoleNav().getByRole("link", { name: "我的操作记录" }).click();
    await expectUrl("/console/activity");
    await page.getByRole("heading", { level: 1, name: "我的操作记录" }).waitFor();
    await resultRows().filter({ hasText: "audit.verify" }).first().waitFor();
  });

  it("raised no uncaught error in the page", () => {
    expect(session.pageErrors).toEqual([]);
  });
});
