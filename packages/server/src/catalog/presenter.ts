// Rows → the API's shapes (docs/catalog.md). Labels for facet values come from core's vocabularies.
import {
  CATALOG_KIND_LABELS,
  LEVEL_LABELS,
  OPEN_TYPE_LABELS,
  SHARE_TYPE_LABELS,
  THEME_LABELS,
  UPDATE_FREQUENCY_LABELS,
  type Bilingual,
  type CatalogKind,
  type DatasetChange,
  type EntryStatus,
  type Format,
  type Level,
  type OpenType,
  type ShareType,
  type Theme,
  type UpdateFrequency,
} from "@shuyuan/core";
import { regions } from "../regions/regions";
import type { DatasetRow, Facet } from "./repository";
import type { DatasetSummary } from "./schemas";
import { highlight } from "./search-text";

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

// Columns hold core's closed vocabularies (stored after checkDataset); the response schema checks them again on the way out.
export function presentSummary(row: DatasetRow, words: readonly string[] = []): DatasetSummary {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    summary: row.summary,
    provider: { id: row.provider_organisation_id, name: row.provider_name },
    regionCode: row.region_code,
    catalogKind: row.catalog_kind as CatalogKind,
    theme: row.theme as Theme | null,
    shareType: row.share_type as ShareType,
    openType: row.open_type as OpenType,
    level: row.level as Level,
    formats: row.formats as Format[],
    updateFrequency: row.update_frequency as UpdateFrequency,
    tags: row.tags,
    status: row.status as EntryStatus,
    version: row.version,
    publishedAt: iso(row.published_at),
    updatedAt: new Date(row.updated_at).toISOString(),
    usageCount: Number(row.usage_count),
    highlight: { title: highlight(row.title, words), summary: highlight(row.summary, words, 160) },
  };
}

const LABELS: Partial<Record<Facet, Readonly<Record<string, Bilingual>>>> = {
  theme: THEME_LABELS,
  catalogKind: CATALOG_KIND_LABELS,
  openType: OPEN_TYPE_LABELS,
  shareType: SHARE_TYPE_LABELS,
  level: LEVEL_LABELS as Record<string, Bilingual>,
  updateFrequency: UPDATE_FREQUENCY_LABELS,
};

export function presentFacets(facets: Record<Facet, { value: string; count: number; name?: string }[]>) {
  const label = (facet: Facet, value: string, name?: string): Bilingual => {
    if (name) return { zh: name, en: name };
    if (facet === "region") {
      const full = regions().fullName(value) || value;
      return { zh: full, en: value };
    }
    if (facet === "format") return { zh: value.toUpperCase(), en: value.toUpperCase() };
    return LABELS[facet]?.[value] ?? { zh: value, en: value };
  };
  return Object.fromEntries(
    Object.entries(facets).map(([facet, values]) => [facet, values.map((v) => ({ value: v.value, count: v.count, label: label(facet as Facet, v.value, v.name) }))]),
  ) as Record<Facet, { value: string; count: number; label: Bilingual }[]>;
}

export function presentVersion(v: { version: number; changes: unknown; change_summary: string | null; published_at: Date | string; user_id?: string | null; user_name?: string | null }) {
  return {
    version: v.version,
    publishedAt: new Date(v.published_at).toISOString(),
    publishedBy: v.user_id ? { id: v.user_id, name: v.user_name ?? "" } : null,
    changeSummary: v.change_summary,
    changes: v.changes as DatasetChange[],
  };
}
