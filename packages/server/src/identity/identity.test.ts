import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { corrupt, legalPerson, newCitizenId, STRONG_PASSWORD } from "../testing/factories";
import { ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe("registration (real name)", () => {
  it("registers a legal person with its organisation and logs it in", async () => {
    const api = clientFor(server);
    const person = legalPerson();
    const res = await api.post("/api/v1/auth/register", person);
    expect(res.status).toBe(201);
    expect(res.headers.get("set-cookie")).toMatch(/sy_session=.+HttpOnly/i);
    expect(res.body.user.login).toBe(person.login);
    expect(res.body.user.memberships).toEqual([
      expect.objectContaining({ organisationName: person.organisation.name, organisationKind: "public_org", roles: ["admin"] }),
    ]);
    // 身份证号 never leaves in clear
    expect(res.body.user.citizenIdMasked).toMatch(/^\d{6}\*+\w{4}$/);
    expect(JSON.stringify(res.body)).not.toContain(person.citizenId);
    const me = await api.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body.login).toBe(person.login);
  });

  it("stores the citizen ID only as a keyed hash and a masked copy", async () => {
    const person = legalPerson();
    await clientFor(server).post("/api/v1/auth/register", person);
    const row = await server.database.db.selectFrom("users").selectAll().where("login", "=", person.login).executeTakeFirstOrThrow();
    expect(Object.values(row).map(String).join("|")).not.toContain(person.citizenId);
    expect(row.citizen_id_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("002 §13: refuses a forged citizen ID number (single-digit corruption) with a field error", async () => {
    const person = legalPerson();
    const res = await clientFor(server).post("/api/v1/auth/register", { ...person, citizenId: corrupt(person.citizenId) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: "citizenId", message: expect.stringContaining("身份证"), messageEn: expect.stringContaining("citizen ID") })]);
  });

  it("002 §13: refuses a forged unified social credit code", async () => {
    const person = legalPerson();
    const res = await clientFor(server).post("/api/v1/auth/register", {
      ...person,
      organisation: { ...person.organisation, creditCode: corrupt(person.organisation.creditCode, 12) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe("organisation.creditCode");
  });

  it("refuses an unknown region code", async () => {
    const person = legalPerson();
    const res = await clientFor(server).post("/api/v1/auth/register", { ...person, organisation: { ...person.organisation, regionCode: "239999" } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe("organisation.regionCode");
  });

  it("004 §38: refuses a weak password, naming each rule broken in both languages", async () => {
    const res = await clientFor(server).post("/api/v1/auth/register", legalPerson({ password: "abc12345" }));
    expect(res.status).toBe(400);
    const codes = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(codes.every((p: string) => p === "password")).toBe(true);
    expect(res.body.error.fields.length).toBeGreaterThanOrEqual(2);
    expect(res.body.error.fields[0].messageEn).toMatch(/\w/);
  });

  it("refuses a second account for the same login, person or credit code", async () => {
    const person = legalPerson();
    expect((await clientFor(server).post("/api/v1/auth/register", person)).status).toBe(201);
    const sameLogin = await clientFor(server).post("/api/v1/auth/register", legalPerson({ login: person.login.toUpperCase() }));
    expect(sameLogin.status).toBe(409);
    expect(sameLogin.body.error.code).toBe("login_taken");
    const samePerson = await clientFor(server).post("/api/v1/auth/register", legalPerson({ citizenId: person.citizenId }));
    expect(samePerson.body.error.code).toBe("citizen_id_taken");
    const sameOrg = await clientFor(server).post("/api/v1/auth/register", legalPerson({ organisation: { ...person.organisation, name: "另一家" } }));
    expect(sameOrg.body.error.code).toBe("credit_code_taken");
  });

  it("accepts a natural person under heilongjiang (no 000 §5 restriction)", async () => {
    const res = await clientFor(server).post("/api/v1/auth/register", {
      accountKind: "natural",
      login: "citizen1",
      name: "李四",
      citizenId: newCitizenId(),
      password: STRONG_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body.user.memberships).toEqual([]);
  });

  it("rejects unknown fields and malformed JSON without leaking internals", async () => {
    const extra = await clientFor(server).post("/api/v1/auth/register", { ...legalPerson(), platformAdmin: true });
    expect(extra.status).toBe(400);
    const raw = await new ApiClient(server.url).request("POST", "/api/v1/auth/login", undefined, { raw: '{"login": ' });
    expect(raw.status).toBe(400);
    expect(JSON.stringify(raw.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe("login, lockout and sessions", () => {
  it("logs in a demo account and answers the session with a CSRF token", async () => {
    const api = clientFor(server);
    await api.login("market", DEMO_PASSWORD);
    const session = await api.get("/api/v1/auth/session");
    expect(session.body.user.login).toBe("market");
    expect(session.body.csrfToken).toBe(api.csrfToken);
  });

  it("answers a wrong password and an unknown login alike", async () => {
    const a = await clientFor(server).post("/api/v1/auth/login", { login: "market", password: "Wrong#Password1" });
    const b = await clientFor(server).post("/api/v1/auth/login", { login: "nobody-here", password: "Wrong#Password1" });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
  });

  it("004 §38: locks the account after 5 failed logins, even against the right password", async () => {
    const person = legalPerson();
    await clientFor(server).post("/api/v1/auth/register", person);
    const api = clientFor(server);
    for (let i = 0; i < 4; i++) expect((await api.post("/api/v1/auth/login", { login: person.login, password: "Wrong#Password1" })).status).toBe(401);
    const fifth = await api.post("/api/v1/auth/login", { login: person.login, password: "Wrong#Password1" });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.lockedUntil).toBeTruthy();
    expect((await api.post("/api/v1/auth/login", { login: person.login, password: person.password })).status).toBe(423);
  });

  it("refuses a cookie-authenticated write without the CSRF token", async () => {
    const api = clientFor(server);
    await api.login("health", DEMO_PASSWORD);
    const res = await api.request("POST", "/api/v1/me/tokens", { name: "x" }, { headers: { "x-csrf-token": "forged" } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("csrf_token_invalid");
  });

  it("logout ends the session", async () => {
    const api = clientFor(server);
    await api.login("transport", DEMO_PASSWORD);
    const cookie = (api as unknown as { cookie: string }).cookie;
    expect((await api.post("/api/v1/auth/logout")).status).toBe(204);
    const replay = new ApiClient(server.url);
    (replay as unknown as { cookie: string }).cookie = cookie;
    expect((await replay.get("/api/v1/me")).status).toBe(401);
  });
});

describe("password change (004 §38)", () => {
  it("changes the password; the old one stops working and other sessions end", async () => {
    const person = legalPerson();
    const api = clientFor(server);
    await api.post("/api/v1/auth/register", person);
    const other = clientFor(server);
    await other.login(person.login, person.password);
    const wrong = await api.post("/api/v1/me/password", { currentPassword: "Not#TheRight1", newPassword: "Another#Strong2027" });
    expect(wrong.status).toBe(401);
    const res = await api.post("/api/v1/me/password", { currentPassword: person.password, newPassword: "Another#Strong2027" });
    expect(res.status).toBe(204);
    expect((await api.get("/api/v1/me")).status).toBe(200);
    expect((await other.get("/api/v1/me")).status).toBe(401);
    expect((await clientFor(server).post("/api/v1/auth/login", { login: person.login, password: person.password })).status).toBe(401);
    await clientFor(server).login(person.login, "Another#Strong2027");
  });

  it("004 §38: a password older than the profile's period (90 days) must be changed before anything else", async () => {
    const person = legalPerson();
    const api = clientFor(server);
    await api.post("/api/v1/auth/register", person);
    await sql`update users set password_changed_at = now() - interval '91 days' where login = ${person.login}`.execute(server.database.db);
    const me = await api.get("/api/v1/me");
    expect(me.body.mustChangePassword).toBe(true);
    const blocked = await api.get("/api/v1/organisations");
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe("password_change_required");
    await api.post("/api/v1/me/password", { currentPassword: person.password, newPassword: "Fresh#Password2027" });
    expect((await api.get("/api/v1/organisations")).status).toBe(200);
  });

  it("004 §38: a password 89 days old is still valid", async () => {
    const person = legalPerson();
    const api = clientFor(server);
    await api.post("/api/v1/auth/register", person);
    await sql`update users set password_changed_at = now() - interval '89 days' where login = ${person.login}`.execute(server.database.db);
    expect((await api.get("/api/v1/me")).body.mustChangePassword).toBe(false);
  });
});

describe("personal API tokens", () => {
  it("are shown once, authenticate machine clients, and stop working when revoked", async () => {
    const api = clientFor(server);
    await api.login("market", DEMO_PASSWORD);
    const created = await api.post("/api/v1/me/tokens", { name: "ETL job", expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^sy_/);
    const list = await api.get("/api/v1/me/tokens");
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(list.body.items[0]).toMatchObject({ name: "ETL job", prefix: created.body.token.slice(0, 10) });

    const machine = new ApiClient(server.url);
    machine.bearer = created.body.token;
    expect((await machine.get("/api/v1/me")).body.login).toBe("market");
    // Bearer clients need no CSRF token: no cookie is involved.
    expect((await machine.post("/api/v1/me/tokens", { name: "child" })).status).toBe(201);

    expect((await api.delete(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(204);
    const after = await machine.get("/api/v1/me");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("invalid_token");
  });

  it("a user cannot revoke another user's token", async () => {
    const owner = clientFor(server);
    await owner.login("health", DEMO_PASSWORD);
    const { body } = await owner.post("/api/v1/me/tokens", { name: "mine" });
    const thief = clientFor(server);
    await thief.login("market", DEMO_PASSWORD);
    expect((await thief.delete(`/api/v1/me/tokens/${body.id}`)).status).toBe(404);
  });
});
