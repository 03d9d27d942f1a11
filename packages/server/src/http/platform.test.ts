import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe("platform endpoints", () => {
  it("health answers ok once ready", async () => {
    const res = await clientFor(server).get("/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", profile: "heilongjiang", database: process.env.DATABASE_URL ? "postgres" : "pglite" });
  });

  it("publishes an OpenAPI 3.1 document covering the routes", async () => {
    const res = await clientFor(server).get("/api/docs/json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/api/v1/auth/login", "/api/v1/calendar/add-workdays", "/api/v1/organisations/{id}/users"]));
  });

  it("unknown API routes are 404 with a bilingual error", async () => {
    const res = await clientFor(server).get("/api/v1/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "route_not_found", message: expect.any(String), messageEn: expect.any(String) });
  });

  it("protected routes need a login", async () => {
    expect((await clientFor(server).get("/api/v1/me")).status).toBe(401);
    expect((await clientFor(server).get("/api/v1/organisations")).status).toBe(401);
  });

  it("a forged bearer token is refused", async () => {
    const api = clientFor(server);
    api.bearer = "sy_forged";
    expect((await api.get("/api/v1/me")).body.error.code).toBe("invalid_token");
  });

  it("lists regions for the cascading picker", async () => {
    const api = clientFor(server);
    expect((await api.get("/api/v1/regions")).body.items).toHaveLength(34);
    expect((await api.get("/api/v1/regions?parent=230100")).body.items.map((r: { name: string }) => r.name)).toContain("道里区");
    expect((await api.get("/api/v1/regions?parent=999999")).status).toBe(404);
    expect((await api.get("/api/v1/regions?parent=abc")).status).toBe(400);
  });

  it("serves the profile in force", async () => {
    const res = await clientFor(server).get("/api/v1/profile");
    expect(res.body).toMatchObject({ id: "heilongjiang", regionCode: "230000", naturalPersonsMayRegister: true });
  });

  it("demo accounts exist and log in", async () => {
    for (const login of ["admin", "reviewer", "auditor", "market", "operator", "company"]) await clientFor(server).login(login, DEMO_PASSWORD);
  });
});
