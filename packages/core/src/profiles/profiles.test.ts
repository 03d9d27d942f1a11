import { describe, expect, it } from "vitest";
import { DEFAULT_PROFILE_ID, PRESETS, PROFILE_IDS, ProfileError, profileSchema, resolveProfile, type Profile } from ".";

type Row = [article: string, id: (typeof PROFILE_IDS)[number], key: keyof Profile, value: unknown];

// RULES.md's tables, read against the seeds (disagreements noted beside the row).
const GOVERNED: Row[] = [
  ["000 §19: conditional open application answered within 20 wd", "beijing-open", "openApplicationReplyWd", 20],
  ["000 §19: extension at most 20 wd", "beijing-open", "openApplicationExtensionWd", 20],
  ["000 §19, §8: one-time notice of what is missing within 7 wd", "beijing-open", "oneTimeNoticeWd", 7],
  ["000 §19: third party answers within 15 wd", "beijing-open", "thirdPartyConsultationWd", 15],
  ["000 §19: third party's silence is consent", "beijing-open", "thirdPartySilenceIsConsent", true],
  ["000 §5: natural persons may not apply", "beijing-open", "naturalPersonsMayRegister", false],
  ["000 §11: financial applicants go to a separate channel", "beijing-open", "financialApplicantsSeparateChannel", true],
  ["000 §17: processing costs may be charged", "beijing-open", "processingFeesAllowed", true],
  ["000 §10: unconditional data after real-name registration", "beijing-open", "unconditionalOpenNeedsRegistration", true],

  ["001 §19: conditional open application answered within 10 wd", "lianyungang", "openApplicationReplyWd", 10],
  // RULES.md puts 001 §20 in the beijing-open column; 001 is Lianyungang's seed.
  ["001 §20: objections verified timely", "lianyungang", "correctionVerifyTimely", true],
  ["001 §9: unconditional data without application or registration", "lianyungang", "unconditionalOpenNeedsRegistration", false],
  ["001 §10: citizens may apply", "lianyungang", "naturalPersonsMayRegister", true],

  ["002 §20: conditional share request answered within 10 wd", "shijingshan", "shareRequestReplyWd", 10],
  ["002 §22: opening demand answered within 15 wd", "shijingshan", "openingDemandReplyWd", 15],
  ["002 §9: catalog updated within 15 wd of a legal or duty change", "shijingshan", "catalogUpdateWd", 15],
  ["002 §25: errors fed back for timely verification", "shijingshan", "correctionVerifyTimely", true],
  ["002 §34: annual summary by end of October", "shijingshan", "annualSummaryDue", "10-31"],

  ["003 §14: zone agreement runs 5 years", "beijing-zones", "zoneAgreementYears", 5],
  ["003 §30: two poor evaluations in a row terminate the zone", "beijing-zones", "zoneTerminationPoorEvaluations", 2],
  // RULES.md leaves this "—"; 003 §24 says quality errors are handled 及时.
  ["003 §24: data-quality errors handled timely", "beijing-zones", "correctionVerifyTimely", true],

  ["004 §34: conditional open application reviewed within 5 wd", "heilongjiang", "openApplicationReplyWd", 5],
  ["004 §22: conditional share request reviewed within 1 wd", "heilongjiang", "shareRequestReplyWd", 1],
  ["004 §29: data demand reviewed within 3 wd", "heilongjiang", "dataDemandReviewWd", 3],
  ["004 §29: catalog published and data mounted within 10 wd", "heilongjiang", "dataDemandFulfilWd", 10],
  ["004 §12: catalog fixed within 5 wd of review comments", "heilongjiang", "catalogFixWd", 5],
  ["004 §15: catalog updated within 3 wd of a change", "heilongjiang", "catalogUpdateWd", 3],
  ["004 §15: update extended by at most 5 wd", "heilongjiang", "catalogUpdateExtensionWd", 5],
  ["004 §24: correction verified within 5 wd", "heilongjiang", "correctionVerifyWd", 5],
  ["004 §16: revoked entry in use served 6 more months", "heilongjiang", "revokedEntryGraceMonths", 6],
  ["004 §27: 3 months idle triggers rectification", "heilongjiang", "idleGrantMonths", 3],
  ["004 §28: usage records kept at least 3 years", "heilongjiang", "auditRetentionYears", 3],
  ["004 §34: unconditional data used directly", "heilongjiang", "unconditionalOpenNeedsRegistration", false],
  ["004 §34: natural persons may apply", "heilongjiang", "naturalPersonsMayRegister", true],
];

const CLOCKS: (keyof Profile)[] = [
  "openApplicationReplyWd", "openApplicationExtensionWd", "oneTimeNoticeWd", "thirdPartyConsultationWd",
  "shareRequestReplyWd", "openingDemandReplyWd", "dataDemandReviewWd", "dataDemandFulfilWd",
  "catalogFixWd", "catalogUpdateWd", "catalogUpdateExtensionWd", "revokedEntryGraceMonths",
  "correctionVerifyWd", "idleGrantMonths", "auditRetentionYears", "annualSummaryDue",
  "zoneAgreementYears", "zoneTerminationPoorEvaluations",
];

describe("jurisdiction profiles", () => {
  it.each(GOVERNED)("%s", (_article, id, key, value) => {
    expect(resolveProfile(id)[key]).toEqual(value);
  });

  it.each(PROFILE_IDS)("%s: every clock its seed does not set is null (not governed)", (id) => {
    const p = resolveProfile(id);
    for (const key of CLOCKS) {
      const governed = GOVERNED.some(([, gid, gkey]) => gid === id && gkey === key);
      if (!governed) expect(p[key], key).toBeNull();
    }
  });

  it.each(PROFILE_IDS)("%s: 004 §38 periodic password change defaults to 90 days, lockout 5 failures / 15 min", (id) => {
    const p = resolveProfile(id);
    expect(p.passwordMaxAgeDays).toBe(90);
    expect(p.lockout).toEqual({ maxFailures: 5, lockMinutes: 15 });
  });

  it.each([
    ["beijing-open", "110000"],
    ["lianyungang", "320700"],
    ["shijingshan", "110107"],
    ["beijing-zones", "110000"],
    ["heilongjiang", "230000"],
  ] as const)("%s covers region %s", (id, region) => {
    expect(resolveProfile(id).regionCode).toBe(region);
  });

  it("every preset passes the schema and names its seed file", () => {
    for (const id of PROFILE_IDS) {
      expect(profileSchema.parse(PRESETS[id])).toEqual(PRESETS[id]);
      expect(PRESETS[id].id).toBe(id);
      expect(PRESETS[id].seedFile.startsWith(String(PROFILE_IDS.indexOf(id)).padStart(3, "0"))).toBe(true);
    }
  });

  it("defaults to heilongjiang", () => {
    expect(DEFAULT_PROFILE_ID).toBe("heilongjiang");
    expect(resolveProfile().id).toBe("heilongjiang");
  });
});

describe("resolveProfile overrides", () => {
  it("applies a single value and leaves the rest of the preset", () => {
    const p = resolveProfile("lianyungang", { openApplicationReplyWd: 8 });
    expect(p.openApplicationReplyWd).toBe(8);
    expect(p.correctionVerifyTimely).toBe(true);
  });

  it("deep-merges nested values", () => {
    const p = resolveProfile("heilongjiang", { lockout: { lockMinutes: 30 }, name: { en: "HLJ" } });
    expect(p.lockout).toEqual({ maxFailures: 5, lockMinutes: 30 });
    expect(p.name).toEqual({ zh: "黑龙江省政务数据管理暂行办法", en: "HLJ" });
  });

  it("null switches a clock off; an ungoverned clock can be switched on", () => {
    const p = resolveProfile("heilongjiang", { idleGrantMonths: null, oneTimeNoticeWd: 7 });
    expect(p.idleGrantMonths).toBeNull();
    expect(p.oneTimeNoticeWd).toBe(7);
  });

  it("\"due soon\" is 2 wd before the due date in every preset, and a deployment may change it", () => {
    for (const id of PROFILE_IDS) expect(resolveProfile(id).dueSoonWorkdays).toBe(2);
    expect(resolveProfile("heilongjiang", { dueSoonWorkdays: 5 }).dueSoonWorkdays).toBe(5);
    expect(() => resolveProfile("heilongjiang", { dueSoonWorkdays: -1 })).toThrow(/dueSoonWorkdays/);
    expect(() => resolveProfile("heilongjiang", { dueSoonWorkdays: 1.5 })).toThrow(/dueSoonWorkdays/);
  });

  it("may move the deployment to another region", () => {
    expect(resolveProfile("heilongjiang", { regionCode: "230100" }).regionCode).toBe("230100");
  });

  it("never changes the preset itself", () => {
    resolveProfile("heilongjiang", { lockout: { maxFailures: 3 } });
    expect(PRESETS.heilongjiang.lockout.maxFailures).toBe(5);
    const p = resolveProfile("heilongjiang");
    p.lockout.maxFailures = 1;
    expect(resolveProfile("heilongjiang").lockout.maxFailures).toBe(5);
  });

  function refusal(fn: () => unknown): ProfileError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(ProfileError);
      return e as ProfileError;
    }
    throw new Error("expected a ProfileError");
  }

  it("refuses an unknown profile id, bilingually", () => {
    const e = refusal(() => resolveProfile("shanghai"));
    expect(e.messages.zh).toContain("未知的辖区配置");
    expect(e.messages.en).toContain('unknown profile "shanghai"');
    expect(e.key).toBe("id");
  });

  it("refuses an unknown key, naming it", () => {
    const e = refusal(() => resolveProfile("heilongjiang", { openApplicationReplyDays: 5 }));
    expect(e.key).toBe("openApplicationReplyDays");
    expect(e.messages.zh).toContain('"openApplicationReplyDays"');
    expect(e.messages.en).toContain('unknown profile key "openApplicationReplyDays"');
  });

  it("refuses an unknown nested key, naming its path", () => {
    expect(refusal(() => resolveProfile("heilongjiang", { lockout: { lockHours: 1 } })).key).toBe("lockout.lockHours");
  });

  it.each([
    ["a string for a number", { shareRequestReplyWd: "1" }, "shareRequestReplyWd"],
    ["a fraction of a workday", { shareRequestReplyWd: 1.5 }, "shareRequestReplyWd"],
    ["zero workdays", { catalogFixWd: 0 }, "catalogFixWd"],
    ["a negative limit", { correctionVerifyWd: -5 }, "correctionVerifyWd"],
    ["a number for a flag", { processingFeesAllowed: 1 }, "processingFeesAllowed"],
    ["a bad due date", { annualSummaryDue: "10-32" }, "annualSummaryDue"],
    ["a region code of 4 digits", { regionCode: "2300" }, "regionCode"],
    ["null lockout", { lockout: null }, "lockout"],
    ["a null failure count", { lockout: { maxFailures: null } }, "lockout.maxFailures"],
  ])("refuses %s, naming the key", (_label, overrides, key) => {
    const e = refusal(() => resolveProfile("heilongjiang", overrides));
    expect(e.key).toBe(key);
    expect(e.messages.en).toContain(`"${key}"`);
    expect(e.messages.zh).toContain(`"${key}"`);
  });

  it("refuses an attempt to change the id", () => {
    expect(refusal(() => resolveProfile("heilongjiang", { id: "beijing-open" })).key).toBe("id");
  });

  it("refuses overrides that are not an object", () => {
    refusal(() => resolveProfile("heilongjiang", [1, 2]));
    refusal(() => resolveProfile("heilongjiang", "lockout=3"));
  });

  it("treats a JSON __proto__ key as an unknown key, not a prototype", () => {
    const e = refusal(() => resolveProfile("heilongjiang", JSON.parse('{"__proto__": {"zoneAgreementYears": 9}}')));
    expect(e.key).toBe("__proto__");
  });
});
