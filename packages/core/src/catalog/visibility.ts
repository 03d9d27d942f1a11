// Who sees which catalog entries. The open catalog (开放目录) is public; the share catalog (共享目录) is for
// government departments and authorities (002 §10, 004 §21); an organisation sees all of its own entries in
// any state; an authority member sees every entry of the regions it supervises (004 §12 review, §41).
import type { Actor } from "../identity";
import { supervisedRegionPrefixes } from "../identity";
import type { OpenType, ShareType } from "./vocabulary";

export const ENTRY_STATUSES = ["draft", "under_review", "revision_requested", "published", "revoking", "revoked"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/**
 * Whether an entry's published version is being served: it has one and is not revoked. A revision under
 * review leaves the published version serving; a revoking entry keeps serving its grace period (004 §16).
 */
export function isServing(entry: { status: EntryStatus; version: number | null }): boolean {
  return entry.version !== null && entry.status !== "revoked";
}

export interface CatalogScope {
  /** Published entries with an open type other than none. Always true: the open catalog is public. */
  openCatalog: true;
  /** Published entries with a share type other than none. */
  shareCatalog: boolean;
  /** Organisations whose own entries the actor sees in every state. */
  ownOrganisationIds: string[];
  /** Regions whose every entry the actor sees; null = everywhere (platform admin). */
  supervisedRegionPrefixes: string[] | null;
}

export function catalogScope(actor: Actor | null): CatalogScope {
  if (!actor) return { openCatalog: true, shareCatalog: false, ownOrganisationIds: [], supervisedRegionPrefixes: [] };
  return {
    openCatalog: true,
    // The platform admin reads every entry anyway (supervisedRegionPrefixes null); without this it was refused
    // the share catalog view (scope=share) for holding no department or authority membership.
    shareCatalog: actor.platformAdmin === true || actor.memberships.some((m) => m.organisationKind === "department" || m.organisationKind === "authority"),
    ownOrganisationIds: actor.memberships.map((m) => m.organisationId),
    supervisedRegionPrefixes: supervisedRegionPrefixes(actor),
  };
}

/** The same decision for one entry (used where a single entry is read). */
export function mayReadEntry(
  scope: CatalogScope,
  entry: { status: EntryStatus; version: number | null; providerOrganisationId: string; regionCode: string; openType: OpenType | null; shareType: ShareType | null },
): boolean {
  if (scope.ownOrganisationIds.includes(entry.providerOrganisationId)) return true;
  const prefixes = scope.supervisedRegionPrefixes;
  if (prefixes === null || prefixes.some((p) => entry.regionCode.startsWith(p))) return true;
  if (!isServing(entry)) return false;
  if (entry.openType && entry.openType !== "none") return true;
  return scope.shareCatalog && !!entry.shareType && entry.shareType !== "none";
}

/** May the actor compile and edit entries of this organisation (目录编制)? */
export function mayEditEntries(actor: Actor, organisationId: string): boolean {
  return actor.memberships.some(
    (m) =>
      m.organisationId === organisationId &&
      (m.organisationKind === "department" || m.organisationKind === "authority") &&
      (m.roles.includes("catalog_editor") || m.roles.includes("admin")),
  );
}
