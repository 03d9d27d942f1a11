import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../server";
import { legalPerson, newCitizenId, STRONG_PASSWORD } from "../testing/factories";
import { clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ profileId: "beijing-open" });
});
afterAll(async () => server?.close());

describe("profile beijing-open", () => {
  it("000 §5: refuses natural-person self-registration with a clear bilingual message", async () => {
    const res = await clientFor(server).post("/api/v1/auth/register", {
      accountKind: "natural",
      login: "citizen-bj",
      name: "赵六",
      citizenId: newCitizenId("110107"),
      password: STRONG_PASSWORD,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("natural_persons_not_accepted");
    expect(res.body.error.message).toContain("自然人");
    expect(res.body.error.messageEn).toMatch(/natural persons/);
  });

  it("000 §5: still accepts a legal person", async () => {
    const res = await clientFor(server).post("/api/v1/auth/register", legalPerson());
    expect(res.status).toBe(201);
  });

  it("the profile endpoint tells the web app not to offer natural-person registration", async () => {
    const res = await clientFor(server).get("/api/v1/profile");
    expect(res.body).toMatchObject({ id: "beijing-open", naturalPersonsMayRegister: false, regionCode: "110000" });
  });

  it("seeds the demo jurisdiction in Beijing", async () => {
    const res = await clientFor(server).get("/api/v1/health");
    expect(res.body.profile).toBe("beijing-open");
    const departments = await server.database.db.selectFrom("organisations").select(["name", "region_code"]).where("kind", "in", ["authority", "department"]).execute();
    expect(departments.every((o) => o.region_code === "110000")).toBe(true);
    expect(departments.map((o) => o.name)).toContain("北京市市场监督管理局");
  });
});
