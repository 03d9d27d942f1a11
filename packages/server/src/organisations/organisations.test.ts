import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { corrupt, newCitizenId, newCreditCode, STRONG_PASSWORD } from "../testing/factories";
import { type ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let admin: ApiClient; // platform + provincial authority admin
let market: ApiClient; // admin of the market regulation department
let health: ApiClient;
let orgIds: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  [admin, market, health] = [clientFor(server), clientFor(server), clientFor(server)];
  await admin.login("admin", DEMO_PASSWORD);
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  const all = await admin.get("/api/v1/organisations?pageSize=100");
  orgIds = Object.fromEntries(all.body.items.map((o: { name: string; id: string }) => [o.name, o.id]));
});
afterAll(async () => server?.close());

const idOf = (fragment: string) => Object.entries(orgIds).find(([name]) => name.includes(fragment))![1];

function staff(overrides: Record<string, unknown> = {}) {
  const n = Math.floor(Math.random() * 1e6);
  return { login: `staff${n}`, name: "王五", citizenId: newCitizenId(), roles: ["catalog_editor"], initialPassword: STRONG_PASSWORD, ...overrides };
}

describe("organisations", () => {
  it("the authority admin sees every organisation of its region, with region names from GB/T 2260", async () => {
    const res = await admin.get("/api/v1/organisations");
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
    expect(res.body.items[0].regionName).toBe("黑龙江省");
  });

  it("a department admin sees only its own organisation", async () => {
    const res = await market.get("/api/v1/organisations");
    expect(res.body.items.map((o: { name: string }) => o.name)).toEqual(["黑龙江省市场监督管理局"]);
    expect((await market.get(`/api/v1/organisations/${idOf("卫生健康")}`)).status).toBe(404);
  });

  it("only an authority admin creates organisations, within its region", async () => {
    const ok = await admin.post("/api/v1/organisations", { name: "哈尔滨市数据局", kind: "authority", regionCode: "230100" });
    expect(ok.status).toBe(201);
    expect(ok.body.regionName).toBe("黑龙江省 / 哈尔滨市");
    const denied = await market.post("/api/v1/organisations", { name: "冒名机构", kind: "department", regionCode: "230100" });
    expect(denied.status).toBe(403);
  });

  it("a city authority admin cannot create organisations in another city", async () => {
    const city = await admin.post("/api/v1/organisations", { name: "齐齐哈尔市数据局", kind: "authority", regionCode: "230200" });
    const cityAdmin = staff({ roles: ["admin"] });
    expect((await admin.post(`/api/v1/organisations/${city.body.id}/users`, cityAdmin)).status).toBe(201);
    const c = clientFor(server);
    await c.login(cityAdmin.login, STRONG_PASSWORD);
    await c.post("/api/v1/me/password", { currentPassword: STRONG_PASSWORD, newPassword: "Changed#Pass2027" });
    expect((await c.post("/api/v1/organisations", { name: "齐齐哈尔市卫健委", kind: "department", regionCode: "230202" })).status).toBe(201);
    expect((await c.post("/api/v1/organisations", { name: "哈尔滨某局", kind: "department", regionCode: "230102" })).status).toBe(403);
    const visible = await c.get("/api/v1/organisations?pageSize=100");
    expect(visible.body.items.every((o: { regionCode: string }) => o.regionCode.startsWith("2302"))).toBe(true);
  });

  it("refuses duplicate names in one region, forged credit codes and unknown kinds", async () => {
    expect((await admin.post("/api/v1/organisations", { name: "黑龙江省市场监督管理局", kind: "department", regionCode: "230000" })).status).toBe(409);
    const forged = await admin.post("/api/v1/organisations", { name: "某公司", kind: "public_org", regionCode: "230102", creditCode: corrupt(newCreditCode(), 12) });
    expect(forged.status).toBe(400);
    expect(forged.body.error.fields[0].path).toBe("creditCode");
    expect((await admin.post("/api/v1/organisations", { name: "某机构", kind: "ministry", regionCode: "230102" })).status).toBe(400);
    const noCode = await admin.post("/api/v1/organisations", { name: "某协会", kind: "public_org", regionCode: "230102" });
    expect(noCode.body.error.fields[0].path).toBe("creditCode");
  });

  it("treats search text as text: injection attempts match nothing and break nothing", async () => {
    for (const q of ["' or 1=1 --", "%", "_", "\\", "'; drop table users; --", "黑龙江省%' union select"]) {
      const res = await admin.get(`/api/v1/organisations?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(0);
    }
    expect((await admin.get(`/api/v1/organisations?q=${encodeURIComponent("市场")}`)).body.total).toBe(1);
    expect((await admin.get("/api/v1/organisations?page=0")).status).toBe(400);
    expect((await admin.get("/api/v1/organisations?pageSize=1000")).status).toBe(400);
    expect((await admin.get("/api/v1/organisations?kind=x' or '1")).status).toBe(400);
    expect((await admin.get("/api/v1/organisations/1%20or%201=1")).status).toBe(400);
  });

  it("the public directory lists authorities and departments only, to anyone", async () => {
    const res = await clientFor(server).get("/api/v1/directory/organisations?pageSize=100");
    expect(res.status).toBe(200);
    const kinds = new Set(res.body.items.map((o: { kind: string }) => o.kind));
    expect([...kinds].sort()).toEqual(["authority", "department"]);
    expect(res.body.items.some((o: { name: string }) => o.name === "黑龙江省市场监督管理局")).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain("creditCode");
    expect((await clientFor(server).get("/api/v1/directory/organisations?kind=public_org")).status).toBe(400);
  });

  it("paginates", async () => {
    const p1 = await admin.get("/api/v1/organisations?pageSize=2&page=1");
    const p2 = await admin.get("/api/v1/organisations?pageSize=2&page=2");
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.items[0].id).not.toBe(p2.body.items[0].id);
    expect(p1.body.total).toBe(p2.body.total);
  });
});

describe("users of an organisation", () => {
  it("an organisation admin opens a staff account that must change its initial password", async () => {
    const person = staff();
    const res = await market.post(`/api/v1/organisations/${idOf("市场")}/users`, person);
    expect(res.status).toBe(201);
    expect(res.body.mustChangePassword).toBe(true);
    const c = clientFor(server);
    const login = await c.login(person.login, STRONG_PASSWORD);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await c.get("/api/v1/organisations")).body.error.code).toBe("password_change_required");
  });

  it("a user of organisation A never sees or changes organisation B's users", async () => {
    const healthId = idOf("卫生健康");
    expect((await market.get(`/api/v1/organisations/${healthId}/users`)).status).toBe(404);
    expect((await market.post(`/api/v1/organisations/${healthId}/users`, staff())).status).toBe(404);
    const healthUsers = await health.get(`/api/v1/organisations/${healthId}/users`);
    const someone = healthUsers.body.items[0].id;
    expect((await market.patch(`/api/v1/organisations/${healthId}/users/${someone}`, { disabled: true })).status).toBe(404);
    // nor through its own organisation's URL
    expect((await market.patch(`/api/v1/organisations/${idOf("市场")}/users/${someone}`, { disabled: true })).status).toBe(404);
  });

  it("refuses roles the organisation kind cannot hold", async () => {
    const res = await market.post(`/api/v1/organisations/${idOf("市场")}/users`, staff({ roles: ["reviewer"] }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe("roles");
  });

  it("disabling a user ends their sessions and refuses their login", async () => {
    const person = staff({ roles: ["data_officer"] });
    const created = await health.post(`/api/v1/organisations/${idOf("卫生健康")}/users`, person);
    const c = clientFor(server);
    await c.login(person.login, STRONG_PASSWORD);
    const res = await health.patch(`/api/v1/organisations/${idOf("卫生健康")}/users/${created.body.id}`, { disabled: true });
    expect(res.body.disabled).toBe(true);
    expect((await c.get("/api/v1/me")).status).toBe(401);
    expect((await clientFor(server).post("/api/v1/auth/login", { login: person.login, password: STRONG_PASSWORD })).status).toBe(403);
  });

  it("an admin cannot lock themselves out", async () => {
    const me = await health.get("/api/v1/me");
    const res = await health.patch(`/api/v1/organisations/${idOf("卫生健康")}/users/${me.body.id}`, { roles: ["catalog_editor"] });
    expect(res.status).toBe(403);
  });
});
