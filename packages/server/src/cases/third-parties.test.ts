// 000 §19 over HTTP: the handler consults a third party (an organisation, or a registered user by login);
// the third party is told, sees only its consultation, and answers — or its silence is recorded as consent
// by the sweeper when the period ends. The deployment adopts 000 §19's period (SHUYUAN_CONFIG profile
// values), as only the beijing-open preset sets it and that preset offers neither corrections nor demands.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../demo/seed";
import type { RunningServer } from "../server";
import { type ApiClient, clientFor } from "../testing/http-client";
import { startTestServer } from "../testing/test-server";

let server: RunningServer;
let market: ApiClient; // applicant
let health: ApiClient; // handler (provider)
let company: ApiClient; // third party (its organisation)
let operator: ApiClient; // third party (a registered user, by login)
let transport: ApiClient; // a stranger
let org: Record<"market" | "health" | "company" | "transport", string>;

const today = (d: string) => {
  server.app.cases.clock.today = () => d;
};

beforeAll(async () => {
  server = await startTestServer({ profileOverrides: { thirdPartyConsultationWd: 15, thirdPartySilenceIsConsent: true } });
  [market, health, company, operator, transport] = Array.from({ length: 5 }, () => clientFor(server));
  await market.login("market", DEMO_PASSWORD);
  await health.login("health", DEMO_PASSWORD);
  await company.login("company", DEMO_PASSWORD);
  await operator.login("operator", DEMO_PASSWORD);
  await transport.login("transport", DEMO_PASSWORD);
  const orgs = await server.database.db.selectFrom("organisations").select(["id", "name", "kind"]).execute();
  const find = (f: (o: { name: string; kind: string }) => boolean) => orgs.find(f)!.id;
  org = {
    market: find((o) => o.name.includes("市场监督")),
    health: find((o) => o.name.includes("卫生健康")),
    company: find((o) => o.kind === "public_org"),
    transport: find((o) => o.name.includes("交通运输")),
  };
});
afterAll(async () => server?.close());

async function fileCorrection(on: string) {
  today(on);
  const res = await market.post("/api/v1/cases", {
    kind: "correction",
    handlerOrganisationId: org.health,
    subject: { type: "dataset", id: "ds-licences" },
    title: "执业许可数据有误",
    payload: { datasetId: "ds-licences", problem: "inaccurate", description: "许可证号有误" },
  });
  expect(res.status).toBe(201);
  return res.body;
}

const consult = (who: ApiClient, id: string, version: number, payload: Record<string, unknown>) =>
  who.post(`/api/v1/cases/${id}/actions/consult_third_party`, { expectedVersion: version, payload: { rightsAffected: "更正涉及其登记信息", ...payload } });
const answer = (who: ApiClient, id: string, version: number, payload: Record<string, unknown>) =>
  who.post(`/api/v1/cases/${id}/actions/third_party_answer`, { expectedVersion: version, payload });

async function stored(id: string) {
  return server.database.db.selectFrom("cases").select(["next_due_on", "due_soon_on"]).where("id", "=", id).executeTakeFirstOrThrow();
}

describe("000 §19: consulting a third party on a case", () => {
  it("000 §19: the handler consults an organisation; it is told, sees only its consultation, and objects with reasons", async () => {
    const c = await fileCorrection("2026-03-02");
    today("2026-03-03");
    // A stranger cannot consult (the case is not theirs), nor can the applicant (not the handler).
    expect((await consult(transport, c.id, 1, { thirdPartyOrganisationId: org.company })).status).toBe(404);
    const byApplicant = await consult(market, c.id, 1, { thirdPartyOrganisationId: org.company });
    expect(byApplicant.status).toBe(403);
    expect(byApplicant.body.error.code).toBe("wrong_party");
    // Neither a party to the case nor an unknown organisation is a third party.
    const self = await consult(health, c.id, 1, { thirdPartyOrganisationId: org.market });
    expect(self.status).toBe(400);
    expect(self.body.error.fields[0].path).toBe("payload.thirdPartyOrganisationId");
    expect((await consult(health, c.id, 1, { thirdPartyOrganisationId: "00000000-0000-4000-8000-000000000000" })).status).toBe(400);
    expect((await consult(health, c.id, 1, { thirdPartyOrganisationId: "not-an-id" })).status).toBe(400);
    expect((await consult(health, c.id, 1, {})).status).toBe(400);

    const asked = await consult(health, c.id, 1, { thirdPartyOrganisationId: org.company, question: "是否同意更正？" });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ state: "consulting", version: 2, participants: { thirdParties: [{ id: org.company }] } });
    expect(asked.body.clocks.find((k: { name: string }) => k.name === "consultation")).toMatchObject({ startedOn: "2026-03-03", dueOn: "2026-03-24", expiry: "consent" });
    // The stored due dates follow the consultation: the verification (due 03-09) is still the first due.
    expect(await stored(c.id)).toEqual({ next_due_on: "2026-03-09", due_soon_on: "2026-03-05" });

    const inbox = await company.get("/api/v1/notifications?pageSize=100");
    expect(inbox.body.items.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { action: string }) => n.action)).toEqual(["case.correction.consult_third_party"]);

    const seen = await company.get(`/api/v1/cases/${c.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      state: "consulting",
      applicantOrganisation: null,
      authorityOrganisation: null,
      participants: { applicant: { userId: null, organisation: null }, handler: { id: org.health }, authority: null, thirdParties: [] },
      you: { parties: ["third_party"], actions: [expect.objectContaining({ name: "third_party_answer" })] },
    });
    expect(seen.body.clocks.map((k: { name: string }) => k.name)).toEqual(["consultation"]);
    expect(seen.body.timeline.map((t: { action: string }) => t.action)).toEqual(["consult_third_party"]);
    const listed = await company.get("/api/v1/cases?role=third_party");
    expect(listed.body.items).toEqual([expect.objectContaining({ id: c.id, applicantOrganisation: null, due: expect.objectContaining({ clock: "consultation" }) })]);

    // The handler must wait for the answer while the period runs; the third party cannot act as the handler.
    const early = await health.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 2, payload: { outcome: "corrected", explanation: "已更正" } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("consultation_running");
    expect((await company.post(`/api/v1/cases/${c.id}/actions/answer`, { expectedVersion: 2, payload: { outcome: "corrected", explanation: "x" } })).status).toBe(403);
    expect((await answer(transport, c.id, 2, { position: "consent", opinion: "同意" })).status).toBe(404);
    expect((await answer(health, c.id, 2, { position: "consent", opinion: "同意" })).status).toBe(403);
    const noReasons = await answer(company, c.id, 2, { position: "object", opinion: "不同意" });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.error.fields[0].path).toBe("payload.reasons");

    today("2026-03-05");
    const objected = await answer(company, c.id, 2, { position: "object", opinion: "不同意更正", reasons: ["涉及本企业商业秘密"] });
    expect(objected.status).toBe(200);
    expect(objected.body.state).toBe("verifying");
    expect(objected.body.timeline.map((t: { action: string }) => t.action)).toEqual(["consult_third_party", "third_party_answer"]);
    const handlerView = await health.get(`/api/v1/cases/${c.id}`);
    expect(handlerView.body.timeline.at(-1)).toMatchObject({ action: "third_party_answer", actor: { party: "third_party", organisationId: org.company }, data: { position: "object" } });
    expect(await stored(c.id)).toEqual({ next_due_on: "2026-03-09", due_soon_on: "2026-03-05" });
    const handlerInbox = await health.get("/api/v1/notifications?pageSize=100");
    expect(handlerInbox.body.items.some((n: { caseId: string; action: string }) => n.caseId === c.id && n.action === "case.correction.third_party_answer")).toBe(true);
  });

  it("000 §19: a user consulted by login; the earlier third party cannot answer for it; silence becomes consent on the period's last day", async () => {
    const c = await fileCorrection("2026-03-02");
    today("2026-03-03");
    expect((await consult(health, c.id, 1, { thirdPartyOrganisationId: org.company })).status).toBe(200);
    expect((await answer(company, c.id, 2, { position: "consent", opinion: "同意" })).status).toBe(200);

    const unknown = await consult(health, c.id, 3, { thirdPartyLogin: "nobody-here" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe("payload.thirdPartyLogin");
    const asked = await consult(health, c.id, 3, { thirdPartyLogin: "operator" });
    expect(asked.status).toBe(200);
    expect(asked.body.participants.thirdPartyUsers).toEqual([expect.objectContaining({ name: "周运营" })]);
    // The company answered its own round; this round names someone else.
    const wrong = await answer(company, c.id, 4, { position: "consent", opinion: "同意" });
    expect(wrong.status).toBe(403);
    const companyView = await company.get(`/api/v1/cases/${c.id}`);
    expect(companyView.body.you.actions).toEqual([]);
    expect(companyView.body.timeline.map((t: { action: string }) => t.action)).toEqual(["consult_third_party", "third_party_answer"]);
    const operatorView = await operator.get(`/api/v1/cases/${c.id}`);
    expect(operatorView.body.timeline.map((t: { action: string }) => t.action)).toEqual(["consult_third_party"]);

    // 15 wd after Tue 03-03: Tue 03-24. The sweeper on 03-25 records consent dated 03-24.
    expect((await server.app.cases.sweep("2026-03-24")).applied.filter((a) => a.caseId === c.id && a.action === "record_silence_as_consent")).toEqual([]);
    const swept = await server.app.cases.sweep("2026-03-25");
    expect(swept.applied).toContainEqual({ caseId: c.id, action: "record_silence_as_consent", clock: "consultation", dueOn: "2026-03-24" });
    today("2026-03-25");
    expect((await answer(operator, c.id, 4, { position: "object", opinion: "迟到", reasons: ["x"] })).status).toBe(409);
    const after = await operator.get(`/api/v1/cases/${c.id}`);
    expect(after.body.state).toBe("verifying");
    expect(after.body.timeline.at(-1)).toMatchObject({ action: "record_silence_as_consent", effectiveOn: "2026-03-24", actor: { party: "system" } });
    const opInbox = await operator.get("/api/v1/notifications?pageSize=100");
    expect(opInbox.body.items.filter((n: { caseId: string }) => n.caseId === c.id).map((n: { action: string }) => n.action).sort()).toEqual([
      "case.correction.consult_third_party",
      "case.correction.record_silence_as_consent",
    ]);
    // Answered, the case leaves the third party's period behind; stored dates follow the verification clock.
    expect(await stored(c.id)).toMatchObject({ next_due_on: "2026-03-09" });
  });
});
