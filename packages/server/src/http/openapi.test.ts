// The OpenAPI document is complete enough to generate a working client: a TypeScript client is generated
// from the live /api/docs/json (openapi-typescript + openapi-fetch, as docs/api.md shows), a small program
// is typechecked against it (a wrong field name must not compile) and run against the platform.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { validate } from "@readme/openapi-parser";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInteropPlatform, type InteropPlatform } from "../interop/fixtures/platform";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");

/** What a client author writes: sign in with a token, search, read, read rows, open a data demand and read it back. */
const PROGRAM = `
import createClient from "openapi-fetch";
import type { paths } from "./shuyuan";

export async function run(baseUrl: string, token: string, providerOrganisationId: string) {
  const api = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const me = await api.GET("/api/v1/me");
  const found = await api.GET("/api/v1/datasets", { params: { query: { q: "企业登记注册信息", scope: "open" } } });
  const hit = found.data!.items.find((d) => d.title === "企业登记注册信息")!;
  const detail = await api.GET("/api/v1/datasets/{id}", { params: { path: { id: hit.id } } });
  const rows = await api.GET("/api/v1/datasets/{id}/rows", { params: { path: { id: hit.id }, query: { limit: "2" } } });
  const opened = await api.POST("/api/v1/cases", {
    body: {
      kind: "data_demand",
      title: "需要企业年报数据",
      payload: { title: "企业年报", dataItems: ["统一社会信用代码", "年报年度"], scenario: "信用监管", basis: "004 §29", providerOrganisationId },
    },
  });
  const demand = await api.GET("/api/v1/cases/{id}", { params: { path: { id: opened.data!.id } } });
  return {
    login: me.data!.login,
    total: found.data!.total,
    openType: detail.data!.openType,
    fields: detail.data!.content!.fields.map((f) => f.name),
    rows: rows.data!.items.length,
    columns: rows.data!.fields.map((f) => f.name),
    opened: opened.response.status,
    demand: { kind: demand.data!.kind, state: demand.data!.state, title: demand.data!.title },
  };
}
`;

let p: InteropPlatform;
let doc: any;
let dir: string;

const tsc = (file: string) =>
  promisify(execFile)(process.execPath, [TSC, "--noEmit", "--strict", "--skipLibCheck", "--module", "esnext", "--moduleResolution", "bundler", "--target", "es2022", file], { cwd: dir }).then(
    () => "",
    (err: { stdout: string }) => err.stdout,
  );

beforeAll(async () => {
  p = await startInteropPlatform();
  doc = (await p.anonymous.get("/api/docs/json")).body;
  // Generated and compiled outside the repository; the program resolves openapi-fetch from its node_modules.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-client-"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  fs.writeFileSync(path.join(dir, "shuyuan.ts"), astToString(await openapiTS(structuredClone(doc))));
}, 60_000);
afterAll(async () => {
  await p?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify((result as { errors?: unknown }).errors)).toBe(true);
  });

  it("gives every /api/v1 operation a unique operationId, tags, a 2xx response schema and the shared error body", () => {
    const ids = new Map<string, string>();
    const gaps: string[] = [];
    for (const [route, item] of Object.entries<Record<string, any>>(doc.paths)) {
      if (!route.startsWith("/api/v1/")) continue;
      for (const [method, op] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${route}`;
        if (!op.operationId) gaps.push(`${where}: no operationId`);
        else if (ids.has(op.operationId)) gaps.push(`${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
        else ids.set(op.operationId, where);
        if (!op.tags?.length) gaps.push(`${where}: no tags`);
        const success = Object.entries<any>(op.responses ?? {}).filter(([code]) => code.startsWith("2"));
        // A 204 says so without a body; every other success names what it answers.
        if (!success.length || success.some(([code, r]) => code !== "204" && !Object.values<any>(r.content ?? {}).every((c) => c.schema))) gaps.push(`${where}: no 2xx schema`);
        if (op.responses?.["4XX"]?.content?.["application/json"]?.schema?.$ref !== "#/components/schemas/Error") gaps.push(`${where}: no error body`);
      }
    }
    expect(gaps).toEqual([]);
    expect(ids.get("listDatasets")).toBe("GET /api/v1/datasets");
  });

  it("has one component per named shape, each used (no unused input twins of answers)", () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(["Error", "DatasetSummary", "DatasetDetail", "RowsPage", "User"]));
    expect(names).not.toContain("DatasetSummaryInput");
    const text = JSON.stringify(doc);
    expect(names.filter((n) => !text.includes(`"#/components/schemas/${n}"`))).toEqual([]);
  });

  it("documents each upload's body as multipart/form-data with one binary field `file`", () => {
    const uploads = ["/api/v1/datasets/import", "/api/v1/datasets/{id}/table", "/api/v1/datasets/{id}/files", "/api/v1/cases/attachments"];
    for (const route of uploads) {
      const body = doc.paths[route].post.requestBody;
      expect(Object.keys(body.content), route).toEqual(["multipart/form-data"]);
      expect(body.content["multipart/form-data"].schema).toMatchObject({ required: ["file"], properties: { file: { type: "string", format: "binary" } } });
    }
    // Only uploads: a JSON route keeps its JSON body.
    expect(Object.keys(doc.paths["/api/v1/datasets"].post.requestBody.content)).toEqual(["application/json"]);
  });

  it("names who may call: a token or a session (with its CSRF header on writes), or anyone", () => {
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(["session", "csrf", "token"]));
    expect(doc.paths["/api/v1/me"].get.security).toEqual([{ session: [] }, { token: [] }]);
    expect(doc.paths["/api/v1/me/tokens"].post.security).toEqual([{ session: [], csrf: [] }, { token: [] }]);
    expect(doc.paths["/api/v1/datasets"].get.security).toContainEqual({});
  });
});

describe("a client generated from it", () => {
  it("typechecks a program that signs in with a token, searches, reads rows and opens a data demand; and runs it", async () => {
    fs.writeFileSync(path.join(dir, "program.ts"), PROGRAM);
    expect(await tsc("program.ts")).toBe("");
    const token = (await p.market.post("/api/v1/me/tokens", { name: "generated client" })).body.token as string;
    // The demand goes to 卫健委, another department.
    const health = (await p.health.get("/api/v1/me")).body.memberships[0].organisationId as string;
    const { run } = await import(path.join(dir, "program.ts"));
    const result = await run(p.server.url.replace(/\/$/, ""), token, health);
    expect(result).toEqual({
      login: "market",
      total: expect.any(Number),
      openType: "unconditional",
      fields: expect.arrayContaining(["credit_code", "company_name"]),
      rows: 2,
      columns: expect.arrayContaining(["credit_code", "company_name"]),
      opened: 201,
      demand: { kind: "data_demand", state: expect.any(String), title: "需要企业年报数据" },
    });
  }, 120_000);

  it.each([
    ["a response field that does not exist", `const t: string = (await api.GET("/api/v1/me")).data!.loginName;`, "loginName"],
    ["a query parameter that does not exist", `await api.GET("/api/v1/datasets", { params: { query: { query: "x" } } });`, "query"],
    ["a wrong type for a documented field", `const n: number = (await api.GET("/api/v1/datasets/{id}", { params: { path: { id: "x" } } })).data!.title;`, "number"],
  ])("refuses to compile %s", async (_what, line, named) => {
    const program = `import createClient from "openapi-fetch";\nimport type { paths } from "./shuyuan";\nconst api = createClient<paths>({ baseUrl: "http://localhost" });\n${line}\nexport {};\n`;
    fs.writeFileSync(path.join(dir, "wrong.ts"), program);
    const errors = await tsc("wrong.ts");
    expect(errors).toMatch(/wrong\.ts\(4,\d+\): error TS\d+/);
    expect(errors).toContain(named);
  }, 60_000);
});
