// The declarations themselves: availability per profile, well-formedness, and rules every kind must keep.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Actor } from "../identity";
import { PROFILE_IDS } from "../profiles";
import { calendar, expectRefused, profile } from "./case-test-kit.fixture";
import { clockRules, kindAvailability } from "./availability";
import { defineCaseKind, SWEEP_TRANSITIONS } from "./define-kind";
import { evaluateTransition } from "./evaluate";
import { openApplicationFixture } from "./open-application.fixture";
import { actorPartiesFor, openerPartiesFor } from "./parties";
import { CASE_KINDS, caseKind } from "./registry";
import type { CaseKindSpec, CaseSnapshot } from "./types";

describe("which kinds each profile offers (a kind is unavailable where its clock is not governed)", () => {
  const expected: Record<string, Record<string, boolean>> = {
    // 004 §29 (heilongjiang), 002 §22 (shijingshan)
    data_demand: { "beijing-open": false, lianyungang: false, shijingshan: true, "beijing-zones": false, heilongjiang: true },
    // 004 §24 figure; 001 §20, 002 §25, 003 §24 及时; nothing in 000
    correction: { "beijing-open": false, lianyungang: true, shijingshan: true, "beijing-zones": true, heilongjiang: true },
    dispute: Object.fromEntries(PROFILE_IDS.map((id) => [id, true])),
    rectification: Object.fromEntries(PROFILE_IDS.map((id) => [id, true])),
  };
  for (const [name, byProfile] of Object.entries(expected)) {
    it(`${name}: ${Object.entries(byProfile).map(([p, ok]) => `${p} ${ok ? "yes" : "no"}`).join(", ")}`, () => {
      for (const id of PROFILE_IDS) expect(kindAvailability(CASE_KINDS[name], profile(id)).available, id).toBe(byProfile[id]);
    });
  }

  it("clock rules per profile: correction 5 wd (004 §24) vs 及时; data_demand 3 + 10 wd vs 15 wd", () => {
    expect(clockRules(CASE_KINDS.correction, profile("heilongjiang")).verify).toEqual({ status: "timed", lengthWd: 5, basis: "004 §24" });
    expect(clockRules(CASE_KINDS.correction, profile("shijingshan")).verify).toMatchObject({ status: "timely" });
    // 000 §19's consultation period is beijing-open's alone: elsewhere a consultation runs without a clock.
    expect(clockRules(CASE_KINDS.data_demand, profile("heilongjiang"))).toEqual({
      review: { status: "timed", lengthWd: 3, basis: "004 §29" },
      fulfil: { status: "timed", lengthWd: 10, basis: "004 §29" },
      consultation: { status: "ungoverned" },
    });
    expect(clockRules(CASE_KINDS.data_demand, profile("shijingshan"))).toEqual({
      review: { status: "timed", lengthWd: 15, basis: "002 §22" },
      fulfil: { status: "ungoverned" },
      consultation: { status: "ungoverned" },
    });
    expect(clockRules(CASE_KINDS.correction, profile("beijing-open")).consultation).toEqual({ status: "timed", lengthWd: 15, basis: "000 §19" });
    expect(clockRules(CASE_KINDS.rectification, profile("lianyungang")).rectification).toMatchObject({ status: "from_payload", field: "deadline" });
  });
});

describe("every declared kind", () => {
  const kinds = [...Object.values(CASE_KINDS), openApplicationFixture];

  it("is registered by its name and carries the sweeper's system transitions", () => {
    for (const [name, kind] of Object.entries(CASE_KINDS)) {
      expect(caseKind(name)).toBe(kind);
      for (const t of SWEEP_TRANSITIONS) expect(kind.transitions.find((x) => x.name === t)?.by).toEqual([{ party: "system" }]);
    }
    expect(caseKind("toString")).toBeUndefined();
  });

  it("refusals, dismissals, referrals, send-backs, sanctions and revocations all require reasons (004 §22 §29 §34)", () => {
    const refusing = /^(refuse|dismiss|refer_to_mechanism|reject_report|sanction|revoke)$/;
    let checked = 0;
    for (const kind of kinds) {
      for (const t of kind.transitions.filter((x) => refusing.test(x.name))) {
        const shape = (t.payload as z.ZodObject).shape;
        expect(shape.reasons, `${kind.name}.${t.name}`).toBeDefined();
        expect(t.payload.safeParse({}).success, `${kind.name}.${t.name}`).toBe(false);
        const issues = t.payload.safeParse({}).error!.issues;
        expect(issues.some((i) => i.path[0] === "reasons"), `${kind.name}.${t.name}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(8);
  });

  it("has a bilingual label on every state and transition, and cites an article on every transition", () => {
    for (const kind of kinds) {
      for (const s of kind.states) expect(s.label.zh && s.label.en, `${kind.name}.${s.name}`).toBeTruthy();
      for (const t of kind.transitions) {
        expect(t.label.zh && t.label.en, `${kind.name}.${t.name}`).toBeTruthy();
        expect(t.basis, `${kind.name}.${t.name}`).toMatch(/\d{3} §\d+/);
      }
    }
  });

  it("every transition out of a terminal state is refused 409 (nothing happens after the end)", () => {
    for (const kind of kinds) {
      for (const s of kind.states.filter((x) => x.terminal)) {
        const snapshot: CaseSnapshot = { state: s.name, version: 3, clocks: {} };
        for (const t of kind.transitions.filter((x) => x.from !== "create")) {
          const parties = t.by.map((r) => ({ party: r.party, roles: r.roles ?? [] }));
          expectRefused(evaluateTransition(kind, snapshot, t.name, parties, {}, profile("heilongjiang"), calendar, "2026-10-08"), 409, "invalid_state");
        }
      }
    }
  });
});

describe("defineCaseKind rejects broken declarations", () => {
  const base: CaseKindSpec = {
    name: "k",
    label: { zh: "k", en: "k" },
    basis: "004 §1",
    states: [{ name: "open", label: { zh: "开", en: "open" } }, { name: "done", label: { zh: "完", en: "done" }, terminal: true }],
    clocks: [],
    transitions: [
      { name: "submit", label: { zh: "提", en: "s" }, basis: "004 §1", from: "create", to: "open", by: [{ party: "applicant" }], openers: ["department"], payload: z.strictObject({}) },
      { name: "close", label: { zh: "结", en: "c" }, basis: "004 §1", from: ["open"], to: "done", by: [{ party: "handler" }], payload: z.strictObject({}) },
    ],
  };

  it("accepts the minimal kind", () => {
    expect(defineCaseKind(base).transitions.map((t) => t.name)).toEqual(["submit", "close", ...SWEEP_TRANSITIONS]);
  });

  it.each([
    ["unknown target state", { transitions: [base.transitions[0], { ...base.transitions[1], to: "nowhere" }] }, /unknown state/],
    ["unknown from-state", { transitions: [base.transitions[0], { ...base.transitions[1], from: ["ghost"] }] }, /unknown state/],
    ["unreachable state", { states: [...base.states, { name: "limbo", label: { zh: "x", en: "x" } }] }, /unreachable/],
    ["duplicate transition", { transitions: [...base.transitions, base.transitions[1]] }, /duplicate transition/],
    ["no opening transition", { transitions: [base.transitions[1]] }, /no opening/],
    ["opening transition without openers", { transitions: [{ ...base.transitions[0], openers: [] }, base.transitions[1]] }, /openers/],
    ["unknown clock", { transitions: [base.transitions[0], { ...base.transitions[1], clocks: [{ op: "stop", clock: "x" }] }] }, /unknown clock/],
    [
      "a clock never started",
      { clocks: [{ name: "c", label: { zh: "c", en: "c" }, length: { from: "profile", candidates: [{ key: "correctionVerifyWd", basis: "004 §24" }] }, ungoverned: "no_clock", onExpiry: "escalate" }] },
      /never started/,
    ],
    [
      "a consent clock without record_silence_as_consent",
      {
        clocks: [{ name: "c", label: { zh: "c", en: "c" }, length: { from: "profile", candidates: [{ key: "thirdPartyConsultationWd", basis: "000 §19" }] }, ungoverned: "no_clock", onExpiry: { consentIf: "thirdPartySilenceIsConsent", basis: "000 §19" } }],
        transitions: [{ ...base.transitions[0], clocks: [{ op: "start", clock: "c" }] }, base.transitions[1]],
      },
      /record_silence_as_consent/,
    ],
    [
      "a payload-length clock whose starter lacks the field",
      {
        clocks: [{ name: "c", label: { zh: "c", en: "c" }, length: { from: "payload", field: "deadline", basis: "004 §41" }, ungoverned: "kind_unavailable", onExpiry: "escalate" }],
        transitions: [{ ...base.transitions[0], clocks: [{ op: "start", clock: "c" }] }, base.transitions[1]],
      },
      /no "deadline"/,
    ],
  ] as [string, Partial<CaseKindSpec>, RegExp][])("%s", (_name, patch, error) => {
    expect(() => defineCaseKind({ ...base, ...patch })).toThrow(error);
  });
});

describe("parties", () => {
  const actor: Actor = {
    userId: "u1",
    memberships: [
      { organisationId: "org-provider", organisationKind: "department", regionCode: "230100", roles: ["data_officer"] },
      { organisationId: "org-authority", organisationKind: "authority", regionCode: "230100", roles: ["reviewer", "auditor"] },
    ],
  };

  it("actorPartiesFor: a user is every party whose organisation they belong to, with their roles there", () => {
    expect(
      actorPartiesFor(actor, {
        applicant: { userId: "someone-else" },
        handler: { organisationId: "org-provider" },
        authority: { organisationId: "org-authority" },
      }),
    ).toEqual([
      { party: "handler", roles: ["data_officer"] },
      { party: "authority", roles: ["reviewer", "auditor"] },
    ]);
    expect(actorPartiesFor(actor, { applicant: { userId: "u1" }, handler: null, thirdParties: [{ organisationId: "org-x" }] })).toEqual([
      { party: "applicant", roles: [] },
    ]);
    expect(actorPartiesFor({ userId: "u9", memberships: [] }, { applicant: { organisationId: "org-provider" } })).toEqual([]);
  });

  it("openerPartiesFor: the opener's capacity is its organisation's kind, or natural_person", () => {
    expect(openerPartiesFor(CASE_KINDS.correction, "submit", actor, "org-provider")).toEqual([{ party: "applicant", roles: ["data_officer"], as: "department" }]);
    expect(openerPartiesFor(CASE_KINDS.correction, "submit", actor, null)).toEqual([{ party: "applicant", roles: [], as: "natural_person" }]);
    expect(openerPartiesFor(CASE_KINDS.rectification, "order", actor, "org-authority")).toEqual([{ party: "authority", roles: ["reviewer", "auditor"], as: "authority" }]);
    expect(openerPartiesFor(CASE_KINDS.correction, "submit", actor, "org-not-mine")).toEqual([]);
    expect(openerPartiesFor(CASE_KINDS.correction, "answer", actor, "org-provider")).toEqual([]);
  });
});
