// A catalog row as core's rules see an entry, and the one visibility question every module asks of it.
import { catalogScope, mayReadEntry, type OpenType, type ShareType } from "@shuyuan/core";
import type { Actor } from "../identity/actor";
import type { CatalogRepository } from "./repository";

export type CatalogRow = NonNullable<Awaited<ReturnType<CatalogRepository["findById"]>>>;

export const entryOf = (row: CatalogRow) => ({
  status: row.status,
  version: row.version,
  providerOrganisationId: row.provider_organisation_id,
  regionCode: row.region_code,
  openType: row.open_type as OpenType,
  shareType: row.share_type as ShareType,
});

/** May `actor` (null: anonymous) see this entry at all? Drafts of others are as absent as missing entries. */
export const readableBy = (actor: Actor | null, row: CatalogRow) => mayReadEntry(catalogScope(actor), entryOf(row));
