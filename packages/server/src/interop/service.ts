// Entries as core's InteropDataset, gathered once for every outside language. Who sees what is the
// catalog's: lists come from its search (catalogScope), single entries from its get (readableBy), so an
// entry absent from the catalog for a caller is absent here too.
import { FORMATS, modesForLevel, type DatasetContent, type Format, type InteropDataset, type InteropDistribution, type PlatformUrls } from "@shuyuan/core";
import type { CatalogModule } from "../catalog";
import type { SearchQuery } from "../catalog/service";
import { callPath } from "../datastore/api-distributions";
import type { Actor } from "../identity/actor";
import { ALLOWED_TYPES } from "../storage/media-type";
import type { InteropRepository } from "./repository";

export type Summary = Awaited<ReturnType<CatalogModule["service"]["search"]>>["items"][number];

/** The catalog's format of a stored file's media type (PNG and JPEG are images; OFD has none). */
function formatOf(mediaType: string): Format | null {
  if (mediaType.startsWith("image/")) return "image";
  const kind = ALLOWED_TYPES.find((t) => t.mediaType === mediaType)?.kind;
  return FORMATS.find((f) => f === kind) ?? null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Largest page the interop lists read from the catalog search at a time. */
const WALK_PAGE = 500;

export function interopService(deps: { catalog: CatalogModule; repo: InteropRepository }) {
  const { catalog, repo } = deps;

  async function describe(summaries: readonly Summary[], contents: ReadonlyMap<string, DatasetContent | null>, urls: PlatformUrls): Promise<InteropDataset[]> {
    const { tables, files, apis, providers } = await repo.distributions(summaries.map((s) => s.id));
    return summaries.map((s) => {
      const api = `${urls.base}/api/v1/datasets/${s.id}`;
      const table = tables.find((t) => t.dataset_id === s.id);
      // Levels 2–3 are served through interfaces only, never as whole files (003 §23): no download URL.
      const downloadable = modesForLevel(s.level).includes("download");
      const distributions: InteropDistribution[] = [];
      if (table) {
        distributions.push({
          id: s.id,
          kind: "table",
          title: `${s.title}（数据表）`,
          accessUrl: `${api}/rows`,
          downloadUrl: downloadable ? `${api}/download?format=csv` : null,
          format: "csv",
          mediaType: "text/csv",
          byteSize: null,
          sha256: null,
          rows: table.rows_loaded === null ? null : Number(table.rows_loaded),
          created: iso(table.started_at),
          modified: iso(table.finished_at),
        });
      }
      for (const f of files.filter((x) => x.dataset_id === s.id)) {
        const url = `${api}/files/${f.id}`;
        distributions.push({ id: f.id, kind: "file", title: f.name, accessUrl: url, downloadUrl: downloadable ? url : null, format: formatOf(f.media_type), mediaType: f.media_type, byteSize: Number(f.size), sha256: f.sha256, rows: null, created: iso(f.created_at), modified: iso(f.created_at) });
      }
      for (const a of apis.filter((x) => x.dataset_id === s.id)) {
        distributions.push({ id: a.id, kind: "api", title: a.name, accessUrl: `${urls.base}${callPath(s.id, a.id)}`, downloadUrl: null, format: "api", mediaType: null, byteSize: null, sha256: null, rows: null, created: iso(a.created_at), modified: iso(a.created_at) });
      }
      return {
        id: s.id,
        code: s.code,
        title: s.title,
        summary: s.summary,
        provider: { ...s.provider, created: iso(providers.find((o) => o.id === s.provider.id)?.created_at ?? null) },
        regionCode: s.regionCode,
        catalogKind: s.catalogKind as InteropDataset["catalogKind"],
        theme: s.theme as InteropDataset["theme"],
        shareType: s.shareType as InteropDataset["shareType"],
        openType: s.openType as InteropDataset["openType"],
        level: s.level,
        updateFrequency: s.updateFrequency as InteropDataset["updateFrequency"],
        formats: s.formats as Format[],
        tags: s.tags,
        status: s.status as InteropDataset["status"],
        version: s.version,
        // The listing keeps no creation time: the latest publication (or last change) stands for it.
        created: s.publishedAt ?? s.updatedAt!,
        publishedAt: s.publishedAt,
        updatedAt: s.updatedAt!,
        content: contents.get(s.id) ?? null,
        distributions,
      };
    });
  }

  /** Published contents of listed entries, in one query. */
  async function publishedContents(ids: readonly string[]) {
    const rows = await catalog.repo.contents([...ids]);
    return new Map(rows.map((r) => [r.id, (r.content as DatasetContent | null) ?? null]));
  }

  /** Every entry of the catalog search visible to `actor`, page by page (for lists CKAN gives whole). */
  async function* walk(actor: Actor | null, query: Omit<SearchQuery, "page" | "pageSize">) {
    for (let page = 1; ; page++) {
      const found = await catalog.service.search(actor, { ...query, page, pageSize: WALK_PAGE });
      yield found.items;
      // A short page is the last (the search's total may be an estimate on a large catalog).
      if (found.items.length < WALK_PAGE) return;
    }
  }

  return {
    /** A page of the catalog search, described. */
    async search(actor: Actor | null, query: SearchQuery, urls: PlatformUrls) {
      const found = await catalog.service.search(actor, query);
      return { ...found, datasets: await describe(found.items, await publishedContents(found.items.map((i) => i.id)), urls) };
    },

    /** One entry as `actor` may see it (404 otherwise), described. */
    async dataset(actor: Actor | null, id: string, urls: PlatformUrls) {
      const detail = await catalog.service.get(actor, id);
      const [described] = await describe([detail], new Map([[id, detail.content]]), urls);
      return described;
    },

    /** An entry's id from its CKAN name (the catalog code, any case); null when no entry has it. */
    async idOfName(name: string) {
      const [row] = await catalog.repo.byCodes([name]);
      return row?.id ?? null;
    },

    resourceEntry: repo.resourceEntry,

    walk,

    /**
     * A page of the open catalog as the public sees it, described, newest publication first: what the
     * DCAT export publishes. `modified` is the catalog's latest publication, whichever page this is.
     */
    async openCatalogPage(urls: PlatformUrls, page: number, pageSize: number) {
      const query = { sort: "newest", scope: "open" } as const;
      const found = await catalog.service.search(null, { ...query, page, pageSize });
      const newest = page === 1 ? found.items[0] : (await catalog.service.search(null, { ...query, page: 1, pageSize: 1 })).items[0];
      return {
        datasets: await describe(found.items, await publishedContents(found.items.map((i) => i.id)), urls),
        total: found.total,
        totalExact: found.totalExact,
        modified: newest?.publishedAt ?? null,
      };
    },
  };
}

export type InteropService = ReturnType<typeof interopService>;
