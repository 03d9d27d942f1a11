import { describe, expect, it } from "vitest";
import {
  canAssignRole,
  canManageOrganisation,
  canManageUsersOf,
  disallowedRoles,
  ORGANISATION_KINDS,
  ORGANISATION_KIND_LABELS,
  ROLE_LABELS,
  ROLES,
  roleAllowedIn,
  rolesAllowedFor,
  type Actor,
  type Membership,
  type OrganisationRef,
  supervisedRegionPrefixes,
} from "./roles";

const org = (id: string, kind: OrganisationRef["kind"], regionCode: string): OrganisationRef => ({ id, kind, regionCode });
const member = (o: OrganisationRef, roles: Membership["roles"]): Membership => ({
  organisationId: o.id,
  organisationKind: o.kind,
  regionCode: o.regionCode,
  roles,
});
const actor = (...memberships: Membership[]): Actor => ({ userId: "u1", memberships });

const province = org("hlj-bureau", "authority", "230000");
const city = org("harbin-bureau", "authority", "230100");
const peerAuthority = org("hlj-centre", "authority", "230000");
const cityDept = org("harbin-health", "department", "230100");
const countyDept = org("daoli-civil", "department", "230102");
const provDept = org("hlj-transport", "department", "230000");
const otherProvinceDept = org("jl-health", "department", "220000");
const company = org("acme", "public_org", "230103");
const operator = org("zone-op", "operator", "230100");

describe("roles and organisation kinds", () => {
  it("labels every kind and role in Chinese and English", () => {
    for (const k of ORGANISATION_KINDS) expect(ORGANISATION_KIND_LABELS[k].zh && ORGANISATION_KIND_LABELS[k].en).toBeTruthy();
    for (const r of ROLES) expect(ROLE_LABELS[r].zh && ROLE_LABELS[r].en).toBeTruthy();
    expect(ROLE_LABELS.data_officer.zh).toBe("数据专员");
  });

  it("004 §12: only the authority (主管部门) holds reviewers", () => {
    expect(roleAllowedIn("authority", "reviewer")).toBe(true);
    for (const k of ["department", "public_org", "operator"] as const) expect(roleAllowedIn(k, "reviewer")).toBe(false);
  });

  it("auditors sit in the authority only", () => {
    expect(roleAllowedIn("authority", "auditor")).toBe(true);
    expect(roleAllowedIn("department", "auditor")).toBe(false);
  });

  it("a public organisation holds admins only", () => {
    expect(disallowedRoles("public_org", ["admin", "catalog_editor", "data_officer"])).toEqual(["catalog_editor", "data_officer"]);
  });

  it("001 §35 / 003 §18: operators hold admins and data officers (数据专人专岗)", () => {
    expect(disallowedRoles("operator", [...ROLES])).toEqual(["catalog_editor", "reviewer", "auditor"]);
  });

  it("departments hold admins, catalog editors and data officers", () => {
    expect(rolesAllowedFor("department")).toEqual(["admin", "catalog_editor", "data_officer"]);
  });
});

describe("who manages which organisation (004 §5: 主管部门 supervises its own administrative region)", () => {
  const provinceAdmin = actor(member(province, ["admin"]));
  const cityAdmin = actor(member(city, ["admin"]));

  it("a province authority admin manages organisations anywhere in the province", () => {
    for (const o of [city, cityDept, countyDept, provDept, company, operator]) {
      expect(canManageOrganisation(provinceAdmin, o), o.id).toBe(true);
      expect(canManageUsersOf(provinceAdmin, o), o.id).toBe(true);
    }
  });

  it("a city authority admin manages its city but not the province or a sibling city", () => {
    expect(canManageOrganisation(cityAdmin, cityDept)).toBe(true);
    expect(canManageOrganisation(cityAdmin, countyDept)).toBe(true);
    expect(canManageOrganisation(cityAdmin, provDept)).toBe(false);
    expect(canManageOrganisation(cityAdmin, province)).toBe(false);
    expect(canManageOrganisation(cityAdmin, org("qqhr-health", "department", "230200"))).toBe(false);
  });

  it("no authority reaches outside its region", () => {
    expect(canManageOrganisation(provinceAdmin, otherProvinceDept)).toBe(false);
    expect(canManageUsersOf(provinceAdmin, otherProvinceDept)).toBe(false);
  });

  it("an authority cannot edit its own record or a peer authority's, only lower ones", () => {
    expect(canManageOrganisation(provinceAdmin, province)).toBe(false);
    expect(canManageOrganisation(provinceAdmin, peerAuthority)).toBe(false);
    expect(canManageOrganisation(provinceAdmin, city)).toBe(true);
    // …but it still manages its own users.
    expect(canManageUsersOf(provinceAdmin, province)).toBe(true);
  });

  it("only the admin role of an authority carries that power", () => {
    const reviewer = actor(member(province, ["reviewer", "auditor", "catalog_editor", "data_officer"]));
    expect(canManageOrganisation(reviewer, cityDept)).toBe(false);
    expect(canManageUsersOf(reviewer, cityDept)).toBe(false);
    expect(canManageUsersOf(reviewer, province)).toBe(false);
  });

  it("an organisation's admin manages its own users, not its record", () => {
    const a = actor(member(cityDept, ["admin"]));
    expect(canManageUsersOf(a, cityDept)).toBe(true);
    expect(canManageOrganisation(a, cityDept)).toBe(false);
  });

  it("a user of organisation A cannot reach organisation B", () => {
    const a = actor(member(cityDept, ["admin", "catalog_editor", "data_officer"]));
    for (const b of [countyDept, provDept, company, operator, city]) {
      expect(canManageUsersOf(a, b), b.id).toBe(false);
      expect(canManageOrganisation(a, b), b.id).toBe(false);
    }
  });

  it("a department or operator admin has no regional power, even over lower regions", () => {
    const deptAdmin = actor(member(provDept, ["admin"]));
    expect(canManageUsersOf(deptAdmin, countyDept)).toBe(false);
    const opAdmin = actor(member(operator, ["admin"]));
    expect(canManageUsersOf(opAdmin, company)).toBe(false);
  });

  it("a non-admin member cannot manage even its own organisation's users", () => {
    expect(canManageUsersOf(actor(member(cityDept, ["data_officer"])), cityDept)).toBe(false);
  });

  it("the platform admin manages every organisation", () => {
    const p: Actor = { userId: "root", memberships: [], platformAdmin: true };
    expect(canManageOrganisation(p, province)).toBe(true);
    expect(canManageUsersOf(p, otherProvinceDept)).toBe(true);
  });

  it("an actor with no memberships manages nothing", () => {
    expect(canManageUsersOf(actor(), company)).toBe(false);
    expect(canManageOrganisation(actor(), company)).toBe(false);
  });

  it("roles can be assigned only where the kind allows them", () => {
    expect(canAssignRole(provinceAdmin, city, "reviewer")).toBe(true);
    expect(canAssignRole(provinceAdmin, cityDept, "reviewer")).toBe(false);
    expect(canAssignRole(actor(member(company, ["admin"])), company, "admin")).toBe(true);
    expect(canAssignRole(actor(member(company, ["admin"])), company, "data_officer")).toBe(false);
    expect(canAssignRole(actor(member(cityDept, ["admin"])), countyDept, "data_officer")).toBe(false);
  });
});

describe("supervisedRegionPrefixes", () => {
  const m = (organisationKind: "authority" | "department", regionCode: string, roles: ("admin" | "auditor")[]) => ({ organisationId: "o", organisationKind, regionCode, roles });
  it("names the regions an actor oversees through authority memberships with the given roles", () => {
    expect(supervisedRegionPrefixes({ userId: "u", platformAdmin: true, memberships: [] }, ["admin"])).toBeNull();
    const actor = { userId: "u", memberships: [m("authority", "230100", ["auditor"]), m("authority", "230000", ["admin"]), m("department", "231000", ["admin"])] };
    expect(supervisedRegionPrefixes(actor, ["auditor"])).toEqual(["2301"]);
    expect(supervisedRegionPrefixes(actor, ["admin"])).toEqual(["23"]);
    expect(supervisedRegionPrefixes(actor)).toEqual(["2301", "23"]);
    expect(supervisedRegionPrefixes({ userId: "u", memberships: [m("department", "230100", ["admin"])] }, ["admin"])).toEqual([]);
  });
});
