import { describe, expect, it } from "vitest";
import type { Actor, Membership, OrganisationKind, Role } from "../identity";
import { catalogScope, ENTRY_STATUSES, mayEditEntries, mayReadEntry, isServing, type CatalogScope, type EntryStatus } from "./visibility";
import type { OpenType, ShareType } from "./vocabulary";

// Heilongjiang 230000 ⊃ Harbin 230100 ⊃ Daoli district 230102; Qiqihar 230200 is a sibling city.
const member = (organisationId: string, organisationKind: OrganisationKind, regionCode: string, roles: Role[] = []): Membership => ({
  organisationId,
  organisationKind,
  regionCode,
  roles,
});
const actor = (...memberships: Membership[]): Actor => ({ userId: "u-1", memberships });

const harbinPolice = (roles: Role[] = ["catalog_editor"]) => member("org-harbin-police", "department", "230100", roles);
const harbinHealth = (roles: Role[] = ["catalog_editor"]) => member("org-harbin-health", "department", "230100", roles);
const provinceAuthority = (roles: Role[] = ["reviewer"]) => member("org-hlj-data", "authority", "230000", roles);
const harbinAuthority = (roles: Role[] = ["reviewer"]) => member("org-harbin-data", "authority", "230100", roles);
const daoliAuthority = (roles: Role[] = ["reviewer"]) => member("org-daoli-data", "authority", "230102", roles);
const company = (roles: Role[] = ["admin"]) => member("org-company", "public_org", "230100", roles);
const operator = (roles: Role[] = ["admin"]) => member("org-operator", "operator", "230100", roles);

type Entry = Parameters<typeof mayReadEntry>[1];
const entry = (over: Partial<Entry> = {}): Entry => ({
  status: "published",
  version: 1,
  providerOrganisationId: "org-harbin-health",
  regionCode: "230100",
  openType: "unconditional",
  shareType: "unconditional",
  ...over,
});
/** In the open catalog (and the share catalog). */
const open = entry();
/** Only in the share catalog: not opened (004 §33), shared on conditions. */
const shareOnly = entry({ openType: "none", shareType: "conditional" });
/** In neither catalog. */
const neither = entry({ openType: "none", shareType: "none" });

const reads = (scope: CatalogScope, e: Entry) => mayReadEntry(scope, e);

describe("catalogScope: who sees which catalog (002 §10, 004 §21, 004 §12 §41)", () => {
  it("anonymous: the open catalog only", () => {
    expect(catalogScope(null)).toEqual({ openCatalog: true, shareCatalog: false, ownOrganisationIds: [], supervisedRegionPrefixes: [] });
  });

  it("a public_org member: the open catalog only, plus its own organisation (which has no entries)", () => {
    expect(catalogScope(actor(company()))).toEqual({ openCatalog: true, shareCatalog: false, ownOrganisationIds: ["org-company"], supervisedRegionPrefixes: [] });
  });

  it("a zone operator member: not a government body, so no share catalog", () => {
    expect(catalogScope(actor(operator())).shareCatalog).toBe(false);
  });

  it("a department member: open and share catalogs, own entries, no supervised region", () => {
    expect(catalogScope(actor(harbinPolice(["data_officer"])))).toEqual({
      openCatalog: true,
      shareCatalog: true,
      ownOrganisationIds: ["org-harbin-police"],
      supervisedRegionPrefixes: [],
    });
  });

  it("an authority member: open and share catalogs and the region it supervises (city 230100 → 2301, province 230000 → 23)", () => {
    expect(catalogScope(actor(harbinAuthority()))).toMatchObject({ shareCatalog: true, supervisedRegionPrefixes: ["2301"] });
    expect(catalogScope(actor(provinceAuthority()))).toMatchObject({ shareCatalog: true, supervisedRegionPrefixes: ["23"] });
  });

  it("platform admin: supervises everywhere (null) and has the share catalog, with no membership at all", () => {
    expect(catalogScope({ userId: "root", memberships: [], platformAdmin: true })).toEqual({
      openCatalog: true,
      shareCatalog: true,
      ownOrganisationIds: [],
      supervisedRegionPrefixes: null,
    });
  });

  it("several memberships add up", () => {
    const scope = catalogScope(actor(company(), harbinPolice(), daoliAuthority()));
    expect(scope).toEqual({
      openCatalog: true,
      shareCatalog: true,
      ownOrganisationIds: ["org-company", "org-harbin-police", "org-daoli-data"],
      supervisedRegionPrefixes: ["230102"],
    });
  });
});

describe("mayReadEntry", () => {
  const anonymous = catalogScope(null);
  const companyScope = catalogScope(actor(company()));
  const police = catalogScope(actor(harbinPolice()));
  const health = catalogScope(actor(harbinHealth()));

  it("anonymous and public users see published open entries only", () => {
    for (const scope of [anonymous, companyScope]) {
      expect(reads(scope, open)).toBe(true);
      expect(reads(scope, entry({ openType: "conditional", shareType: "none" }))).toBe(true);
      expect(reads(scope, shareOnly)).toBe(false);
      expect(reads(scope, neither)).toBe(false);
    }
  });

  it("002 §10: a share-only entry is visible to departments and authorities, not to the public", () => {
    expect(reads(police, shareOnly)).toBe(true);
    expect(reads(catalogScope(actor(operator())), shareOnly)).toBe(false);
    expect(reads(anonymous, shareOnly)).toBe(false);
    // An authority elsewhere (Qiqihar) still sees the share catalog of Harbin.
    expect(reads(catalogScope(actor(member("org-qqhr-data", "authority", "230200", ["reviewer"]))), shareOnly)).toBe(true);
  });

  it("an entry neither shared nor opened is seen only by its own organisation and its supervisors", () => {
    expect(reads(police, neither)).toBe(false);
    expect(reads(health, neither)).toBe(true);
    expect(reads(catalogScope(actor(harbinAuthority())), neither)).toBe(true);
  });

  it("an organisation sees its own entries in every state, including drafts", () => {
    for (const status of ENTRY_STATUSES) {
      expect(reads(health, entry({ status, openType: null, shareType: null })), status).toBe(true);
    }
  });

  it("another department's draft (or any state before the first publication) is invisible, even if it would be open", () => {
    for (const status of ["draft", "under_review", "revision_requested"] as EntryStatus[]) {
      expect(reads(police, entry({ status, version: null })), status).toBe(false);
      expect(reads(anonymous, entry({ status, version: null })), status).toBe(false);
    }
    expect(reads(anonymous, entry({ status: "revoked" }))).toBe(false);
  });

  it("a published entry whose revision is under review keeps serving its published version", () => {
    for (const status of ["under_review", "revision_requested"] as EntryStatus[]) {
      expect(reads(anonymous, entry({ status, version: 2 })), status).toBe(true);
      expect(isServing({ status, version: 2 })).toBe(true);
    }
  });

  it("004 §16: a revoking entry is still served; a revoked one is not", () => {
    expect(isServing({ status: "revoking", version: 1 })).toBe(true);
    expect(isServing({ status: "revoked", version: 1 })).toBe(false);
    expect(reads(anonymous, entry({ status: "revoking" }))).toBe(true);
    expect(reads(police, entry({ status: "revoking", openType: "none" }))).toBe(true);
    expect(reads(anonymous, entry({ status: "revoked" }))).toBe(false);
    expect(reads(police, entry({ status: "revoked", openType: "none" }))).toBe(false);
  });

  it("an entry without a published classification (null types) is not in any catalog", () => {
    expect(reads(police, entry({ openType: null as OpenType | null, shareType: null as ShareType | null }))).toBe(false);
  });

  describe("004 §12 §41: an authority sees every entry of the regions it supervises (region containment)", () => {
    const harbinDraft = entry({ status: "draft", openType: null, shareType: null, regionCode: "230100" });
    const daoliDraft = entry({ status: "draft", openType: null, shareType: null, regionCode: "230102", providerOrganisationId: "org-daoli-edu" });
    const qiqiharDraft = entry({ status: "draft", openType: null, shareType: null, regionCode: "230200", providerOrganisationId: "org-qqhr-edu" });
    const beijingDraft = entry({ status: "draft", openType: null, shareType: null, regionCode: "110105", providerOrganisationId: "org-bj-edu" });

    it("a city authority (Harbin): its city and its counties, not a sibling city nor the province", () => {
      const scope = catalogScope(actor(harbinAuthority()));
      expect(reads(scope, harbinDraft)).toBe(true);
      expect(reads(scope, daoliDraft)).toBe(true);
      expect(reads(scope, qiqiharDraft)).toBe(false);
      expect(reads(scope, entry({ status: "draft", version: null, regionCode: "230000", providerOrganisationId: "org-hlj-edu" }))).toBe(false);
    });

    it("a province authority (Heilongjiang): every city and county of the province, not another province", () => {
      const scope = catalogScope(actor(provinceAuthority()));
      for (const e of [harbinDraft, daoliDraft, qiqiharDraft]) expect(reads(scope, e)).toBe(true);
      expect(reads(scope, beijingDraft)).toBe(false);
    });

    it("a county authority (Daoli): only its county", () => {
      const scope = catalogScope(actor(daoliAuthority()));
      expect(reads(scope, daoliDraft)).toBe(true);
      expect(reads(scope, harbinDraft)).toBe(false);
    });

    it("every member of the authority sees the region, whatever their role (auditor, data officer)", () => {
      for (const roles of [["auditor"], ["data_officer"], []] as Role[][]) {
        expect(reads(catalogScope(actor(harbinAuthority(roles))), daoliDraft)).toBe(true);
      }
    });

    it("the platform admin sees everything everywhere, in every state", () => {
      const scope = catalogScope({ userId: "root", memberships: [], platformAdmin: true });
      for (const e of [harbinDraft, qiqiharDraft, beijingDraft, entry({ status: "revoked", openType: "none", shareType: "none" })]) {
        expect(reads(scope, e)).toBe(true);
      }
    });
  });
});

describe("mayEditEntries: who compiles an organisation's entries (目录编制, 004 §12)", () => {
  it("a department's catalog_editor or admin may; a data_officer may not", () => {
    expect(mayEditEntries(actor(harbinPolice(["catalog_editor"])), "org-harbin-police")).toBe(true);
    expect(mayEditEntries(actor(harbinPolice(["admin"])), "org-harbin-police")).toBe(true);
    expect(mayEditEntries(actor(harbinPolice(["data_officer"])), "org-harbin-police")).toBe(false);
    expect(mayEditEntries(actor(harbinPolice([])), "org-harbin-police")).toBe(false);
  });

  it("only for their own organisation", () => {
    expect(mayEditEntries(actor(harbinPolice(["catalog_editor"])), "org-harbin-health")).toBe(false);
  });

  it("004 §12: an authority's catalog_editor compiles its own level's catalog; a reviewer does not edit", () => {
    expect(mayEditEntries(actor(harbinAuthority(["catalog_editor"])), "org-harbin-data")).toBe(true);
    expect(mayEditEntries(actor(harbinAuthority(["reviewer"])), "org-harbin-data")).toBe(false);
    // Supervising a region is not editing the departments' entries.
    expect(mayEditEntries(actor(provinceAuthority(["admin", "catalog_editor"])), "org-harbin-police")).toBe(false);
  });

  it("a public_org admin or an operator admin may not compile catalog entries", () => {
    expect(mayEditEntries(actor(company(["admin"])), "org-company")).toBe(false);
    expect(mayEditEntries(actor(operator(["admin"])), "org-operator")).toBe(false);
  });

  it("the right role in another membership does not carry over", () => {
    const a = actor(harbinPolice(["data_officer"]), harbinHealth(["catalog_editor"]));
    expect(mayEditEntries(a, "org-harbin-police")).toBe(false);
    expect(mayEditEntries(a, "org-harbin-health")).toBe(true);
  });
});
