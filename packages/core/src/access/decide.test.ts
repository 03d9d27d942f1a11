import { describe, expect, it } from "vitest";
import type { DatasetField } from "../catalog/dataset";
import { ENTRY_STATUSES, isServing, type EntryStatus } from "../catalog/visibility";
import { OPEN_TYPES, PERSONAL_KINDS, SHARE_TYPES, type OpenType } from "../catalog/vocabulary";
import type { Actor, Membership, OrganisationKind, Role } from "../identity";
import { PRESETS, PROFILE_IDS, type ProfileId } from "../profiles";
import { decideAccess, modesForLevel, READ_MODES, type AccessDecision, type AccessRequest, type ReadMode } from "./decide";
import { MASKS } from "./masking";

const member = (organisationId: string, organisationKind: OrganisationKind, regionCode: string, roles: Role[] = []): Membership => ({
  organisationId,
  organisationKind,
  regionCode,
  roles,
});
const actor = (...memberships: Membership[]): Actor => ({ userId: "u-1", memberships });

const PROVIDER = "org-harbin-health";
/** A member of the providing department (any role: the data is its own). */
const provider = actor(member(PROVIDER, "department", "230100", ["data_officer"]));
/** Another government department: no grant yet, so it reads like the public. */
const otherDepartment = actor(member("org-harbin-police", "department", "230100", ["catalog_editor"]));
/** The supervising authority: sees the catalog entry (004 §12), not the data itself. */
const authority = actor(member("org-hlj-data", "authority", "230000", ["reviewer", "admin"]));
/** A registered company (a legal person, 000 §5). */
const company = actor(member("org-acme", "public_org", "230103", ["admin"]));
/** A registered natural person with no organisation. */
const citizen: Actor = { userId: "u-citizen", memberships: [] };
const platformAdmin: Actor = { userId: "u-admin", memberships: [], platformAdmin: true };

const field = (name: string, over: Partial<DatasetField> = {}): DatasetField => ({
  name,
  title: name,
  type: "string",
  level: 1,
  sensitivity: "none",
  required: false,
  key: false,
  ...over,
});

type Dataset = AccessRequest["dataset"];
const dataset = (over: Partial<Dataset> = {}): Dataset => ({
  providerOrganisationId: PROVIDER,
  status: "published",
  version: 1,
  openType: "unconditional",
  shareType: "unconditional",
  level: 1,
  fields: [field("clinic_name"), field("opened_on", { type: "date" }), field("beds", { type: "integer" })],
  ...over,
});

/** A level-3 entry holding personal fields and one level-4 field (as a grant path could see). */
const personal = (over: Partial<Dataset> = {}): Dataset =>
  dataset({
    level: 3,
    fields: [
      field("patient_name", { sensitivity: "name", level: 2 }),
      field("citizen_id", { sensitivity: "citizen_id", level: 3 }),
      field("diagnosis", { level: 4 }),
      field("phone", { sensitivity: "phone", level: 2 }),
      field("credit_code", { sensitivity: "credit_code" }),
      field("visit_on", { type: "date" }),
    ],
    ...over,
  });

const NO_REGISTRATION = { unconditionalOpenNeedsRegistration: false };
const REGISTRATION = { unconditionalOpenNeedsRegistration: true };

const decide = (a: Actor | null, d: Dataset = dataset(), mode: ReadMode = "query", profile: AccessRequest["profile"] = NO_REGISTRATION): AccessDecision =>
  decideAccess({ actor: a, dataset: d, mode, profile });

function allowed(d: AccessDecision) {
  if (!d.allowed) throw new Error(`expected allowed, got ${d.status} ${d.code}`);
  return d;
}
function denied(d: AccessDecision) {
  if (d.allowed) throw new Error(`expected denied, got allowed (${d.basis})`);
  return d;
}

const readers: [string, Actor | null][] = [
  ["anonymous", null],
  ["a registered natural person", citizen],
  ["a company", company],
  ["another department", otherDepartment],
  ["the supervising authority", authority],
  ["the platform admin", platformAdmin],
];
const registered = readers.filter(([, a]) => a !== null);

describe("decideAccess per profile: real-name registration for open data", () => {
  it.each(PROFILE_IDS.map((id) => [id, PRESETS[id].unconditionalOpenNeedsRegistration] as const))("profile %s needs registration: %s", (id, needs) => {
    const d = decide(null, dataset(), "query", PRESETS[id]);
    if (needs) expect(denied(d)).toMatchObject({ status: 401, code: "registration_required" });
    else expect(allowed(d).basis).toBe("open_unconditional");
  });

  it("000 §10: anonymous reader refused under beijing-open, allowed under heilongjiang", () => {
    const refused = denied(decide(null, dataset(), "query", PRESETS["beijing-open"]));
    expect(refused).toMatchObject({ status: 401, code: "registration_required" });
    expect(refused.message.zh).toContain("000 §10");
    expect(refused.message.en).toContain("000 §10");
    expect(allowed(decide(null, dataset(), "query", PRESETS.heilongjiang)).basis).toBe("open_unconditional");
  });

  it("001 §9: anonymous reader gets unconditionally open data without application under lianyungang", () => {
    expect(allowed(decide(null, dataset(), "download", PRESETS.lianyungang)).modes).toEqual(["preview", "query", "download"]);
  });

  it("004 §34: unconditionally open data is used directly under heilongjiang, in every mode a level-1 entry allows", () => {
    for (const mode of READ_MODES) expect(allowed(decide(null, dataset(), mode, PRESETS.heilongjiang)).basis).toBe("open_unconditional");
  });

  it.each(registered)("000 §10: %s, logged in, reads unconditionally open data under beijing-open", (_, a) => {
    const d = allowed(decide(a, dataset(), "query", PRESETS["beijing-open"]));
    expect(d.basis).toBe("open_unconditional");
    expect(d.articles).toContain("003 §23");
  });

  it("000 §10: registration is asked in every mode, preview included", () => {
    for (const mode of READ_MODES) expect(denied(decide(null, dataset(), mode, REGISTRATION)).status).toBe(401);
  });

  it("000 §10: an unpublished entry is 404 for the anonymous reader even under beijing-open (existence is not confirmed)", () => {
    expect(denied(decide(null, dataset({ status: "draft", version: null }), "query", REGISTRATION)).status).toBe(404);
  });

  it("000 §10: conditional data says application_required (403), not 401, to the anonymous reader under beijing-open", () => {
    expect(denied(decide(null, dataset({ openType: "conditional" }), "query", REGISTRATION))).toMatchObject({ status: 403, code: "application_required" });
  });

  it("000 §10: not-open data is 403 not_open, not 401, under beijing-open", () => {
    expect(denied(decide(null, dataset({ openType: "none" }), "query", REGISTRATION))).toMatchObject({ status: 403, code: "not_open" });
  });
});

describe("decideAccess: the provider sees its own data", () => {
  it.each(PROFILE_IDS)("004: the provider reads every field raw, in every mode, under %s", (id) => {
    const d = personal({ level: 4, openType: "none", shareType: "conditional" });
    for (const mode of READ_MODES) {
      const got = allowed(decideAccess({ actor: provider, dataset: d, mode, profile: PRESETS[id] }));
      expect(got.basis).toBe("provider");
      expect(got.modes).toEqual(["preview", "query", "download"]);
      expect(got.fields).toEqual(d.fields.map((f) => ({ name: f.name, type: f.type, mask: null })));
    }
  });

  it.each(ENTRY_STATUSES)("the provider reads its entry while %s, with or without a published version", (status) => {
    for (const version of [null, 3]) expect(allowed(decide(provider, dataset({ status, version }))).basis).toBe("provider");
  });

  it("any membership in the providing organisation counts, whatever the role, even beside other memberships", () => {
    const both = actor(member("org-acme", "public_org", "230103"), member(PROVIDER, "department", "230100", []));
    expect(allowed(decide(both, personal())).basis).toBe("provider");
  });

  it("a member of a different organisation with a similar id is not the provider", () => {
    const lookalike = actor(member(`${PROVIDER}-2`, "department", "230100", ["admin"]));
    expect(allowed(decide(lookalike)).basis).toBe("open_unconditional");
  });

  it("the provider reads raw even under beijing-open", () => {
    expect(allowed(decide(provider, personal(), "download", REGISTRATION)).fields.every((f) => f.mask === null)).toBe(true);
  });

  it("the provider's returned modes are a fresh array (callers cannot corrupt READ_MODES)", () => {
    const d = allowed(decide(provider));
    d.modes.pop();
    expect(READ_MODES).toEqual(["preview", "query", "download"]);
  });
});

describe("decideAccess: entry status (isServing)", () => {
  const cases: [EntryStatus, number | null, boolean][] = [
    ["draft", null, false],
    ["under_review", null, false], // first submission: never published
    ["under_review", 2, true], // a revision under review: version 2 keeps serving
    ["revision_requested", null, false],
    ["revision_requested", 1, true],
    ["published", 1, true],
    ["revoking", 1, true], // the grace period (004 §16) keeps serving
    ["revoked", 1, false],
    ["revoked", null, false],
  ];

  it.each(cases)("status %s with version %s: serving %s", (status, version, serving) => {
    expect(isServing({ status, version })).toBe(serving);
    for (const [name, a] of readers) {
      const d = decide(a, dataset({ status, version }));
      if (serving) expect(allowed(d).basis, name).toBe("open_unconditional");
      else expect(denied(d), name).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  it("004 §16: a revoking entry keeps serving its open data in its grace period", () => {
    expect(allowed(decide(company, dataset({ status: "revoking", version: 4 }), "download")).modes).toContain("download");
  });

  it("an unpublished entry is 404 whatever its open type: its classification is not revealed", () => {
    for (const openType of OPEN_TYPES) {
      expect(denied(decide(company, dataset({ status: "draft", version: null, openType })))).toMatchObject({ status: 404 });
      expect(denied(decide(company, dataset({ status: "revoked", version: 1, openType })))).toMatchObject({ status: 404 });
    }
  });
});

describe("decideAccess: open type (001 §6, §9–10; 004 §33–34)", () => {
  const expected: Record<OpenType, { status?: number; code?: string }> = {
    unconditional: {},
    conditional: { status: 403, code: "application_required" },
    none: { status: 403, code: "not_open" },
  };

  for (const openType of OPEN_TYPES) {
    it.each(readers)(`open type ${openType}: %s`, (_, a) => {
      const d = decide(a, dataset({ openType }));
      const want = expected[openType];
      if (!want.status) expect(allowed(d).basis).toBe("open_unconditional");
      else expect(denied(d)).toMatchObject(want);
    });
  }

  it("001 §10 / 004 §34: conditional data names the application route and its articles", () => {
    const d = denied(decide(company, dataset({ openType: "conditional" })));
    expect(d.message.zh).toContain("001 §10");
    expect(d.message.en).toContain("004 §34");
  });

  it("share type does not open data to another department yet: a shared-only entry is not_open (grants will extend this)", () => {
    for (const shareType of SHARE_TYPES) {
      expect(denied(decide(otherDepartment, dataset({ openType: "none", shareType })))).toMatchObject({ status: 403, code: "not_open" });
    }
  });

  it("share type does not narrow open data: an unconditionally open entry not shared is still open", () => {
    expect(allowed(decide(otherDepartment, dataset({ shareType: "none" }))).basis).toBe("open_unconditional");
  });

  it("conditional/none are refused in every mode and every level, before the level is looked at", () => {
    for (const openType of ["conditional", "none"] as const)
      for (const level of [1, 2, 3, 4])
        for (const mode of READ_MODES) expect(denied(decide(company, dataset({ openType, level }), mode)).status).toBe(403);
  });
});

describe("decideAccess: level × mode (003 §23)", () => {
  it("003 §23: modesForLevel — level 1 raw data; levels 2–3 only through interfaces; level 4 nothing", () => {
    expect(modesForLevel(1)).toEqual(["preview", "query", "download"]);
    expect(modesForLevel(2)).toEqual(["preview", "query"]);
    expect(modesForLevel(3)).toEqual(["preview", "query"]);
    expect(modesForLevel(4)).toEqual([]);
  });

  const table: [number, ReadMode, boolean][] = [];
  for (const level of [1, 2, 3, 4]) for (const mode of READ_MODES) table.push([level, mode, level === 1 || (level <= 3 && mode !== "download")]);

  it.each(table)("003 §23: a level-%s entry in mode %s → allowed %s", (level, mode, ok) => {
    for (const [name, a] of readers) {
      const d = decide(a, dataset({ level }), mode);
      if (ok) {
        expect(allowed(d).modes, name).toEqual(modesForLevel(level));
        expect(allowed(d).modes, name).toContain(mode);
      } else expect(denied(d).status, name).toBe(403);
    }
  });

  it("003 §23: level-2 entry cannot be downloaded by the public but can be queried", () => {
    const refused = denied(decide(company, dataset({ level: 2 }), "download"));
    expect(refused).toMatchObject({ status: 403, code: "level_interface_only" });
    expect(refused.message.zh).toContain("003 §23");
    const ok = allowed(decide(company, dataset({ level: 2 }), "query"));
    expect(ok.modes).toEqual(["preview", "query"]);
    expect(ok.modes).not.toContain("download");
  });

  it("003 §23: level-3 entry cannot be downloaded anonymously (heilongjiang) but can be previewed", () => {
    expect(denied(decide(null, dataset({ level: 3 }), "download", PRESETS.heilongjiang)).code).toBe("level_interface_only");
    expect(allowed(decide(null, dataset({ level: 3 }), "preview", PRESETS.heilongjiang)).basis).toBe("open_unconditional");
  });

  it("003 §23: level-4 data is not provided to anyone but its provider, in any mode", () => {
    for (const mode of READ_MODES) {
      expect(denied(decide(company, dataset({ level: 4 }), mode))).toMatchObject({ status: 403, code: "level_not_shared" });
      expect(denied(decide(otherDepartment, dataset({ level: 4 }), mode))).toMatchObject({ status: 403, code: "level_not_shared" });
      expect(allowed(decide(provider, dataset({ level: 4 }), mode)).basis).toBe("provider");
    }
  });

  it("003 §23: under beijing-open an anonymous reader of a level-2 download is told to register first (401 before 403)", () => {
    expect(denied(decide(null, dataset({ level: 2 }), "download", REGISTRATION)).status).toBe(401);
  });
});

describe("decideAccess: fields (001 §7 masking, 003 §23 withholding)", () => {
  it("001 §7: personal fields are masked for the public, other fields raw", () => {
    const d = allowed(decide(company, personal()));
    const byName = Object.fromEntries(d.fields.map((f) => [f.name, f.mask]));
    expect(byName.patient_name).toEqual(MASKS.name);
    expect(byName.citizen_id).toEqual(MASKS.citizen_id);
    expect(byName.phone).toEqual(MASKS.phone);
    expect(byName.credit_code).toBeNull();
    expect(byName.visit_on).toBeNull();
  });

  it("001 §7: every personal kind is masked for every reader other than the provider", () => {
    const fields = PERSONAL_KINDS.map((kind) => field(`f_${kind}`, { sensitivity: kind }));
    for (const [name, a] of readers) {
      const d = allowed(decide(a, dataset({ fields })));
      expect(d.fields.map((f) => f.name), name).toEqual(fields.map((f) => f.name));
      for (const f of d.fields) expect(f.mask, `${name} ${f.name}`).not.toBeNull();
    }
  });

  it("001 §7: another department, an authority and the platform admin see personal fields masked too", () => {
    for (const a of [otherDepartment, authority, platformAdmin]) {
      expect(allowed(decide(a, personal())).fields.find((f) => f.name === "citizen_id")!.mask).toEqual(MASKS.citizen_id);
    }
  });

  it("003 §23: a level-4 field is withheld from the public, the others keep the entry's order", () => {
    const d = allowed(decide(company, personal()));
    expect(d.fields.map((f) => f.name)).toEqual(["patient_name", "citizen_id", "phone", "credit_code", "visit_on"]);
  });

  it("003 §23: the provider gets the level-4 field", () => {
    expect(allowed(decide(provider, personal())).fields.map((f) => f.name)).toContain("diagnosis");
  });

  it("field types are carried through", () => {
    const d = allowed(decide(company));
    expect(d.fields).toEqual([
      { name: "clinic_name", type: "string", mask: null },
      { name: "opened_on", type: "date", mask: null },
      { name: "beds", type: "integer", mask: null },
    ]);
  });

  it("a decision never returns a field the entry does not have", () => {
    const entries = [dataset(), personal(), dataset({ fields: [] }), personal({ level: 2 })];
    const actors: (Actor | null)[] = [provider, ...readers.map(([, a]) => a)];
    for (const d of entries)
      for (const a of actors)
        for (const mode of READ_MODES) {
          const got = decide(a, d, mode);
          if (!got.allowed) continue;
          const names = d.fields.map((f) => f.name);
          for (const f of got.fields) {
            expect(names).toContain(f.name);
            expect(f.type).toBe(d.fields.find((x) => x.name === f.name)!.type);
          }
          expect(new Set(got.fields.map((f) => f.name)).size).toBe(got.fields.length);
        }
  });

  it("the masks handed out are the shared specs (the server compiles them to SQL)", () => {
    const d = allowed(decide(null, personal()));
    for (const f of d.fields) if (f.mask) expect(Object.values(MASKS)).toContain(f.mask);
  });
});

describe("decideAccess: readers compared on one entry", () => {
  const profiles: ProfileId[] = ["beijing-open", "heilongjiang"];
  it.each(profiles)("under %s: provider raw, others masked, anonymous per registration rule", (id) => {
    const p = PRESETS[id];
    const d = personal({ level: 2 });
    expect(allowed(decideAccess({ actor: provider, dataset: d, mode: "download", profile: p })).basis).toBe("provider");
    expect(denied(decideAccess({ actor: otherDepartment, dataset: d, mode: "download", profile: p })).code).toBe("level_interface_only");
    const q = allowed(decideAccess({ actor: otherDepartment, dataset: d, mode: "query", profile: p }));
    expect(q.fields.some((f) => f.mask)).toBe(true);
    const anon = decideAccess({ actor: null, dataset: d, mode: "query", profile: p });
    expect(anon.allowed).toBe(!p.unconditionalOpenNeedsRegistration);
  });
});
