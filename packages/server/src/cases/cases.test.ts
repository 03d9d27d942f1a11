import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { DEMO_PASSWORD } from "../demo/seed";
import { startServer, type RunningServer } from "../server";
import { newCitizenId, STRONG_PASSWORD } from "../testing/factories";
import { type ApiClient, clientFor } from "../testing/http-client";
import { createTestDatabase } from "../testing/test-database";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let admin: ApiClient; // authority admin (platform admin too)
let reviewer: ApiClient; // authority reviewer
let market: ApiClient; // market regulation department admin + data officer
let health: ApiClient; // health commission admin + data officer
let transport: ApiClient; // transport department admin
let company: ApiClient; // a registered company (public_org)
let org: Record<"authority" | "market" | "health" | "transport" | "company", string>;

const today = (d: string) => {
  server.app.cases.clock.today = () => d;
};

beforeAll(async () => {
  server = await startTestServer();
  [admin, reviewer, market, health, transport, company] = Array.from({ length: 6 }, () => clientFor(server));
  await admin.login("admin", DEMO_PASSWORD);
  await reviewer.login("reviewer", DEMO_PASSWORD);
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  await transport.login("transport", DEMO_PASSWORD);
  await company.login("company", DEMO_PASSWORD);
  const all = (await admin.get("/api/v1/organisations?pageSize=100")).body.items as { id: string; name: string; kind: string }[];
  const find = (f: (o: { name: string; kind: string }) => boolean) => all.find(f)!.id;
  org = {
    authority: find((o) => o.kind === "authority"),
    market: find((o) => o.name.includes("市场监督")),
    health: find((o) => o.name.includes("卫生健康")),
    transport: find((o) => o.name.includes("交通运输")),
    company: find((o) => o.kind === "public_org"),
  };
});
afterAll(async () => server?.close());

const correction = (overrides: Record<string, unknown> = {}) => ({
  kind: "correction",
  handlerOrganisationId: org.health,
  subject: { type: "dataset", id: "ds-birth-records" },
  title: "出生登记数据地址有误",
  payload: { datasetId: "ds-birth-records", problem: "inaccurate", description: "第 12 行地址与户籍不一致" },
  ...overrides,
});

async function fileCorrection(on: string, by: ApiClient = market) {
  today(on);
  const res = await by.post("/api/v1/cases", correction());
  expect(res.status).toBe(201);
  return res.body;
}

describe("004 §24: corrections (校核) over HTTP", () => {
  it("004 §24: a correction received 2026-09-30 in heilongjiang is due 2026-10-13", async () => {
    const c = await fileCorrection("2026-09-30");
    expect(c).toMatchObject({ kind: "correction", state: "verifying", version: 1, title: "出生登记数据地址有误" });
    expect(c.participants).toMatchObject({
      applicant: { organisation: { id: org.market } },
      handler: { id: org.health },
      authority: { id: org.authority },
    });
    expect(c.clocks).toEqual([
      expect.objectContaining({ name: "verify", startedOn: "2026-09-30", dueOn: "2026-10-13", pausedDays: 0, state: "running", remainingWd: 5, basis: "004 §24" }),
    ]);
    expect(c.timeline).toEqual([expect.objectContaining({ seq: 1, action: "submit", toState: "verifying", effectiveOn: "2026-09-30" })]);
    expect(c.timeline[0].data).toMatchObject({ datasetId: "ds-birth-records", origin: "objection", aboutSelf: false });
    expect(c.you).toEqual({ parties: ["applicant"], actions: [expect.objectContaining({ name: "withdraw" })] });
    const seenByHealth = await health.get(`/api/v1/cases/${c.id}`);
    expect(seenByHealth.body.you.actions.map((a: { name: string }) => a.name)).toEqual(["answer", "consult_third_party"]);
  });

  it("004 §24: the provider answers within the clock; the applicant sees the answer; out of order → 409", async () => {
    const c = await fileCorrection("2026-09-30");
    today("2026-10-12");
    const answered = await health.post(`/api/v1/cases/${c.id}/actions/answer`, {
      expectedVersion: 1,
      payload: { outcome: "corrected", explanation: "经核实已更正地址", correctedFields: ["address"] },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ state: "answered", version: 2, terminal: true });
    expect(answered.body.clocks[0]).toMatchObject({ state: "stopped", stoppedOn: "2026-10-12", late: false, dueOn: "2026-10-13" });
    const mine = await market.get(`/api/v1/cases/${c.id}`);
    expect(mine.body.timeline.at(-1)).toMatchObject({ action: "answer", actor: { party: "handler", organisationId: org.health }, data: { outcome: "corrected" } });
    const again = await health.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 2, payload: { outcome: "corrected", explanation: "再次" } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "invalid_state" });
    expect(again.body.error.message).toBeTruthy();
    expect(again.body.error.messageEn).toBeTruthy();
  });

  it("004 §24: answering without reasons is refused with the field marked; the wrong party gets 403", async () => {
    const c = await fileCorrection("2026-09-30");
    const noReasons = await health.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 1, payload: { outcome: "no_error", explanation: "数据无误" } });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.error.code).toBe("invalid_payload");
    expect(noReasons.body.error.fields).toEqual([expect.objectContaining({ path: "payload.reasons", message: expect.stringContaining("004 §24") })]);
    const byApplicant = await market.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 1, payload: { outcome: "corrected", explanation: "自己答复" } });
    expect(byApplicant.status).toBe(403);
    expect(byApplicant.body.error.code).toBe("wrong_party");
    const unknown = await health.post(`/api/v1/cases/${c.id}/actions/approve_everything`, { expectedVersion: 1, payload: {} });
    expect(unknown.status).toBe(404);
    const systemOnly = await health.post(`/api/v1/cases/${c.id}/actions/mark_overdue`, { expectedVersion: 1, payload: { clock: "verify" } });
    expect(systemOnly.status).toBe(403);
  });

  it("a correction needs its provider named while datasets do not exist yet", async () => {
    today("2026-09-30");
    const res = await market.post("/api/v1/cases", correction({ handlerOrganisationId: undefined }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe("handlerOrganisationId");
    const bad = await market.post("/api/v1/cases", correction({ handlerOrganisationId: "00000000-0000-4000-8000-000000000000" }));
    expect(bad.status).toBe(400);
    const noKind = await market.post("/api/v1/cases", correction({ kind: "tax_refund" }));
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.fields[0].path).toBe("kind");
  });

  it("another organisation's user gets 404 for the case and does not see it in lists", async () => {
    const c = await fileCorrection("2026-09-30");
    for (const outsider of [transport, company]) {
      expect((await outsider.get(`/api/v1/cases/${c.id}`)).status).toBe(404);
      expect((await outsider.post(`/api/v1/cases/${c.id}/actions/withdraw`, { expectedVersion: 1, payload: {} })).status).toBe(404);
      const list = await outsider.get("/api/v1/cases?pageSize=100");
      expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    }
    expect((await transport.get("/api/v1/cases/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("two handlers acting on the same version: exactly one wins (optimistic concurrency)", async () => {
    const login = `officer${Date.now() % 1e6}`;
    const created = await health.post(`/api/v1/organisations/${org.health}/users`, {
      login,
      name: "钱专员",
      citizenId: newCitizenId(),
      roles: ["data_officer"],
      initialPassword: STRONG_PASSWORD,
    });
    expect(created.status).toBe(201);
    const officer = clientFor(server);
    await officer.login(login, STRONG_PASSWORD);
    await officer.post("/api/v1/me/password", { currentPassword: STRONG_PASSWORD, newPassword: "Changed#Pass2027" });
    const c = await fileCorrection("2026-09-30");
    const answer = (who: ApiClient, explanation: string) =>
      who.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 1, payload: { outcome: "corrected", explanation } });
    const results = await Promise.all([answer(health, "甲答复"), answer(officer, "乙答复")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await market.get(`/api/v1/cases/${c.id}`);
    expect(after.body.version).toBe(2);
    expect(after.body.timeline.filter((t: { action: string }) => t.action === "answer")).toHaveLength(1);
    const stale = await health.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 1, payload: { outcome: "corrected", explanation: "迟到" } });
    expect(stale.status).toBe(409);
  });

  it("every accepted action is on the audit record as case.<kind>.<action>, and every party is notified", async () => {
    const c = await fileCorrection("2026-09-30");
    await health.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 1, payload: { outcome: "no_error", explanation: "无误", reasons: ["与户籍系统一致"] } });
    const entries = await server.database.db
      .selectFrom("audit_entries")
      .select(["action", "outcome", "subject_type", "subject_id"])
      .where("subject_id", "=", c.id)
      .orderBy("seq")
      .execute();
    expect(entries).toEqual([
      { action: "case.correction.submit", outcome: "success", subject_type: "case", subject_id: c.id },
      { action: "case.correction.answer", outcome: "success", subject_type: "case", subject_id: c.id },
    ]);
    const inbox = await market.get("/api/v1/notifications?unread=true&pageSize=100");
    const n = inbox.body.items.find((x: { caseId: string; action: string }) => x.caseId === c.id && x.action === "case.correction.answer");
    expect(n).toMatchObject({ read: false, message: expect.stringContaining("反馈校核处理结果"), messageEn: expect.stringContaining("Answer") });
    const authorityInbox = await reviewer.get("/api/v1/notifications?pageSize=100");
    expect(authorityInbox.body.items.some((x: { caseId: string }) => x.caseId === c.id)).toBe(true);
    // The actor is not notified of their own action.
    const own = await health.get("/api/v1/notifications?pageSize=100");
    expect(own.body.items.some((x: { caseId: string; action: string }) => x.caseId === c.id && x.action === "case.correction.answer")).toBe(false);
    expect((await market.post(`/api/v1/notifications/${n.id}/read`)).status).toBe(200);
    expect((await transport.post(`/api/v1/notifications/${n.id}/read`)).status).toBe(404);
    const after = await market.get("/api/v1/notifications?unread=true&pageSize=100");
    expect(after.body.unread).toBe(inbox.body.unread - 1);
  });
});

describe("004 §29, 002 §20 §22: data demands", () => {
  it("004 §29: a demand to the provider is reviewed within 3 wd, then published and mounted within 10 wd", async () => {
    today("2026-03-02");
    const open = await market.post("/api/v1/cases", {
      kind: "data_demand",
      title: "需要医疗机构执业登记数据",
      payload: { title: "医疗机构执业登记", dataItems: ["机构名称", "执业范围"], scenario: "市场主体监管", basis: "004 §29", providerOrganisationId: org.health },
    });
    expect(open.status).toBe(201);
    expect(open.body.participants.handler.id).toBe(org.health);
    expect(open.body.clocks).toEqual([expect.objectContaining({ name: "review", dueOn: "2026-03-05", remainingWd: 3 })]);
    const refused = await health.post(`/api/v1/cases/${open.body.id}/actions/refuse`, { expectedVersion: 1, payload: {} });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0].path).toBe("payload.reasons");
    today("2026-03-04");
    const accepted = await health.post(`/api/v1/cases/${open.body.id}/actions/accept`, { expectedVersion: 1, payload: { plan: "两周内挂接" } });
    expect(accepted.status).toBe(200);
    const byName = Object.fromEntries(accepted.body.clocks.map((c: { name: string }) => [c.name, c]));
    expect(byName.review).toMatchObject({ state: "stopped", late: false });
    expect(byName.fulfil).toMatchObject({ startedOn: "2026-03-04", dueOn: "2026-03-18", state: "running" });
    const done = await health.post(`/api/v1/cases/${open.body.id}/actions/fulfil`, { expectedVersion: 2, payload: { datasetIds: ["ds-hospitals"] } });
    expect(done.body).toMatchObject({ state: "fulfilled", version: 3 });
    const mine = await market.get("/api/v1/cases?role=applicant&kind=data_demand&state=fulfilled");
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(open.body.id);
    const handled = await health.get("/api/v1/cases?role=handler&kind=data_demand");
    expect(handled.body.items.map((x: { id: string }) => x.id)).toContain(open.body.id);
  });

  it("002 §22: a demand to the authority waits for routing (no handler), then the provider reviews it", async () => {
    today("2026-03-02");
    const open = await company.post("/api/v1/cases", {
      kind: "data_demand",
      action: "submit_to_authority",
      title: "企业需要许可数据",
      payload: { title: "行政许可", dataItems: ["许可证号"], scenario: "合规核验", purpose: "opening" },
    });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ state: "routing", clocks: [], participants: { handler: null, authority: { id: org.authority } } });
    expect((await market.get(`/api/v1/cases/${open.body.id}`)).status).toBe(404);
    const byCompany = await company.post(`/api/v1/cases/${open.body.id}/actions/forward`, { expectedVersion: 1, payload: { providerOrganisationId: org.market } });
    expect(byCompany.status).toBe(403);
    const forwarded = await reviewer.post(`/api/v1/cases/${open.body.id}/actions/forward`, { expectedVersion: 1, payload: { providerOrganisationId: org.market } });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({ state: "under_review", participants: { handler: { id: org.market } } });
    expect(forwarded.body.clocks[0]).toMatchObject({ name: "review", startedOn: "2026-03-02", dueOn: "2026-03-05" });
    const refused = await market.post(`/api/v1/cases/${open.body.id}/actions/refuse`, { expectedVersion: 2, payload: { reasons: ["涉及商业秘密"] } });
    expect(refused.body.state).toBe("refused");
    const seen = await company.get(`/api/v1/cases/${open.body.id}`);
    expect(seen.body.timeline.at(-1).data).toEqual({ reasons: ["涉及商业秘密"] });
  });
});

describe("004 §25: disputes", () => {
  it("the same-level authority coordinates; the counterpart states its position; the authority decides", async () => {
    today("2026-04-01");
    const open = await market.post("/api/v1/cases", {
      kind: "dispute",
      title: "道路运输许可数据权属争议",
      payload: { counterpartOrganisationId: org.transport, subject: "数据权属", statement: "应由我局提供", negotiation: "两次协商未果" },
    });
    expect(open.status).toBe(201);
    expect(open.body.participants).toMatchObject({ handler: { id: org.transport }, authority: { id: org.authority } });
    const noNegotiation = await market.post("/api/v1/cases", {
      kind: "dispute",
      title: "x",
      payload: { counterpartOrganisationId: org.transport, subject: "x", statement: "x" },
    });
    expect(noNegotiation.status).toBe(400);
    expect(noNegotiation.body.error.fields[0].path).toBe("payload.negotiation");
    const said = await transport.post(`/api/v1/cases/${open.body.id}/actions/respond`, { expectedVersion: 1, payload: { statement: "应由我局提供" } });
    expect(said.body).toMatchObject({ state: "coordinating", version: 2 });
    expect((await market.post(`/api/v1/cases/${open.body.id}/actions/resolve`, { expectedVersion: 2, payload: { decision: "归我" } })).status).toBe(403);
    const decided = await reviewer.post(`/api/v1/cases/${open.body.id}/actions/resolve`, { expectedVersion: 2, payload: { decision: "由交通运输部门提供，市场监管部门共享使用" } });
    expect(decided.body.state).toBe("resolved");
  });
});

describe("004 §25: dispute routing preview", () => {
  const routing = (who: ApiClient, ids: string[]) => who.get(`/api/v1/cases/dispute-routing?organisations=${ids.join(",")}`);

  it("004 §25: same level → that level's authority; cross-level → the province's; then the coordination mechanism", async () => {
    const same = await routing(market, [org.market, org.transport]);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ regionCode: "230000", crossLevel: false, authority: { id: org.authority }, basis: expect.stringContaining("同级") });
    expect(same.body.then.zh).toContain("协调机制");
    expect(same.body.organisations.map((o: { id: string }) => o.id)).toEqual([org.market, org.transport]);

    const city = await admin.post("/api/v1/organisations", { name: `哈尔滨市交通运输局${Date.now() % 1e6}`, kind: "department", regionCode: "230100" });
    expect(city.status).toBe(201);
    const cross = await routing(market, [city.body.id, org.health]);
    expect(cross.body).toMatchObject({ regionCode: "230000", crossLevel: true, authority: { id: org.authority }, basis: expect.stringContaining("跨地区、跨层级") });

    // The preview and the opened dispute name the same coordinator.
    today("2026-04-01");
    const opened = await market.post("/api/v1/cases", {
      kind: "dispute",
      title: "跨层级争议",
      payload: { counterpartOrganisationId: city.body.id, subject: "数据口径", statement: "x", negotiation: "协商未果" },
    });
    expect(opened.body.participants.authority.id).toBe(cross.body.authority.id);
  });

  it("refuses a malformed or unknown pair, an anonymous caller, and a dispute across provinces", async () => {
    expect((await routing(market, [org.market])).status).toBe(400);
    expect((await routing(market, [org.market, "not-a-uuid"])).status).toBe(400);
    const unknown = await routing(market, [org.market, "00000000-0000-4000-8000-000000000000"]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe("organisations");
    expect((await clientFor(server).get(`/api/v1/cases/dispute-routing?organisations=${org.market},${org.health}`)).status).toBe(401);
    const elsewhere = await admin.post("/api/v1/organisations", { name: `吉林省卫生健康委员会${Date.now() % 1e6}`, kind: "department", regionCode: "220000" });
    expect(elsewhere.status).toBe(201);
    const across = await routing(market, [org.market, elsewhere.body.id]);
    expect(across.status).toBe(409);
    expect(across.body.error).toMatchObject({ code: "no_coordinator", messageEn: expect.stringContaining("004 §25") });
  });
});

describe("004 §41–42: rectification orders", () => {
  it("the authority orders, the clock pauses while the report is verified, sanction only once overdue", async () => {
    today("2026-03-04");
    const open = await reviewer.post("/api/v1/cases", {
      kind: "rectification",
      handlerOrganisationId: org.transport,
      title: "目录更新不及时整改",
      payload: { grounds: [{ article: "004 §41", description: "目录逾期未更新" }], requirements: "十个工作日内更新目录", deadline: { workdays: 10 } },
    });
    expect(open.status).toBe(201);
    expect(open.body.participants).toMatchObject({ applicant: { userId: null, organisation: null }, handler: { id: org.transport }, authority: { id: org.authority } });
    expect(open.body.clocks[0]).toMatchObject({ name: "rectification", startedOn: "2026-03-04", dueOn: "2026-03-18", remainingWd: 10 });
    const early = await reviewer.post(`/api/v1/cases/${open.body.id}/actions/sanction`, { expectedVersion: 1, payload: { reasons: ["拒不整改"], measures: ["public_criticism"] } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("deadline_not_passed");
    today("2026-03-06");
    const reported = await transport.post(`/api/v1/cases/${open.body.id}/actions/report`, { expectedVersion: 1, payload: { summary: "已更新", measures: ["更新目录"] } });
    expect(reported.body).toMatchObject({ state: "under_verification" });
    expect(reported.body.clocks[0]).toMatchObject({ state: "paused", pausedSince: "2026-03-06" });
    today("2026-03-10");
    const back = await reviewer.post(`/api/v1/cases/${open.body.id}/actions/reject_report`, { expectedVersion: 2, payload: { reasons: ["仍有 3 条未更新"], extraWd: 2 } });
    expect(back.body.state).toBe("ordered");
    // Paused Fri 03-06 → Tue 03-10: 03-09 and 03-10 count (2 wd); plus 2 wd granted: 10 + 2 + 2 = 14 wd after 03-04.
    expect(back.body.clocks[0]).toMatchObject({ state: "running", pausedDays: 2, extendedWd: 2, dueOn: "2026-03-24" });
  });
});

describe("004 §42: the sweeper marks, escalates and feeds the authority's board", () => {
  it("marks due-soon, then overdue and escalates; re-runs change nothing; the overdue case is on the board", async () => {
    const c = await fileCorrection("2026-09-30");
    const soon = await server.app.cases.sweep("2026-10-12");
    expect(soon.ran).toBe(true);
    expect(soon.applied).toContainEqual({ caseId: c.id, action: "mark_due_soon", clock: "verify", dueOn: "2026-10-13" });
    today("2026-10-12");
    const dueSoonBoard = await admin.get("/api/v1/supervision/cases?status=due_soon");
    expect(dueSoonBoard.body.items.map((x: { id: string }) => x.id)).toContain(c.id);

    const late = await server.app.cases.sweep("2026-10-14");
    const mine = late.applied.filter((a) => a.caseId === c.id).map((a) => a.action);
    expect(mine).toEqual(["mark_overdue", "escalate"]);
    expect((await server.app.cases.sweep("2026-10-14")).applied.filter((a) => a.caseId === c.id)).toEqual([]);

    today("2026-10-14");
    const seen = await health.get(`/api/v1/cases/${c.id}`);
    expect(seen.body.version).toBe(1); // marks keep the version
    expect(seen.body.clocks[0]).toMatchObject({ state: "overdue", overdueWd: 1, late: true });
    expect(seen.body.clocks[0].marks.map((m: { mark: string }) => m.mark)).toEqual(["due_soon", "overdue", "escalated"]);
    expect(seen.body.timeline.map((t: { action: string; actor: { party: string } }) => `${t.action}:${t.actor.party}`)).toEqual([
      "submit:applicant",
      "mark_due_soon:system",
      "mark_overdue:system",
      "escalate:system",
    ]);

    const board = await reviewer.get("/api/v1/supervision/cases?status=overdue");
    expect(board.status).toBe(200);
    const row = board.body.items.find((x: { id: string }) => x.id === c.id);
    expect(row).toMatchObject({ escalated: true, handlerOrganisation: { id: org.health }, clocks: [expect.objectContaining({ name: "verify", state: "overdue", dueOn: "2026-10-13" })] });
    expect((await market.get("/api/v1/supervision/cases")).status).toBe(403);
    // The authority may open a case it supervises from the board, but not act for the handler.
    expect((await reviewer.get(`/api/v1/cases/${c.id}`)).status).toBe(200);

    const inbox = await health.get("/api/v1/notifications?pageSize=100");
    expect(inbox.body.items.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { action: string }) => n.action)).toEqual(
      expect.arrayContaining(["case.correction.submit", "case.correction.mark_overdue", "case.correction.escalate"]),
    );
    const escalation = (await admin.get("/api/v1/notifications?pageSize=100")).body.items.find(
      (n: { caseId: string; action: string }) => n.caseId === c.id && n.action === "case.correction.escalate",
    );
    expect(escalation.message).toContain("2026-10-13");

    const audited = await server.database.db.selectFrom("audit_entries").select(["action", "actor_user_id"]).where("subject_id", "=", c.id).orderBy("seq").execute();
    expect(audited.map((a) => a.action)).toEqual(["case.correction.submit", "case.correction.mark_due_soon", "case.correction.mark_overdue", "case.correction.escalate"]);
    expect(audited[3].actor_user_id).toBeNull();

    // Answered late: the clock stops, the case leaves the board.
    const answered = await health.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 1, payload: { outcome: "corrected", explanation: "已更正" } });
    expect(answered.body.clocks[0]).toMatchObject({ state: "stopped", late: true });
    const after = await reviewer.get("/api/v1/supervision/cases");
    expect(after.body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });

  it("a second sweeper waiting on the advisory lock does nothing while the first holds it", async () => {
    if (server.database.kind !== "postgres") return; // PGlite is one connection: one instance, nothing to contend
    const { sql } = await import("kysely");
    await server.database.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(7450004)`.execute(conn);
      try {
        expect((await server.app.cases.sweep("2026-10-14")).ran).toBe(false);
      } finally {
        await sql`select pg_advisory_unlock(7450004)`.execute(conn);
      }
    });
    expect((await server.app.cases.sweep("2026-10-14")).ran).toBe(true);
  });
});

describe("restart safety: clocks are recomputed from stored facts", () => {
  it("a server restarted on the same data shows the same clocks and timeline", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuyuan-cases-"));
    const { databaseUrl, drop } = await createTestDatabase();
    const config = { ...loadConfig({ SHUYUAN_DEMO: "true" }, { dataDir }), port: 0, host: "127.0.0.1", databaseUrl, secret: randomBytes(32).toString("base64url") };
    let s = await startServer({ config });
    try {
      s.app.cases.clock.today = () => "2026-03-02";
      const c = clientFor(s);
      await c.login("reviewer", DEMO_PASSWORD);
      const orgs = await s.database.db.selectFrom("organisations").select(["id", "name"]).execute();
      const transportId = orgs.find((o) => o.name.includes("交通运输"))!.id;
      const open = await c.post("/api/v1/cases", {
        kind: "rectification",
        handlerOrganisationId: transportId,
        title: "整改",
        payload: { grounds: [{ description: "未按要求共享" }], requirements: "限期共享", deadline: { date: "2026-03-13" } },
      });
      expect(open.status).toBe(201);
      const t = clientFor(s);
      await t.login("transport", DEMO_PASSWORD);
      s.app.cases.clock.today = () => "2026-03-04";
      expect((await t.post(`/api/v1/cases/${open.body.id}/actions/report`, { expectedVersion: 1, payload: { summary: "已共享", measures: ["开通接口"] } })).status).toBe(200);
      s.app.cases.clock.today = () => "2026-03-05";
      const before = (await c.get(`/api/v1/cases/${open.body.id}`)).body;

      await s.close();
      s = await startServer({ config });
      s.app.cases.clock.today = () => "2026-03-05";
      const again = clientFor(s);
      await again.login("reviewer", DEMO_PASSWORD);
      const after = (await again.get(`/api/v1/cases/${open.body.id}`)).body;
      expect(after.clocks).toEqual(before.clocks);
      expect(after.clocks[0]).toMatchObject({ state: "paused", pausedSince: "2026-03-04", pausedDays: 1 });
      expect(after.timeline).toEqual(before.timeline);
      expect(after.version).toBe(2);
    } finally {
      await s.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
