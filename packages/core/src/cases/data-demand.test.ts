import { describe, expect, it } from "vitest";
import { APPLICANT, AUTHORITY, calendar, CaseDriver, expectRefused, HANDLER, HANDLER_EDITOR, opener, profile } from "./case-test-kit.fixture";
import { dataDemand } from "./data-demand";
import { decideSweep } from "./sweeper";
import type { ProfileId } from "../profiles";

const DEPT = opener("applicant", "department");
const demand = {
  providerOrganisationId: "org-market-supervision",
  title: "企业注销登记数据",
  dataItems: ["统一社会信用代码", "注销日期"],
  scenario: "社保登记自动核销",
  basis: "《社会保险法》第五十七条",
};
const { providerOrganisationId: _provider, basis: _basis, ...viaAuthority } = demand;

function direct(id: ProfileId, on: string) {
  const c = new CaseDriver(dataDemand, profile(id));
  return { c, r: c.act("submit", DEPT, demand, on) };
}

describe("data_demand under heilongjiang (004 §29: review 3 wd; publish and mount within 10 wd)", () => {
  it("004 §29: a demand received 2026-09-30 must be reviewed by Sat 2026-10-10, an adjusted working day", () => {
    // 10-01..07 off: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 (3).
    const { r } = direct("heilongjiang", "2026-09-30");
    expect(r.nextState).toBe("under_review");
    expect(r.clocks).toEqual([expect.objectContaining({ name: "review", dueOn: "2026-10-10", basis: "004 §29", lengthWd: 3 })]);
  });

  it("004 §29: accepted 2026-10-09 → catalog published and data mounted by 2026-10-22; fulfilled on time", () => {
    const { c } = direct("heilongjiang", "2026-09-30");
    const accepted = c.act("accept", HANDLER, { plan: "编目后挂接接口" }, "2026-10-09");
    expect(accepted.nextState).toBe("fulfilling");
    const byName = Object.fromEntries(accepted.clocks.map((v) => [v.name, v]));
    expect(byName.review).toMatchObject({ state: "stopped", late: false });
    // 10-10 (1), 10-12..16 (6), 10-19..22 (10).
    expect(byName.fulfil).toMatchObject({ startedOn: "2026-10-09", dueOn: "2026-10-22", basis: "004 §29" });
    const missing = expectRefused(c.try("fulfil", HANDLER, { datasetIds: [] }, "2026-10-21"), 400, "invalid_payload");
    expect(missing.fields![0]).toMatchObject({ path: "datasetIds", message: { zh: expect.stringContaining("004 §29") } });
    const done = c.act("fulfil", HANDLER_EDITOR, { datasetIds: ["ds-dereg-2026"] }, "2026-10-21");
    expect(done).toMatchObject({ nextState: "fulfilled", terminal: true, version: 3 });
    expect(done.clocks.find((v) => v.name === "fulfil")).toMatchObject({ state: "stopped", late: false });
  });

  it("004 §29: data already in the catalog → fulfilled straight from review", () => {
    const { c } = direct("heilongjiang", "2026-09-30");
    const r = c.act("fulfil", HANDLER, { datasetIds: ["ds-existing"], note: "目录已有，请按共享流程申请" }, "2026-10-08");
    expect(r.nextState).toBe("fulfilled");
    expect(r.clocks.map((v) => v.name)).toEqual(["review"]);
  });

  it("004 §29: a refusal must state specific reasons", () => {
    const { c } = direct("heilongjiang", "2026-09-30");
    const r = expectRefused(c.try("refuse", HANDLER, {}, "2026-10-08"), 400, "invalid_payload");
    expect(r.fields).toEqual([{ path: "reasons", message: { zh: "驳回须说明具体原因（004 §29；002 §22）", en: expect.stringContaining("004 §29") } }]);
    expectRefused(c.try("refuse", HANDLER, { reasons: [""] }, "2026-10-08"), 400, "invalid_payload");
    const ok = c.act("refuse", HANDLER, { reasons: ["该数据属于不予共享类，依据《统计法》第二十五条"] }, "2026-10-08");
    expect(ok).toMatchObject({ nextState: "refused", terminal: true });
  });

  it("004 §29 + 004 §42: the 3 wd review lapses on Sat 2026-10-10; on Sun 10-11 the sweeper marks it overdue and escalates", () => {
    const { c } = direct("heilongjiang", "2026-09-30");
    expect(decideSweep(dataDemand, c.snapshot!, calendar, "2026-10-08").actions.map((a) => a.action)).toEqual(["mark_due_soon"]);
    expect(decideSweep(dataDemand, c.snapshot!, calendar, "2026-10-11").actions).toEqual([
      expect.objectContaining({ action: "mark_overdue", clock: "review", dueOn: "2026-10-10", overdueWd: 0 }),
      expect.objectContaining({ action: "escalate", clock: "review", dueOn: "2026-10-10" }),
    ]);
  });

  it("004 §29: the demand must name the provider, data items, scenario and basis", () => {
    const c = new CaseDriver(dataDemand, profile("heilongjiang"));
    const r = expectRefused(c.try("submit", DEPT, { title: "x" }, "2026-09-30"), 400, "invalid_payload");
    expect(r.fields!.map((f) => f.path).sort()).toEqual(["basis", "dataItems", "providerOrganisationId", "scenario"]);
    expect(r.fields!.every((f) => f.message.zh.includes("004 §29"))).toBe(true);
  });

  it("004 §29 is a department's procedure: a natural person or company cannot file directly (403), but may via the authority", () => {
    const c = new CaseDriver(dataDemand, profile("heilongjiang"));
    expectRefused(c.try("submit", opener("applicant", "natural_person", []), demand, "2026-09-30"), 403, "opener_not_allowed");
    expectRefused(c.try("submit", opener("applicant", "public_org"), demand, "2026-09-30"), 403, "opener_not_allowed");
    expect(c.act("submit_to_authority", opener("applicant", "natural_person", []), { ...viaAuthority, purpose: "opening" }, "2026-09-30").nextState).toBe("routing");
  });

  it("wrong party and out-of-order steps are refused", () => {
    const { c } = direct("heilongjiang", "2026-09-30");
    expectRefused(c.try("accept", APPLICANT, {}, "2026-10-08"), 403, "wrong_party");
    expectRefused(c.try("accept", HANDLER_EDITOR, {}, "2026-10-08"), 403, "role_required");
    expectRefused(c.try("forward", AUTHORITY, { providerOrganisationId: "x" }, "2026-10-08"), 409, "invalid_state");
    c.act("accept", HANDLER, {}, "2026-10-08");
    expectRefused(c.try("accept", HANDLER, {}, "2026-10-09"), 409, "invalid_state");
    expectRefused(c.try("refuse", HANDLER, { reasons: ["晚了"] }, "2026-10-09"), 409, "invalid_state");
  });

  it("the applicant may withdraw while the data is being mounted; both clocks end", () => {
    const { c } = direct("heilongjiang", "2026-09-30");
    c.act("accept", HANDLER, {}, "2026-10-08");
    const r = c.act("withdraw", APPLICANT, { reason: "业务调整" }, "2026-10-12");
    expect(r.clocks.map((v) => [v.name, v.state])).toEqual([
      ["review", "stopped"],
      ["fulfil", "stopped"],
    ]);
  });
});

describe("data_demand under shijingshan (002 §20 §22: the authority collects and forwards; 15 wd reply with reasons)", () => {
  it("002 §22: an opening demand from the public waits unclocked for routing, then the department answers within 15 wd of being told", () => {
    const c = new CaseDriver(dataDemand, profile("shijingshan"));
    const submitted = c.act("submit_to_authority", opener("applicant", "public_org"), { ...viaAuthority, purpose: "opening" }, "2026-09-30");
    expect(submitted).toMatchObject({ nextState: "routing", clocks: [] });
    expectRefused(c.try("forward", HANDLER, { providerOrganisationId: "org-x" }, "2026-10-08"), 403, "wrong_party");
    const forwarded = c.act("forward", AUTHORITY, { providerOrganisationId: "org-traffic" }, "2026-10-08");
    // From Thu 10-08: 10-09 (1), Sat 10-10 (2), 10-12..16 (7), 10-19..23 (12), 10-26 (13), 27 (14), 28 (15).
    expect(forwarded.clocks).toEqual([expect.objectContaining({ name: "review", dueOn: "2026-10-28", basis: "002 §22", lengthWd: 15 })]);
  });

  it("002 §22: a demand filed straight with the department on 2026-09-30 is due 2026-10-27", () => {
    expect(direct("shijingshan", "2026-09-30").r.clocks[0]).toMatchObject({ dueOn: "2026-10-27", basis: "002 §22" });
  });

  it("002 §22: 不能开放的需说明原因 — a refusal without reasons is refused", () => {
    const { c } = direct("shijingshan", "2026-09-30");
    expectRefused(c.try("refuse", HANDLER, { reasons: [] }, "2026-10-08"), 400, "invalid_payload");
    expect(c.act("refuse", HANDLER, { reasons: ["涉及个人隐私"] }, "2026-10-08").nextState).toBe("refused");
  });

  it("002 §20: no fulfilment deadline is governed — accepting stops the reply clock and starts none", () => {
    const { c } = direct("shijingshan", "2026-09-30");
    const r = c.act("accept", HANDLER, {}, "2026-10-08");
    expect(r.clocks.map((v) => [v.name, v.state])).toEqual([["review", "stopped"]]);
    expect(decideSweep(dataDemand, c.snapshot!, calendar, "2027-06-01").actions).toEqual([]);
    expect(c.act("fulfil", HANDLER, { datasetIds: ["ds-1"] }, "2026-11-30").nextState).toBe("fulfilled");
  });

  it("002 §20: the authority may find no collection is needed — dismissal needs reasons", () => {
    const c = new CaseDriver(dataDemand, profile("shijingshan"));
    c.act("submit_to_authority", DEPT, { ...viaAuthority, purpose: "sharing" }, "2026-09-30");
    expectRefused(c.try("dismiss", AUTHORITY, {}, "2026-10-08"), 400, "invalid_payload");
    expectRefused(c.try("dismiss", HANDLER, { reasons: ["x"] }, "2026-10-08"), 403, "wrong_party");
    expect(c.act("dismiss", AUTHORITY, { reasons: ["已有同类共享数据"] }, "2026-10-08").nextState).toBe("refused");
  });
});

describe("data_demand elsewhere", () => {
  for (const id of ["beijing-open", "lianyungang", "beijing-zones"] as const) {
    it(`${id}: no demand clock is governed (004 §29, 002 §22 do not apply) — 409 kind_unavailable either way`, () => {
      const c = new CaseDriver(dataDemand, profile(id));
      expectRefused(c.try("submit", DEPT, demand, "2026-09-30"), 409, "kind_unavailable");
      expectRefused(c.try("submit_to_authority", DEPT, { ...viaAuthority, purpose: "opening" }, "2026-09-30"), 409, "kind_unavailable");
    });
  }
});
