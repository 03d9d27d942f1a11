import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../profiles";
import { APPLICANT, AUTHORITY, calendar, CaseDriver, expectRefused, HANDLER, opener, profile } from "./case-test-kit.fixture";
import { dispute } from "./dispute";
import { disputeCoordinator } from "./dispute-routing";
import { decideSweep } from "./sweeper";

const raise = {
  counterpartOrganisationId: "org-provider",
  subject: "有条件共享申请被拒",
  statement: "履职需要企业社保缴纳数据",
  negotiation: "2026-09-01 至 09-20 三次协商未达成一致",
};

function raised(on = "2026-09-30") {
  const c = new CaseDriver(dispute, profile("heilongjiang"));
  c.act("submit", opener("applicant", "department"), raise, on);
  return c;
}

describe("004 §25: who coordinates", () => {
  it("004 §25: same level, same region → that region's authority", () => {
    expect(disputeCoordinator("230100", "230100")).toMatchObject({ regionCode: "230100", crossLevel: false });
    expect(disputeCoordinator("230000", "230000")).toMatchObject({ regionCode: "230000", crossLevel: false });
  });

  it("004 §25: across regions (two cities) or levels (city and county, province and city) → the province", () => {
    expect(disputeCoordinator("230100", "230200")).toMatchObject({ regionCode: "230000", crossLevel: false });
    expect(disputeCoordinator("230100", "230102")).toMatchObject({ regionCode: "230000", crossLevel: true });
    expect(disputeCoordinator("230000", "230600")).toMatchObject({ regionCode: "230000", crossLevel: true });
    expect(disputeCoordinator("230102", "230103")?.regionCode).toBe("230000");
  });

  it("different provinces: no seed rule names a coordinator (null); bad codes throw", () => {
    expect(disputeCoordinator("230100", "110107")).toBeNull();
    expect(() => disputeCoordinator("23", "230100")).toThrow(RangeError);
  });
});

describe("dispute: every path (004 §25; 002 §20)", () => {
  it("004 §25: raised after failed negotiation, the counterpart states its position, the authority decides", () => {
    const c = raised();
    expect(c.state).toBe("coordinating");
    const said = c.act("respond", HANDLER, { statement: "该数据属于有条件共享，申请用途超出范围" }, "2026-10-08");
    expect(said).toMatchObject({ nextState: "coordinating", stateChanged: false, version: 2 });
    c.act("respond", APPLICANT.map((p) => ({ ...p, roles: ["data_officer" as const] })), { statement: "补充说明用途" }, "2026-10-09");
    const r = c.act("resolve", AUTHORITY, { decision: "提供部门在限定字段范围内提供", terms: "仅限社保核定字段" }, "2026-10-12");
    expect(r).toMatchObject({ nextState: "resolved", terminal: true, clocks: [] });
  });

  it("004 §25: coordination fails → referred to the coordination mechanism (with reasons) → its decision recorded", () => {
    const c = raised();
    const noReasons = expectRefused(c.try("refer_to_mechanism", AUTHORITY, {}, "2026-10-12"), 400, "invalid_payload");
    expect(noReasons.fields![0]).toMatchObject({ path: "reasons", message: { zh: expect.stringContaining("004 §25") } });
    expect(c.act("refer_to_mechanism", AUTHORITY, { reasons: ["双方对法定职责理解不一致"], mechanism: "省政务数据工作协调机制" }, "2026-10-12").nextState).toBe("at_mechanism");
    expectRefused(c.try("resolve", AUTHORITY, { decision: "x" }, "2026-10-13"), 409, "invalid_state");
    c.act("respond", HANDLER, { statement: "补充意见" }, "2026-10-13");
    expect(c.act("record_mechanism_decision", AUTHORITY, { decision: "按最小必要原则提供" }, "2026-11-02").nextState).toBe("resolved");
  });

  it("004 §25: settled between the parties → the raising department withdraws", () => {
    const c = raised();
    expectRefused(c.try("withdraw", HANDLER, {}, "2026-10-08"), 403, "wrong_party");
    expect(c.act("withdraw", opener("applicant", "department", ["admin"]), { reason: "已协商一致" }, "2026-10-08").nextState).toBe("withdrawn");
    expectRefused(c.try("respond", HANDLER, { statement: "x" }, "2026-10-09"), 409, "invalid_state");
  });

  it("004 §25: raising needs the failed negotiation; only departments and authorities raise disputes", () => {
    const c = new CaseDriver(dispute, profile("heilongjiang"));
    const { negotiation: _n, ...noNegotiation } = raise;
    const r = expectRefused(c.try("submit", opener("applicant", "department"), noNegotiation, "2026-09-30"), 400, "invalid_payload");
    expect(r.fields).toEqual([{ path: "negotiation", message: expect.objectContaining({ zh: expect.stringContaining("004 §25") }) }]);
    expectRefused(c.try("submit", opener("applicant", "public_org"), raise, "2026-09-30"), 403, "opener_not_allowed");
  });

  it("only the coordinating authority decides; the departments cannot", () => {
    const c = raised();
    expectRefused(c.try("resolve", HANDLER, { decision: "我方胜" }, "2026-10-08"), 403, "wrong_party");
    expectRefused(c.try("resolve", APPLICANT, { decision: "我方胜" }, "2026-10-08"), 403, "wrong_party");
    expectRefused(c.try("resolve", AUTHORITY, { decision: "" }, "2026-10-08"), 400, "invalid_payload");
  });

  it("no seed sets a time limit: available under every profile, without clocks, nothing for the sweeper", () => {
    for (const id of PROFILE_IDS) {
      const c = new CaseDriver(dispute, profile(id));
      expect(c.act("submit", opener("applicant", "department"), raise, "2026-09-30").clocks).toEqual([]);
      expect(decideSweep(dispute, c.snapshot!, calendar, "2027-09-30").actions).toEqual([]);
    }
  });
});
