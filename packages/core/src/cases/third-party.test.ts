// 000 §19 on registered kinds: a handler consults a third party; the third party answers (consent, or an
// objection with reasons) within the period, or its silence is recorded as consent when the period ends.
import { describe, expect, it } from "vitest";
import { resolveProfile } from "../profiles";
import { calendar, CaseDriver, expectRefused, HANDLER, opener, profile, SYSTEM, THIRD_PARTY } from "./case-test-kit.fixture";
import { caseDueDates } from "./clock";
import { correction } from "./correction";
import { dataDemand } from "./data-demand";
import { decideSweep } from "./sweeper";
import { actingParties, consultedParty, isConsulted } from "./third-party";

const PERSON = opener("applicant", "natural_person", []);
const objection = { datasetId: "ds-households", problem: "inaccurate", description: "户籍地址有误" };
const consult = { thirdPartyOrganisationId: "org-neighbour", rightsAffected: "更正涉及其登记信息" };
// heilongjiang with 000 §19's consultation rule adopted (a deployment's SHUYUAN_CONFIG may set both values).
const withConsultation = resolveProfile("heilongjiang", { thirdPartyConsultationWd: 15, thirdPartySilenceIsConsent: true });

function filed(p = withConsultation, on = "2026-03-02") {
  const c = new CaseDriver(correction, p);
  c.act("submit", PERSON, objection, on);
  return c;
}

describe("000 §19: third-party consultation on a correction", () => {
  it("000 §19: the handler consults; the decision waits for the answer; an objection needs reasons; the answer returns the case", () => {
    const c = filed();
    const r = c.act("consult_third_party", HANDLER, consult, "2026-03-03");
    expect(r.nextState).toBe("consulting");
    expect(r.clocks.find((k) => k.name === "consultation")).toMatchObject({ startedOn: "2026-03-03", lengthWd: 15, basis: "000 §19", expiry: "consent" });
    // The verification clock keeps running: 004 §24 gives no pause for a consultation.
    expect(r.clocks.find((k) => k.name === "verify")).toMatchObject({ state: "running", dueOn: "2026-03-09" });
    expectRefused(c.try("answer", HANDLER, { outcome: "corrected", explanation: "已更正" }, "2026-03-04"), 409, "consultation_running");
    expectRefused(c.try("third_party_answer", HANDLER, { position: "consent", opinion: "同意" }, "2026-03-04"), 403, "wrong_party");
    const noReasons = expectRefused(c.try("third_party_answer", THIRD_PARTY, { position: "object", opinion: "不同意" }, "2026-03-04"), 400, "invalid_payload");
    expect(noReasons.fields?.[0]).toMatchObject({ path: "reasons" });
    const answered = c.act("third_party_answer", THIRD_PARTY, { position: "object", opinion: "不同意", reasons: ["涉及本人隐私"] }, "2026-03-04");
    expect(answered).toMatchObject({ nextState: "verifying", stateChanged: true });
    expect(answered.clocks.find((k) => k.name === "consultation")).toMatchObject({ state: "stopped", stoppedOn: "2026-03-04" });
    c.act("answer", HANDLER, { outcome: "no_error", explanation: "第三方不同意更正", reasons: ["第三方异议成立"] }, "2026-03-05");
    expect(c.state).toBe("answered");
  });

  it("000 §19: naming both or neither third party is refused; only the handler consults", () => {
    const c = filed();
    expectRefused(c.try("consult_third_party", HANDLER, { ...consult, thirdPartyUserId: "u-1" }, "2026-03-03"), 400, "invalid_payload");
    expectRefused(c.try("consult_third_party", HANDLER, { rightsAffected: "x" }, "2026-03-03"), 400, "invalid_payload");
    expectRefused(c.try("consult_third_party", PERSON, consult, "2026-03-03"), 403, "wrong_party");
    expectRefused(c.try("consult_third_party", THIRD_PARTY, consult, "2026-03-03"), 403, "wrong_party");
  });

  it("000 §19: silence for 15 wd is recorded as consent on the period's last day; a late answer is refused", () => {
    const c = filed();
    c.act("consult_third_party", HANDLER, { thirdPartyUserId: "u-7", rightsAffected: "涉及其个人信息" }, "2026-03-03");
    // 15 wd after Tue 03-03: Tue 03-24. On 03-24 the period still runs; on 03-25 silence is consent.
    expect(decideSweep(correction, c.snapshot!, calendar, "2026-03-24").actions.filter((a) => a.clock === "consultation")).toEqual([]);
    const [silence] = decideSweep(correction, c.snapshot!, calendar, "2026-03-25").actions.filter((a) => a.clock === "consultation");
    if (silence?.action !== "record_silence_as_consent") return expect.fail(`expected silence as consent, got ${JSON.stringify(silence)}`);
    expect(silence).toMatchObject({ action: "record_silence_as_consent", dueOn: "2026-03-24", effectiveOn: "2026-03-24" });
    expectRefused(c.try("third_party_answer", THIRD_PARTY, { position: "consent", opinion: "同意" }, "2026-03-25"), 409, "consultation_expired");
    const r = c.act(silence.action, SYSTEM, silence.payload, "2026-03-25", { effectiveOn: silence.effectiveOn });
    expect(r).toMatchObject({ nextState: "verifying", effectiveOn: "2026-03-24" });
    expect(r.clocks.find((k) => k.name === "consultation")).toMatchObject({ state: "stopped", stoppedOn: "2026-03-24" });
    expect(decideSweep(correction, c.snapshot!, calendar, "2026-03-26").actions.filter((a) => a.clock === "consultation")).toEqual([]);
  });

  it("where the profile sets no period (heilongjiang's own) the consultation runs untimed and the handler may decide without waiting", () => {
    const c = filed(profile("heilongjiang"));
    const r = c.act("consult_third_party", HANDLER, consult, "2026-03-03");
    expect(r.clocks.map((k) => k.name)).toEqual(["verify"]);
    expect(decideSweep(correction, c.snapshot!, calendar, "2026-12-31").actions.some((a) => a.action === "record_silence_as_consent")).toBe(false);
    c.act("answer", HANDLER, { outcome: "corrected", explanation: "已更正" }, "2026-03-04");
    expect(c.state).toBe("answered");
  });

  it("the stored due dates include the third party's period while it runs (caseDueDates)", () => {
    const c = filed();
    const r = c.act("consult_third_party", HANDLER, consult, "2026-03-03");
    expect(r.due).toEqual(caseDueDates(r.clocks, calendar, 2));
    expect(r.due.nextDueOn).toBe("2026-03-09");
  });

  it("a data demand (004 §29) consults the same way from its review", () => {
    const d = new CaseDriver(dataDemand, withConsultation);
    const dept = opener("applicant", "department", ["data_officer"]);
    d.act("submit", dept, { title: "数据", dataItems: ["x"], scenario: "监管", basis: "004 §29", providerOrganisationId: "org-p" }, "2026-03-02");
    d.act("consult_third_party", HANDLER, consult, "2026-03-02");
    expectRefused(d.try("accept", HANDLER, {}, "2026-03-03"), 409, "consultation_running");
    d.act("third_party_answer", THIRD_PARTY, { position: "consent", opinion: "同意开放" }, "2026-03-03");
    expect(d.act("accept", HANDLER, {}, "2026-03-03").nextState).toBe("fulfilling");
  });
});

describe("000 §19: who answers a consultation", () => {
  const member = (organisationId: string) => ({ organisationId, organisationKind: "department" as const, regionCode: "230100", roles: ["admin" as const] });
  const neighbour = { userId: "u-neighbour", memberships: [member("org-neighbour")] };
  const earlier = { userId: "u-earlier", memberships: [member("org-earlier")] };
  const parties = [...THIRD_PARTY, { party: "applicant" as const, roles: [] }];

  it("000 §19: the consulted organisation's member acts as the third party; one consulted before no longer does", () => {
    const current = consultedParty(consult);
    expect(current).toEqual({ organisationId: "org-neighbour" });
    expect(actingParties(neighbour, parties, current)).toEqual(parties);
    expect(actingParties(earlier, parties, current).map((p) => p.party)).toEqual(["applicant"]);
  });

  it("000 §19: a consulted user is that user only; without a consultation nobody acts as a third party", () => {
    const user = consultedParty({ thirdPartyUserId: "u-earlier", rightsAffected: "x" });
    expect(isConsulted(earlier, user)).toBe(true);
    expect(isConsulted(neighbour, user)).toBe(false);
    expect(consultedParty({})).toBeNull();
    expect(actingParties(neighbour, parties, null).map((p) => p.party)).toEqual(["applicant"]);
  });
});
