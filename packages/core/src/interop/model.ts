// One description of a catalog entry for every outside language (CKAN, DCAT-AP, Frictionless): the server
// gathers it once from the catalog and the datastore, and each mapping here renders it. Every URL is
// absolute, because these documents leave the platform.
import type { DatasetContent } from "../catalog/dataset";
import type { CatalogKind, Format, OpenType, ShareType, Theme, UpdateFrequency } from "../catalog/vocabulary";
import type { EntryStatus } from "../catalog/visibility";

/** A distribution (挂接) as the outside sees it: rows in the datastore, a stored file, or a proxied API. */
export interface InteropDistribution {
  /** The table distribution's id is its entry's: one table per entry, stable across loads. */
  id: string;
  kind: "table" | "file" | "api";
  title: string;
  /** Where the data is reached: the rows API, the file, or the API's platform URL. */
  accessUrl: string;
  /** A whole-file download, when there is one (tables: CSV; files: the file itself). */
  downloadUrl: string | null;
  /** One of core's FORMATS (`api` for services); null for a file type none of them names (OFD). */
  format: Format | null;
  mediaType: string | null;
  byteSize: number | null;
  /** sha256 of a file's bytes. */
  sha256: string | null;
  /** Rows of the serving table version. */
  rows: number | null;
  created: string | null;
  modified: string | null;
}

export interface InteropAgent {
  id: string;
  name: string;
  created?: string | null;
}

export interface InteropDataset {
  id: string;
  code: string;
  title: string;
  summary: string;
  provider: InteropAgent;
  regionCode: string;
  catalogKind: CatalogKind;
  theme: Theme | null;
  shareType: ShareType;
  openType: OpenType;
  level: number;
  updateFrequency: UpdateFrequency;
  formats: Format[];
  tags: string[];
  status: EntryStatus;
  /** Latest published version; null before the first publication. */
  version: number | null;
  created: string;
  publishedAt: string | null;
  updatedAt: string;
  /** The published content; null for an entry never published (its owner sees the listing only). */
  content: DatasetContent | null;
  distributions: InteropDistribution[];
}

/** Where things live on this platform, for documents that must name them absolutely. */
export interface PlatformUrls {
  /** Scheme, host and port, no trailing slash: http://127.0.0.1:8080 */
  base: string;
}

export const datasetPage = (urls: PlatformUrls, id: string) => `${urls.base}/datasets/${id}`;
/** The dataset itself (hash IRI): its page (the landing page, which answers RDF by content negotiation) is a document about it. */
export const datasetIri = (urls: PlatformUrls, id: string) => `${datasetPage(urls, id)}#dataset`;
export const organisationIri = (urls: PlatformUrls, id: string) => `${urls.base}/organisations/${id}`;
/** The entry's Frictionless data package (its fields as a Table Schema), linked from its DCAT description. */
export const dataPackageUrl = (urls: PlatformUrls, id: string) => `${urls.base}/api/v1/datasets/${id}/datapackage.json`;
