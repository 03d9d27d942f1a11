import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { type ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";
import { openSecret, sealSecret, type ApiDistributionsTable } from "./api-distributions";
import { addressRefusal, embeddedIPv4, parseAllowList, upstreamPolicy, type Resolve } from "./upstream-policy";

// ---------------------------------------------------------------------------------------------------
// A tiny upstream: a department's service on 127.0.0.1.

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let upstream: http.Server;
let port: number;
let deadPort: number;
const SECRET = "s3cret-Upstream-Key-9f8e7d";

function upstreamHandler(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    const url = new URL(req.url ?? "/", "http://upstream");
    const path = url.pathname;
    if (path === "/base/teapot") {
      res.writeHead(418, { "content-type": "text/plain; charset=utf-8" }).end("我是茶壶 I'm a teapot");
    } else if (path === "/base/slow") {
      const t = setTimeout(() => res.end("late"), 3000);
      res.on("close", () => clearTimeout(t));
    } else if (path === "/base/big-chunked") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(16 * 1024, 97));
      res.end();
    } else if (path === "/base/big-declared") {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(128 * 1024) }).end(Buffer.alloc(128 * 1024, 98));
    } else if (path === "/base/stream") {
      const data = Buffer.alloc(200_000);
      for (let i = 0; i < data.length; i++) data[i] = i % 251;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(data.length) }).end(data);
    } else if (path === "/base/redirect-in") {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/base/echo/moved?key=upstream-key&page=2` }).end();
    } else if (path === "/base/redirect-out") {
      res.writeHead(302, { location: "http://elsewhere.example/x" }).end();
    } else if (path === "/base/html") {
      res.writeHead(200, { "content-type": "text/html" }).end("<script>fetch('/api/v1/me')</script>");
    } else {
      // Echo, with headers a proxy must not pass on.
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "set-cookie": "upstream_session=abc; Path=/",
        server: "upstream-httpd/2.4",
        "x-backend": `127.0.0.1:${port}`,
        link: `<http://127.0.0.1:${port}/base/echo?page=2>; rel="next"`,
        "content-disposition": `inline; filename="127.0.0.1-dump.json"`,
        etag: '"v1"',
      });
      res.end(
        JSON.stringify({
          method: req.method,
          path,
          query: Object.fromEntries(url.searchParams),
          apiKey: req.headers["x-api-key"] ?? null,
          gotCookie: !!req.headers.cookie,
          gotAuthorization: !!req.headers.authorization,
          gotForwardedFor: !!req.headers["x-forwarded-for"],
          contentType: req.headers["content-type"] ?? null,
          body,
        }),
      );
    }
  });
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A GET with the path sent exactly as written (fetch would normalise %2e%2e before sending). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(baseUrl);
    http
      .get({ host: u.hostname, port: u.port, path }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------------

let server: RunningServer;
let anonymous: ApiClient;
let market: ApiClient; // provider of the company register
let health: ApiClient; // another department
let reviewer: ApiClient;
const ids: Record<string, string> = {};
const apis: Record<string, string> = {};
const previousAllow = process.env.SHUYUAN_API_UPSTREAM_ALLOW;

async function idOf(client: ApiClient, title: string) {
  const res = await client.get(`/api/v1/datasets?q=${encodeURIComponent(title)}&scope=all`);
  return res.body.items.find((i: { title: string }) => i.title === title).id as string;
}

function entry(code: string, extra: Record<string, unknown> = {}) {
  return {
    title: `接口测试条目 ${code}`,
    code,
    summary: "通过上游接口提供的数据",
    catalogKind: "department",
    theme: "economy",
    fields: [{ name: "licence_no", title: "许可证号", type: "string", level: 1 }],
    formats: ["api"],
    updateFrequency: "realtime",
    shareType: "unconditional",
    openType: "unconditional",
    level: 1,
    tags: [],
    contact: { name: "陈目录" },
    ...extra,
  };
}

const call = (client: ApiClient, datasetId: string, apiId: string, rest = "") => client.get(`/api/v1/datasets/${datasetId}/apis/${apiId}/call/${rest}`);
const upstreamAddress = () => [`127.0.0.1:${port}`, `:${port}`, `127.0.0.1:${deadPort}`];
function revealsNothing(res: { body: unknown; headers: Headers }) {
  const text = `${[...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${typeof res.body === "string" ? res.body : JSON.stringify(res.body)}`;
  for (const needle of [...upstreamAddress(), SECRET, "upstream-key"]) expect(text).not.toContain(needle);
}
const register = (client: ApiClient, datasetId: string, body: Record<string, unknown>) => client.post(`/api/v1/datasets/${datasetId}/apis`, body);

beforeAll(async () => {
  upstream = http.createServer(upstreamHandler);
  port = await listen(upstream);
  const dead = http.createServer();
  deadPort = await listen(dead);
  await new Promise((resolve) => dead.close(resolve));
  // This upstream's port only: 127.0.0.1 on any other port, and every other internal address, stay refused.
  process.env.SHUYUAN_API_UPSTREAM_ALLOW = `127.0.0.1:${port}, 127.0.0.1:${deadPort}`;

  server = await startTestServer();
  [anonymous, market, health, reviewer] = Array.from({ length: 4 }, () => clientFor(server));
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  await reviewer.login("reviewer", DEMO_PASSWORD);
  ids.company = await idOf(market, "企业登记注册信息"); // open unconditionally, level 1
  ids.penalties = await idOf(market, "市场监管行政处罚信息"); // open conditionally

  const draft = await market.post("/api/v1/datasets", { content: entry("T-API-DRAFT-1") });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  ids.draft = draft.body.dataset.id;

  // Open unconditionally at level 2, with a personal field the public would see masked.
  const personal = await market.post("/api/v1/datasets", {
    content: entry("T-API-PERSONAL-1", {
      fields: [
        { name: "shop_name", title: "字号名称", type: "string", level: 1 },
        { name: "owner_phone", title: "联系电话", type: "string", level: 2, sensitivity: "phone" },
      ],
      level: 2,
    }),
  });
  expect(personal.status, JSON.stringify(personal.body)).toBe(201);
  ids.personal = personal.body.dataset.id;
  expect((await market.post(`/api/v1/datasets/${ids.personal}/submit`, {})).status).toBe(200);
  expect((await reviewer.post(`/api/v1/datasets/${ids.personal}/review`, { decision: "approve" })).status).toBe(200);
});

afterAll(async () => {
  await server?.close();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
  if (previousAllow === undefined) delete process.env.SHUYUAN_API_UPSTREAM_ALLOW;
  else process.env.SHUYUAN_API_UPSTREAM_ALLOW = previousAllow;
});

describe("registration", () => {
  it("the provider's catalog editor registers an API; the answer never holds the secret", async () => {
    const res = await register(market, ids.company, {
      name: "企业信息查询接口",
      upstreamUrl: `http://127.0.0.1:${port}/base?key=upstream-key`,
      authHeader: "X-Api-Key",
      authSecret: SECRET,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: "企业信息查询接口",
      methods: ["GET"],
      upstreamUrl: `http://127.0.0.1:${port}/base?key=upstream-key`,
      authHeader: "X-Api-Key",
      hasSecret: true,
      timeoutMs: 10_000,
      maxResponseBytes: 10 * 1024 * 1024,
    });
    expect(res.body.url).toBe(`/api/v1/datasets/${ids.company}/apis/${res.body.id}/call/`);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    apis.company = res.body.id;

    // Stored sealed, not as typed.
    const row = await server.database.db
      .withTables<{ api_distributions: ApiDistributionsTable }>()
      .selectFrom("api_distributions")
      .selectAll()
      .where("id", "=", apis.company)
      .executeTakeFirstOrThrow();
    expect(row.auth_secret_sealed).toMatch(/^v1\./);
    expect(row.auth_secret_sealed).not.toContain(SECRET);

    // On the audit record: where the data comes from (without the query's key), never the secret.
    const audit = await server.database.db.selectFrom("audit_entries").selectAll().where("action", "=", "data.api.register").orderBy("seq", "desc").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ outcome: "success", subject_id: ids.company, dataset_id: ids.company, actor_user_id: expect.any(String) });
    expect(audit.detail).toMatchObject({ apiId: apis.company, upstream: `http://127.0.0.1:${port}/base` });
    expect(JSON.stringify(audit.detail)).not.toContain(SECRET);
  });

  it("consumers see the name and the platform URL; only the provider's editors see the upstream, and nobody the secret", async () => {
    const publicList = await anonymous.get(`/api/v1/datasets/${ids.company}/apis`);
    expect(publicList.status).toBe(200);
    expect(publicList.body.items).toEqual([
      { id: apis.company, name: "企业信息查询接口", methods: ["GET"], url: `/api/v1/datasets/${ids.company}/apis/${apis.company}/call/`, createdAt: expect.any(String) },
    ]);
    revealsNothing(publicList);
    const otherDepartment = await health.get(`/api/v1/datasets/${ids.company}/apis`);
    expect(Object.keys(otherDepartment.body.items[0]).sort()).toEqual(["createdAt", "id", "methods", "name", "url"]);
    revealsNothing(otherDepartment);
    const editor = await market.get(`/api/v1/datasets/${ids.company}/apis`);
    expect(editor.body.items[0]).toMatchObject({ upstreamUrl: `http://127.0.0.1:${port}/base?key=upstream-key`, hasSecret: true });
    expect(JSON.stringify(editor.body)).not.toContain(SECRET);
  });

  it("another department, or nobody logged in, cannot register", async () => {
    const body = { name: "冒名接口", upstreamUrl: `http://127.0.0.1:${port}/base` };
    const other = await register(health, ids.company, body);
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/目录编制员/), messageEn: expect.stringMatching(/catalog editors/) });
    expect((await register(anonymous, ids.company, body)).status).toBe(401);
    // Another organisation's draft is as absent as a missing entry.
    expect((await register(health, ids.draft, body)).status).toBe(404);
  });

  it("refuses credentials without a header name, headers the platform sets, and a duplicate name", async () => {
    expect((await register(market, ids.company, { name: "x1", upstreamUrl: `http://127.0.0.1:${port}/base`, authSecret: "abc" })).status).toBe(400);
    const reserved = await register(market, ids.company, { name: "x2", upstreamUrl: `http://127.0.0.1:${port}/base`, authHeader: "Host", authSecret: "abc" });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.fields[0]).toMatchObject({ path: "authHeader" });
    const split = await register(market, ids.company, { name: "x3", upstreamUrl: `http://127.0.0.1:${port}/base`, authHeader: "X-Key", authSecret: "a\r\nHost: evil" });
    expect(split.status).toBe(400);
    expect(JSON.stringify(split.body)).not.toContain("evil");
    expect((await register(market, ids.company, { name: "企业信息查询接口", upstreamUrl: `http://127.0.0.1:${port}/base` })).status).toBe(409);
  });

  it.each([
    ["loopback on a port not allow-listed", "http://127.0.0.1:1/base"],
    ["loopback on the default port", "http://127.0.0.1/"],
    ["cloud metadata (link-local)", "http://169.254.169.254/latest/meta-data/"],
    ["Alibaba Cloud metadata", "http://100.100.100.200/latest/meta-data/"],
    ["a private address", "http://10.1.2.3/api"],
    ["IPv6 loopback", "http://[::1]/"],
    ["IPv4-mapped IPv6 loopback", `http://[::ffff:127.0.0.1]:${port}/base`],
    ["loopback written as a number", `http://2130706433:1/`],
    ["a name resolving to loopback", `http://localhost:${port}/base`],
    ["a file URL", "file:///etc/passwd"],
    ["another scheme", "gopher://127.0.0.1:6379/_INFO"],
    ["credentials in the URL", "http://user:pass@example.com/"],
    ["a host name that does not resolve", "http://no-such-host.invalid/"],
  ])("refuses %s at registration", async (_what, upstreamUrl) => {
    const res = await register(market, ids.company, { name: `SSRF ${upstreamUrl}`.slice(0, 100), upstreamUrl });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.fields[0]).toMatchObject({ path: "upstreamUrl", message: expect.any(String), messageEn: expect.any(String) });
  });
});

describe("calling an API through the platform", () => {
  it("the public gets the upstream's body, status and type, with the provider's credential added and nothing of its own passed on", async () => {
    const res = await call(anonymous, ids.company, apis.company, "echo/sub?credit_code=91230100MA0000000X&page=1&key=caller-choice&k%65y=again");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.body).toEqual({
      method: "GET",
      path: "/base/echo/sub",
      query: { key: "upstream-key", credit_code: "91230100MA0000000X", page: "1" },
      apiKey: SECRET,
      gotCookie: false,
      gotAuthorization: false,
      gotForwardedFor: false,
      contentType: null,
      body: "",
    });
    // The provider's fixed parameter stays the provider's.
    expect(seen.at(-1)?.url).toBe("/base/echo/sub?key=upstream-key&credit_code=91230100MA0000000X&page=1");
    // Upstream headers that name it or act on the platform's origin are gone.
    for (const h of ["set-cookie", "server", "x-backend", "link", "content-disposition"]) expect(res.headers.get(h), h).toBeNull();
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { body: _echo, ...rest } = res;
    revealsNothing({ ...rest, body: "" });

    // The caller's session stays with the platform.
    const provider = await call(market, ids.company, apis.company, "echo");
    expect(provider.body).toMatchObject({ gotCookie: false, gotAuthorization: false });
  });

  it("passes the upstream's status and content type through", async () => {
    const res = await call(anonymous, ids.company, apis.company, "teapot");
    expect(res.status).toBe(418);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.body).toBe("我是茶壶 I'm a teapot");
  });

  it("streams a response of declared length byte for byte", async () => {
    const res = await anonymous.download(`/api/v1/datasets/${ids.company}/apis/${apis.company}/call/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("200000");
    expect(res.data.length).toBe(200_000);
    expect(res.data.every((b, i) => b === i % 251)).toBe(true);
  });

  it("serves an upstream's HTML sandboxed, so it cannot act on the platform's origin", async () => {
    const res = await call(anonymous, ids.company, apis.company, "html");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("rewrites a redirect within the registered base to the platform URL and drops any other", async () => {
    const inside = await market.request("GET", `/api/v1/datasets/${ids.company}/apis/${apis.company}/call/redirect-in`);
    // fetch follows the rewritten redirect through the platform again.
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ path: "/base/echo/moved", query: { key: "upstream-key", page: "2" } });
    const manual = await fetch(`${server.url}/api/v1/datasets/${ids.company}/apis/${apis.company}/call/redirect-in`, { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe(`/api/v1/datasets/${ids.company}/apis/${apis.company}/call/echo/moved?page=2`);
    const out = await fetch(`${server.url}/api/v1/datasets/${ids.company}/apis/${apis.company}/call/redirect-out`, { redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBeNull();
  });

  it("forwards POST bodies only when the provider allowed POST", async () => {
    const refused = await anonymous.post(`/api/v1/datasets/${ids.company}/apis/${apis.company}/call/echo`, { q: "x" });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET");
    const posting = await register(market, ids.company, { name: "企业批量核验接口", upstreamUrl: `http://127.0.0.1:${port}/base/`, methods: ["GET", "POST"] });
    expect(posting.status).toBe(201);
    const res = await anonymous.post(`/api/v1/datasets/${ids.company}/apis/${posting.body.id}/call/echo`, { codes: ["91230100MA0000000X"] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ method: "POST", path: "/base/echo", contentType: "application/json", body: '{"codes":["91230100MA0000000X"]}', apiKey: null });
  });

  it("refuses sub-paths that climb out of the registered base", async () => {
    const before = seen.length;
    for (const path of ["..%2f..%2fadmin", "%2e%2e/admin", "echo/%2E%2E/%2e%2e/admin", "echo//x", "a%5c..%5cb"]) {
      const res = await rawGet(server.url, `/api/v1/datasets/${ids.company}/apis/${apis.company}/call/${path}`);
      expect(res.status, path).toBe(400);
    }
    expect(seen.length).toBe(before);
  });

  it("puts every call on the audit record: dataset, API, status and bytes", async () => {
    const res = await anonymous.download(`/api/v1/datasets/${ids.company}/apis/${apis.company}/call/teapot`);
    const entry = await server.database.db.selectFrom("audit_entries").selectAll().where("action", "=", "data.api.call").orderBy("seq", "desc").executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ outcome: "error", subject_type: "dataset", subject_id: ids.company, dataset_id: ids.company, actor_user_id: null });
    expect(entry.detail).toMatchObject({ apiId: apis.company, status: 418, bytes: res.data.length });
    await call(market, ids.company, apis.company, "echo");
    const ok = await server.database.db.selectFrom("audit_entries").selectAll().where("action", "=", "data.api.call").orderBy("seq", "desc").executeTakeFirstOrThrow();
    expect(ok).toMatchObject({ outcome: "success", actor_user_id: expect.any(String) });
    expect(ok.detail).toMatchObject({ apiId: apis.company, status: 200, bytes: expect.any(Number) });
  });
});

describe("the same access decision as table data", () => {
  it("a conditionally open entry's API: 403 for the public and other departments, served to its provider", async () => {
    const res = await register(market, ids.penalties, { name: "行政处罚查询接口", upstreamUrl: `http://127.0.0.1:${port}/base` });
    expect(res.status).toBe(201);
    const before = seen.length;
    const denied = await call(anonymous, ids.penalties, res.body.id, "echo");
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "application_required", message: expect.any(String), messageEn: expect.any(String) });
    expect((await call(health, ids.penalties, res.body.id, "echo")).status).toBe(403);
    expect(seen.length).toBe(before);
    expect((await call(market, ids.penalties, res.body.id, "echo")).status).toBe(200);
    const audit = await server.database.db.selectFrom("audit_entries").selectAll().where("action", "=", "data.api.call").where("outcome", "=", "denied").orderBy("seq", "desc").executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ apiId: res.body.id, status: 403, error: "application_required" });
  });

  it("a draft's API: 404 for everyone but its provider", async () => {
    const res = await register(market, ids.draft, { name: "草稿接口", upstreamUrl: `http://127.0.0.1:${port}/base` });
    expect(res.status).toBe(201);
    expect((await call(anonymous, ids.draft, res.body.id, "echo")).status).toBe(404);
    expect((await call(health, ids.draft, res.body.id, "echo")).status).toBe(404);
    expect((await anonymous.get(`/api/v1/datasets/${ids.draft}/apis`)).status).toBe(404);
    expect((await call(market, ids.draft, res.body.id, "echo")).status).toBe(200);
  });

  it("an API whose entry has fields the reader would see masked is not served: the platform cannot mask an upstream's body", async () => {
    const res = await register(market, ids.personal, { name: "个体户查询接口", upstreamUrl: `http://127.0.0.1:${port}/base` });
    expect(res.status).toBe(201);
    const denied = await call(anonymous, ids.personal, res.body.id, "echo");
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("api_masking_unavailable");
    expect((await call(market, ids.personal, res.body.id, "echo")).status).toBe(200);
  });

  it("an unknown API of a readable entry is 404, and one of another entry is not reachable through this one", async () => {
    expect((await call(anonymous, ids.company, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const other = (await market.get(`/api/v1/datasets/${ids.penalties}/apis`)).body.items[0].id;
    expect((await call(anonymous, ids.company, other, "echo")).status).toBe(404);
  });
});

describe("upstream failures", () => {
  it("a slow upstream: 504 after the API's timeout, in both languages, without its address", async () => {
    const res = await register(market, ids.company, { name: "慢接口", upstreamUrl: `http://127.0.0.1:${port}/base`, timeoutMs: 300 });
    const started = Date.now();
    const slow = await call(anonymous, ids.company, res.body.id, "slow");
    expect(slow.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(slow.body.error).toMatchObject({ code: "upstream_timeout", message: expect.stringMatching(/上游/), messageEn: expect.stringMatching(/upstream/) });
    revealsNothing(slow);
  });

  it("an oversized response: 502, whether its length is declared or not", async () => {
    const res = await register(market, ids.company, { name: "小接口", upstreamUrl: `http://127.0.0.1:${port}/base`, maxResponseBytes: 4096 });
    for (const path of ["big-chunked", "big-declared"]) {
      const big = await call(anonymous, ids.company, res.body.id, path);
      expect(big.status, path).toBe(502);
      expect(big.body.error).toMatchObject({ code: "upstream_too_large", message: expect.stringMatching(/4 KiB/), messageEn: expect.stringMatching(/4 KiB/) });
      revealsNothing(big);
    }
    expect((await call(anonymous, ids.company, res.body.id, "teapot")).status).toBe(418);
  });

  it("an unreachable upstream: 502 without its address", async () => {
    const res = await register(market, ids.company, { name: "停机接口", upstreamUrl: `http://127.0.0.1:${deadPort}/` });
    expect(res.status).toBe(201);
    const down = await call(anonymous, ids.company, res.body.id, "x");
    expect(down.status).toBe(502);
    expect(down.body.error).toMatchObject({ code: "upstream_unreachable", messageEn: expect.stringMatching(/cannot be reached/) });
    revealsNothing(down);
  });

  it("refuses at call time what registration would refuse now (rows stored before a policy or allow-list change)", async () => {
    const db = server.database.db.withTables<{ api_distributions: ApiDistributionsTable }>();
    const stored = async (upstreamUrl: string) =>
      (
        await db
          .insertInto("api_distributions")
          .values({ id: crypto.randomUUID(), dataset_id: ids.company, name: `stored ${upstreamUrl}`, upstream_url: upstreamUrl, methods: ["GET"], auth_header: null, auth_secret_sealed: null, timeout_ms: 2000, max_response_bytes: 4096, created_by_user_id: null, disabled_at: null })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:1/", `http://localhost:${port}/base`, `http://[::ffff:127.0.0.1]:${port}/base`]) {
      const before = seen.length;
      const res = await call(anonymous, ids.company, await stored(url), "echo");
      expect(res.status, url).toBe(502);
      expect(res.body.error.code, url).toBe("upstream_refused");
      expect(seen.length, url).toBe(before);
      revealsNothing(res);
    }
    // A non-HTTP upstream cannot even be stored.
    await expect(stored("file:///etc/passwd")).rejects.toThrow();
  });
});

describe("documentation", () => {
  it("the OpenAPI document lists the routes", async () => {
    const res = await anonymous.get("/api/docs/json");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/api/v1/datasets/{id}/apis", "/api/v1/datasets/{id}/apis/{apiId}", "/api/v1/datasets/{id}/apis/{apiId}/call/{*}"]));
  });
});

describe("removal", () => {
  it("only the provider's editors detach an API; calls and listings then forget it", async () => {
    const res = await register(market, ids.company, { name: "临时接口", upstreamUrl: `http://127.0.0.1:${port}/base` });
    const path = `/api/v1/datasets/${ids.company}/apis/${res.body.id}`;
    expect((await health.delete(path)).status).toBe(403);
    expect((await anonymous.delete(path)).status).toBe(401);
    expect((await call(anonymous, ids.company, res.body.id, "echo")).status).toBe(200);
    expect((await market.delete(path)).status).toBe(204);
    expect((await market.delete(path)).status).toBe(404);
    expect((await call(anonymous, ids.company, res.body.id, "echo")).status).toBe(404);
    const list = await anonymous.get(`/api/v1/datasets/${ids.company}/apis`);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);
    // The name is free again.
    expect((await register(market, ids.company, { name: "临时接口", upstreamUrl: `http://127.0.0.1:${port}/base` })).status).toBe(201);
  });
});

// ---------------------------------------------------------------------------------------------------
// The address policy on its own.

describe("upstream address policy", () => {
  it.each([
    ["8.8.8.8", false, null],
    ["2400:3200::1", false, null],
    ["127.0.0.1", false, "internal"],
    ["127.0.0.1", true, null],
    ["10.0.0.5", false, "internal"],
    ["172.31.255.255", false, "internal"],
    ["192.168.1.1", false, "internal"],
    ["100.64.0.1", false, "internal"],
    ["::1", false, "internal"],
    ["fd12:3456::1", false, "internal"],
    ["169.254.169.254", false, "never"],
    ["169.254.169.254", true, "never"],
    ["100.100.100.200", true, "never"],
    ["0.0.0.0", true, "never"],
    ["::", true, "never"],
    ["fe80::1", true, "never"],
    ["fd00:ec2::254", true, "never"],
    ["::ffff:127.0.0.1", false, "internal"],
    ["::ffff:7f00:1", false, "internal"],
    ["::ffff:a9fe:a9fe", true, "never"],
    ["64:ff9b::a9fe:a9fe", true, "never"],
    ["64:ff9b::808:808", false, null],
    ["not-an-address", false, "never"],
  ] as const)("%s (allow-listed: %s) → %s", (address, allowed, expected) => {
    expect(addressRefusal(address, allowed)).toBe(expected);
  });

  it("reads the IPv4 address inside mapped, compatible and NAT64 IPv6 addresses", () => {
    expect(embeddedIPv4("::ffff:192.168.0.1")).toBe("192.168.0.1");
    expect(embeddedIPv4("::ffff:c0a8:1")).toBe("192.168.0.1");
    expect(embeddedIPv4("::127.0.0.1")).toBe("127.0.0.1");
    expect(embeddedIPv4("64:ff9b::7f00:1")).toBe("127.0.0.1");
    expect(embeddedIPv4("2001:db8::1")).toBeNull();
    expect(embeddedIPv4("::1")).toBeNull();
  });

  it("matches the allow-list on the URL's host and port, never on what a name resolves to", () => {
    const policy = upstreamPolicy(parseAllowList("127.0.0.1:8080, *.intranet.gov.cn, [fd12::1]:8443, data.local"));
    const allows = (u: string) => policy.allowsInternal(new URL(u));
    expect(allows("http://127.0.0.1:8080/x")).toBe(true);
    expect(allows("http://127.0.0.1:8081/x")).toBe(false);
    expect(allows("http://localhost:8080/x")).toBe(false);
    expect(allows("http://api.intranet.gov.cn/x")).toBe(true);
    expect(allows("https://a.b.intranet.gov.cn:9443/x")).toBe(true);
    expect(allows("http://intranet.gov.cn.evil.com/x")).toBe(false);
    expect(allows("http://evilintranet.gov.cn/x")).toBe(false);
    expect(allows("https://[fd12::1]:8443/")).toBe(true);
    expect(allows("http://data.local:1234/")).toBe(true);
    expect(() => parseAllowList("http://x/")).toThrow(/SHUYUAN_API_UPSTREAM_ALLOW/);
  });

  it("normalises the tricks URL parsers know before judging a literal address", () => {
    const policy = upstreamPolicy([]);
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://[::ffff:169.254.169.254]/", "http://0251.0376.0251.0376/"]) {
      expect(policy.checkUrl(url).ok, url).toBe(false);
    }
    expect(policy.checkUrl("https://data.example.gov.cn/api?x=1#frag")).toMatchObject({ ok: true, url: new URL("https://data.example.gov.cn/api?x=1") });
  });

  it("DNS rebinding: the connection uses the lookup that checked the address, so a name that turned internal is refused", async () => {
    let answer = "93.184.216.34";
    const resolve: Resolve = async () => [{ address: answer, family: 4 }];
    const policy = upstreamPolicy([], resolve);
    const url = new URL(`http://rebind.test:${port}/base/echo`);
    expect(await policy.checkResolved(url)).toBeNull(); // public at registration
    answer = "127.0.0.1"; // internal at call time
    const before = seen.length;
    const error = await new Promise<NodeJS.ErrnoException>((done) => {
      http.get(url, { lookup: policy.lookupFor(url), agent: false }, () => done(new Error("connected"))).on("error", done);
    });
    expect(error.code).toBe("ESHUYUAN_UPSTREAM_REFUSED");
    expect(seen.length).toBe(before);
  });

  it("an allow-listed name connects to exactly the address its lookup checked", async () => {
    const policy = upstreamPolicy(parseAllowList(`svc.intranet.test:${port}`), async () => [{ address: "127.0.0.1", family: 4 }]);
    const url = new URL(`http://svc.intranet.test:${port}/base/echo`);
    expect(await policy.checkResolved(url)).toBeNull();
    const status = await new Promise<number>((done, fail) => {
      http.get(url, { lookup: policy.lookupFor(url), agent: false }, (res) => (res.resume(), done(res.statusCode ?? 0))).on("error", fail);
    });
    expect(status).toBe(200);
  });

  it("seals the upstream secret to its row and origin", () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sealSecret(key, SECRET, "row-1\nhttp://a.example");
    expect(sealed).not.toContain(SECRET);
    expect(openSecret(key, sealed, "row-1\nhttp://a.example")).toBe(SECRET);
    expect(openSecret(key, sealed, "row-2\nhttp://a.example")).toBeNull();
    expect(openSecret(key, sealed, "row-1\nhttp://b.example")).toBeNull();
    expect(openSecret(Buffer.alloc(32, 8), sealed, "row-1\nhttp://a.example")).toBeNull();
    expect(openSecret(key, `${sealed.slice(0, -2)}AA`, "row-1\nhttp://a.example")).toBeNull();
  });
});
