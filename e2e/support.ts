// What every browser journey shares: Debian's Chromium (skipped loudly when absent), the built web
// app, a fresh context per journey, page errors collected, and a screenshot of a failed step.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterEach, describe, expect } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const WEB_INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../packages/web/dist/index.html");

/** `describe` when Chromium is installed, otherwise `describe.skip` with a warning nobody can miss. */
export function journeyDescribe(name: string) {
  if (fs.existsSync(CHROMIUM)) return describe;
  console.warn(
    `\n\x1b[41m\x1b[97m SKIPPED \x1b[0m ${name}: /usr/bin/chromium is missing, so this browser journey did NOT run.\n` +
      "          Install Debian's Chromium (apt-get install chromium) to run it.\n",
  );
  return describe.skip;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openBrowser(baseURL: string): Promise<BrowserSession> {
  if (!fs.existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: build the web app first (npm run build:web, or npm test which does it)`);
  }
  // Flags for a machine with no outside network (see the env notes): no background traffic, no sandbox as root.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ locale: "zh-CN", baseURL });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return {
    browser,
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

/** A failed step leaves a screenshot in test-results/ for whoever reads the CI log. */
export function screenshotOnFailure(journey: string, page: () => Page | undefined) {
  afterEach(async ({ task }) => {
    const p = page();
    if (task.result?.state !== "fail" || !p) return;
    fs.mkdirSync("test-results", { recursive: true });
    const file = path.join("test-results", `${journey}-${task.name.replace(/\W+/g, "-")}.png`);
    await p.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failed step: ${file}`);
  });
}

/**
 * Picks `name` in a searchable select (an organisation picker) after typing `search`. The options are drawn
 * again when the search's answer arrives, and a click landing meanwhile is lost (CI saw the picker left
 * empty): the click is repeated until the select shows the choice.
 */
export async function pickOption(page: Page, picker: Locator, search: string, name: string) {
  await picker.click();
  await picker.fill(search);
  const select = picker.locator("xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]");
  const option = page.locator(`.ant-select-item-option[title="${name}"]`);
  await expect
    .poll(
      async () => {
        const shown = (await select.textContent()) ?? "";
        if (!shown.includes(name)) await option.click({ timeout: 2_000 }).catch(() => undefined);
        return shown;
      },
      { timeout: 15_000, interval: 250 },
    )
    .toContain(name);
}

/** A dialog by its title, once its opening animation is over (a click during it can be lost on a busy machine). */
export async function openedDialog(page: Page, name: string) {
  const dialog = page.getByRole("dialog", { name });
  await dialog.waitFor();
  await expect.poll(() => dialog.getAttribute("class")).not.toMatch(/zoom/);
  return dialog;
}
