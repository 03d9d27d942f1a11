import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { creditCodeCheckChar } from "@shuyuan/core";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor, type ApiClient } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../bin/shuyuan.js");
const HEADER = "credit_code,company_name,company_type,registered_capital,established_on,registration_authority,status";
const creditCode = (i: number) => {
  const first17 = `91230100MB${String(i).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
};
const row = (code: string, i: number) => `${code},数源导入示例${i}有限公司,有限责任公司,${10 + i},2021-03-01,哈尔滨市市场监督管理局,存续`;

let server: RunningServer;
let market: ApiClient;
let token: string;
let company: string; // 企业登记注册信息, market's open entry
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  market = clientFor(server);
  await market.login("market", DEMO_PASSWORD);
  token = (await market.post("/api/v1/me/tokens", { name: "import", expiresInDays: 1 })).body.token;
  const found = await market.get(`/api/v1/datasets?scope=own&q=${encodeURIComponent("企业登记注册信息")}`);
  company = found.body.items.find((i: { title: string }) => i.title === "企业登记注册信息").id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-import-"));
});
afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `shuyuan import` as an operator would, with the token in the environment. */
function runImport(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, "import", ...args], {
      env: { ...process.env, SHUYUAN_URL: server.url, SHUYUAN_TOKEN: token, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("shuyuan import (command-line mounting, 004 §19 quality report)", () => {
  it("uploads a GBK CSV with a Chinese name through the API and prints the quality report with the rejected row", async () => {
    const valid = creditCode(999);
    const forged = valid.slice(0, 17) + (valid[17] === "0" ? "1" : "0");
    const lines = [HEADER, ...Array.from({ length: 30 }, (_, i) => row(creditCode(i), i)), row(forged, 30)];
    const file = path.join(dir, "企业登记-命令行.csv");
    fs.writeFileSync(file, iconv.encode(lines.join("\r\n") + "\r\n", "gbk"));

    const out = await runImport([file, "--dataset", company]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/读取 read 31 · 装载 loaded 30 · 拒绝 rejected 1/);
    expect(out.stdout).toContain("第 32 行 row 32 [credit_code]");
    expect(out.stdout).toMatch(/rejected rows \(CSV\): http:\/\/\S+\/table-versions\/\d+\/rejects\.csv/);

    const versions = (await market.get(`/api/v1/datasets/${company}/table-versions`)).body.items;
    expect(versions[0]).toMatchObject({ serving: true, rowsLoaded: 30, rowsRejected: 1, source: { name: "企业登记-命令行.csv" } });
    expect(versions[0].source.encoding).toMatch(/gb/i);
  });

  it("a wrong token is refused with the platform's bilingual message and a non-zero exit; nothing is loaded", async () => {
    const before = (await market.get(`/api/v1/datasets/${company}/table-versions`)).body.items.length;
    const file = path.join(dir, "ok.csv");
    fs.writeFileSync(file, [HEADER, row(creditCode(1), 1)].join("\n"));
    const out = await runImport([file, "--dataset", company], { SHUYUAN_TOKEN: "sy_forged" });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/401 invalid_token/);
    expect((await market.get(`/api/v1/datasets/${company}/table-versions`)).body.items.length).toBe(before);
  });

  it("a file of the wrong kind gets the server's field error; a missing file is named", async () => {
    const pdf = path.join(dir, "scan.pdf");
    fs.writeFileSync(pdf, "%PDF-1.7");
    const wrong = await runImport([pdf, "--dataset", company]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("只接受 CSV、XLSX 或 JSON 文件 / Upload a CSV, XLSX or JSON file");

    const missing = await runImport([path.join(dir, "nope.csv"), "--dataset", company]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nope.csv");
  });
});
