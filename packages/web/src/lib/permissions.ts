import type { User } from "../api/types";

// What the console shows. The server decides what is allowed; this only keeps
// links to pages a user could not use out of the navigation.

/** Organisation and user administration: platform administrators and administrators of an authority. */
export function canAdministerOrganisations(user: User | null | undefined): boolean {
  if (!user) return false;
  return user.platformAdmin || user.memberships.some((m) => m.organisationKind === "authority" && m.roles.includes("admin"));
}
