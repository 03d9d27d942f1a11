import { REVIEWER_ROLES } from "@shuyuan/core/catalog/review-kinds";
import { catalogScope, mayEditEntries } from "@shuyuan/core/catalog/visibility";
import { type Actor, type Role, supervisedRegionPrefixes } from "@shuyuan/core/identity/roles";
import type { Membership, User } from "../api/types";

// What the console shows. The server decides what is allowed; this only keeps
// links to pages a user could not use out of the navigation.

/** Whether the user oversees any region through an authority membership with one of `roles` (core's rule). */
function overseesRegion(user: User, roles: readonly Role[]): boolean {
  const prefixes = supervisedRegionPrefixes(actorOf(user), roles);
  return prefixes === null || prefixes.length > 0;
}

function actorOf(user: User): Actor {
  return { userId: user.id, platformAdmin: user.platformAdmin, memberships: user.memberships };
}

/** Organisation and user administration: platform administrators and administrators of an authority. */
export function canAdministerOrganisations(user: User | null | undefined): boolean {
  if (!user) return false;
  return overseesRegion(user, ["admin"]);
}

/**
 * The audit record (search, trace, verify, checkpoints): auditors and administrators of an
 * authority (their region) and platform administrators (everything), as the server's scope rule.
 */
export function canReadAuditRecord(user: User | null | undefined): boolean {
  if (!user) return false;
  return overseesRegion(user, ["auditor", "admin"]);
}

/** Exporting a full range with its proof: platform administrators only. */
export function canExportAuditRecord(user: User | null | undefined): boolean {
  return Boolean(user?.platformAdmin);
}

/** The supervision board (督办, 004 §42): members of an authority, as the server's rule. */
export function canSuperviseCases(user: User | null | undefined): boolean {
  if (!user) return false;
  return user.memberships.some((m) => m.organisationKind === "authority");
}

/** Demands to a named provider (004 §29) come from departments and authorities; others go through the authority. */
export function canDemandFromProvider(user: User | null | undefined): boolean {
  if (!user) return false;
  return user.memberships.some((m) => m.organisationKind === "authority" || m.organisationKind === "department");
}

/** The organisations whose catalog the user compiles (目录编制): catalog editors and admins of a department or authority (core's rule). */
export function catalogEditorMemberships(user: User | null | undefined): Membership[] {
  if (!user) return [];
  const actor = actorOf(user);
  return user.memberships.filter((m) => mayEditEntries(actor, m.organisationId));
}

export function canCompileCatalog(user: User | null | undefined): boolean {
  return catalogEditorMemberships(user).length > 0;
}

/** The catalog review queue (目录审核, 004 §12): reviewers and admins of an authority, and platform admins. */
export function canReviewCatalog(user: User | null | undefined): boolean {
  if (!user) return false;
  return overseesRegion(user, REVIEWER_ROLES);
}

/** Whether the user may read the share catalog (002 §10): members of departments and authorities (core's rule). */
export function canReadShareCatalog(user: User | null | undefined): boolean {
  return Boolean(user && catalogScope(actorOf(user)).shareCatalog);
}

/** Mounting data on an entry (数据挂接): its provider's catalog editors, until it is revoked (core's rule). */
export function canMountData(user: User | null | undefined, dataset: { provider: { id: string }; status: string }): boolean {
  return dataset.status !== "revoked" && catalogEditorMemberships(user).some((m) => m.organisationId === dataset.provider.id);
}

/** An entry's load history: members of its provider and the authorities overseeing its region (core's region rule). */
export function canReadLoadHistory(user: User | null | undefined, dataset: { provider: { id: string }; regionCode: string }): boolean {
  if (!user) return false;
  if (user.memberships.some((m) => m.organisationId === dataset.provider.id)) return true;
  const prefixes = supervisedRegionPrefixes(actorOf(user));
  return prefixes === null || prefixes.some((p) => dataset.regionCode.startsWith(p));
}

/** Update reminders (001 §15): members of departments and authorities, and platform administrators. */
export function canSeeStaleEntries(user: User | null | undefined): boolean {
  if (!user) return false;
  return user.platformAdmin || user.memberships.some((m) => m.organisationKind === "department" || m.organisationKind === "authority");
}
