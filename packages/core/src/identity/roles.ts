import type { Bilingual } from "../profiles/schema";
import { regionContains } from "./region";

export const ORGANISATION_KINDS = ["authority", "department", "public_org", "operator"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Readonly<Record<OrganisationKind, Bilingual>> = {
  authority: { zh: "主管部门", en: "Authority" },
  // Includes public institutions and utilities (事业单位、公用事业运营单位, 001 §3 §42, 002 §39).
  department: { zh: "政府部门", en: "Government department" },
  // Legal persons and non-legal-person organisations (法人或者非法人组织, 004 §3).
  public_org: { zh: "公共组织", en: "Public organisation" },
  operator: { zh: "专区运营单位", en: "Zone operator" },
};

export const ROLES = ["admin", "catalog_editor", "reviewer", "data_officer", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, Bilingual>> = {
  admin: { zh: "单位管理员", en: "Organisation administrator" },
  catalog_editor: { zh: "目录编制员", en: "Catalog editor" },
  reviewer: { zh: "审核员", en: "Reviewer" },
  // 数据专人专岗 (001 §35): the named person who handles the organisation's data cases.
  data_officer: { zh: "数据专员", en: "Data officer" },
  auditor: { zh: "审计员", en: "Auditor" },
};

/** Which roles an organisation of each kind may give its members. */
export const ROLES_BY_KIND: Readonly<Record<OrganisationKind, readonly Role[]>> = {
  // Reviews catalogs and supervises (004 §12, §41), so reviewers and auditors sit only here.
  authority: ["admin", "catalog_editor", "reviewer", "data_officer", "auditor"],
  department: ["admin", "catalog_editor", "data_officer"],
  // A public user only applies and objects; its admin manages its staff accounts.
  public_org: ["admin"],
  // 003 §18: operators register the staff who handle data.
  operator: ["admin", "data_officer"],
};

export function rolesAllowedFor(kind: OrganisationKind): readonly Role[] {
  return ROLES_BY_KIND[kind];
}

export function roleAllowedIn(kind: OrganisationKind, role: Role): boolean {
  return ROLES_BY_KIND[kind].includes(role);
}

/** The roles in `roles` that an organisation of `kind` may not hold. */
export function disallowedRoles(kind: OrganisationKind, roles: readonly Role[]): Role[] {
  return roles.filter((r) => !roleAllowedIn(kind, r));
}

export type Membership = {
  organisationId: string;
  organisationKind: OrganisationKind;
  regionCode: string;
  roles: readonly Role[];
};

export type Actor = {
  userId: string;
  memberships: readonly Membership[];
  platformAdmin?: boolean;
};

export type OrganisationRef = { id: string; kind: OrganisationKind; regionCode: string };

function isAdmin(m: Membership): boolean {
  return m.roles.includes("admin") && roleAllowedIn(m.organisationKind, "admin");
}

/**
 * May `actor` create, edit or deactivate the organisation record `target`?
 * An authority's admin manages organisations in its region; another authority only if it sits
 * strictly below (a higher authority or the platform admin manages an authority's own record,
 * so no authority can widen its own region or its peer's). When an edit changes kind or region,
 * check both the old and the new record.
 */
export function canManageOrganisation(actor: Actor, target: OrganisationRef): boolean {
  if (actor.platformAdmin) return true;
  return actor.memberships.some(
    (m) =>
      m.organisationKind === "authority" &&
      isAdmin(m) &&
      regionContains(m.regionCode, target.regionCode) &&
      (target.kind !== "authority" || m.regionCode !== target.regionCode),
  );
}

/** May `actor` add, edit or remove the user accounts and memberships of `org`? */
export function canManageUsersOf(actor: Actor, org: OrganisationRef): boolean {
  if (actor.platformAdmin) return true;
  if (actor.memberships.some((m) => m.organisationId === org.id && isAdmin(m))) return true;
  return canManageOrganisation(actor, org);
}

/** May `actor` give `role` to a member of `org`? */
export function canAssignRole(actor: Actor, org: OrganisationRef, role: Role): boolean {
  return roleAllowedIn(org.kind, role) && canManageUsersOf(actor, org);
}

/** The GB/T 2260 code prefix a region stands for: 230000 → "23", 230100 → "2301", 230102 → "230102". */
export function regionPrefix(regionCode: string): string {
  return regionCode.replace(/(00)+$/, "");
}

/**
 * Region prefixes an actor oversees through authority memberships holding any of `roles`
 * (any role when omitted): null = everywhere (platform admin), [] = nowhere.
 */
export function supervisedRegionPrefixes(actor: Actor, roles?: readonly Role[]): string[] | null {
  if (actor.platformAdmin) return null;
  return actor.memberships
    .filter((m) => m.organisationKind === "authority" && (!roles || roles.some((r) => m.roles.includes(r))))
    .map((m) => regionPrefix(m.regionCode));
}
