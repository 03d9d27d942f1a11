import { CloseOutlined } from "@ant-design/icons";
import { Button, Card, Col, Empty, Input, Pagination, Row, Segmented, Select, Skeleton, Space, Spin, Tag, Typography } from "antd";
import { useId } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useDatasets, useSession } from "../../api/queries";
import { FACET_NAMES, type CatalogScopeName, type DatasetQuery, type DatasetSort, type DatasetSummary, type FacetName, type FacetValue } from "../../api/types";
import { DatasetBadges, EntryStatusTag } from "../../components/catalog-tags";
import { ErrorAlert } from "../../components/error-alert";
import { HighlightedText } from "../../components/highlighted-text";
import { codeLabel, hasVocabulary } from "../../lib/catalog";
import { bilingual, formatDate } from "../../lib/format";
import { canReadShareCatalog } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";

const PAGE_SIZE = 20;
const SORTS: readonly DatasetSort[] = ["relevance", "newest", "most_used"];
/** The facets the sidebar offers, in this order. */
const SIDEBAR: readonly FacetName[] = ["provider", "theme", "catalogKind", "openType", "shareType", "level", "format", "region", "updateFrequency"];

/** A facet value's label: core's vocabulary where there is one, the server's label otherwise. */
function facetLabel(name: FacetName, f: Pick<FacetValue, "value" | "label">, language: string): string {
  if (hasVocabulary(name) || name === "format") return codeLabel(name, f.value, language);
  // Region names exist in Chinese only (GB/T 2260); the server's English label is the bare code.
  if (name === "region" && f.label) return f.label.zh === f.value ? f.value : `${f.label.zh}${language === "en" ? ` (${f.value})` : ""}`;
  return f.label ? bilingual(f.label, language) : f.value;
}

/**
 * /datasets: the catalog search. Anyone searches the open catalog; members of departments and
 * authorities switch to the share catalog or their own entries. Query, filters, sort and page live in the URL.
 */
export default function DatasetListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("catalog.searchTitle"));
  const [params, setParams] = useSearchParams();
  const { data: session } = useSession();
  const user = session?.user ?? null;
  // Members of departments and authorities (002 §10) also read the share catalog and their organisation's entries.
  const scopes: CatalogScopeName[] = canReadShareCatalog(user) ? ["open", "share", "own"] : ["open"];

  const q = params.get("q")?.trim() ?? "";
  const scopeParam = params.get("scope") as CatalogScopeName | null;
  const scope: CatalogScopeName = scopeParam && scopes.includes(scopeParam) ? scopeParam : "open";
  const sortParam = params.get("sort") as DatasetSort | null;
  const sort: DatasetSort = sortParam && SORTS.includes(sortParam) ? sortParam : q ? "relevance" : "newest";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const filters: Partial<Record<FacetName, string>> = {};
  for (const name of FACET_NAMES) {
    const v = params.get(name);
    if (v) filters[name] = v;
  }
  const filtered = Object.keys(filters).length > 0;

  const query: DatasetQuery = { q: q || undefined, page, pageSize: PAGE_SIZE, sort, scope, ...filters };
  const list = useDatasets(query);
  const data = list.data;
  const count = countFormat(data?.totalExact ?? true, t, lang);
  const shownTotal = data ? count(data.total) : "";

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    // Anything but paging starts again at the first page.
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  };
  const toggle = (name: FacetName, value: string) => update({ [name]: filters[name] === value ? undefined : value });
  const clearFilters = () => update(Object.fromEntries(FACET_NAMES.map((n) => [n, undefined])));

  // The label of a chosen filter, also when its value has no count on this page of results.
  const chosenLabel = (name: FacetName, value: string) => {
    const f = data?.facets[name]?.find((x) => x.value === value);
    return facetLabel(name, f ?? { value }, lang);
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <div>
        <Typography.Title level={1}>{t("catalog.searchTitle")}</Typography.Title>
        <Typography.Paragraph className="form-note">{t("catalog.searchIntro")}</Typography.Paragraph>
      </div>

      <Card>
        <form
          role="search"
          aria-label={t("catalog.searchLabel")}
          onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget).get("q");
            update({ q: typeof value === "string" ? value.trim() : undefined, sort: undefined });
          }}
        >
          <Space.Compact className="catalog-search">
            <Input
              key={q}
              name="q"
              defaultValue={q}
              size="large"
              allowClear
              aria-label={t("catalog.searchLabel")}
              placeholder={t("catalog.searchPlaceholder")}
              maxLength={200}
            />
            <Button type="primary" size="large" htmlType="submit">
              {t("catalog.searchButton")}
            </Button>
          </Space.Compact>
        </form>
        {scopes.length > 1 ? (
          <div className="catalog-scope">
            <Segmented<CatalogScopeName>
              aria-label={t("catalog.scopeLabel")}
              value={scope}
              onChange={(v) => update({ scope: v === "open" ? undefined : v })}
              options={scopes.map((s) => ({ value: s, label: t(`catalog.scopes.${s}`) }))}
            />
          </div>
        ) : null}
      </Card>

      <Row gutter={[24, 24]}>
        <Col xs={24} md={7} lg={6}>
          <aside aria-labelledby="facets-heading" className="catalog-facets">
            <h2 id="facets-heading" className="card-title">
              {t("catalog.filters")}
            </h2>
            {list.isPending ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : (
              SIDEBAR.map((name) => (
                <Facet key={name} name={name} values={data?.facets[name] ?? []} count={count} chosen={filters[name]} onToggle={(v) => toggle(name, v)} />
              ))
            )}
          </aside>
        </Col>

        <Col xs={24} md={17} lg={18}>
          <section aria-labelledby="results-heading">
            <div className="catalog-results-head">
              <h2 id="results-heading" className="card-title">
                {data ? (q ? t("catalog.resultsFor", { q, total: shownTotal }) : t("catalog.results", { total: shownTotal })) : t("catalog.resultsHeading")}
              </h2>
              <div className="catalog-sort">
                <span aria-hidden>{t("catalog.sortLabel")}</span>
                <Select<DatasetSort>
                  value={sort}
                  aria-label={t("catalog.sortLabel")}
                  style={{ width: 140 }}
                  onChange={(v) => update({ sort: v })}
                  options={SORTS.filter((s) => s !== "relevance" || q).map((s) => ({ value: s, label: t(`catalog.sorts.${s}`) }))}
                />
              </div>
            </div>
            {filtered ? (
              <Space size={4} wrap className="catalog-chosen" aria-label={t("catalog.chosenFilters")}>
                {FACET_NAMES.filter((n) => filters[n]).map((n) => (
                  <Button key={n} size="small" icon={<CloseOutlined aria-hidden />} iconPlacement="end" onClick={() => update({ [n]: undefined })}>
                    {t("catalog.removeFilter", { facet: t(`catalog.facets.${n}`), value: chosenLabel(n, filters[n] as string) })}
                  </Button>
                ))}
                <Button size="small" type="link" onClick={clearFilters}>
                  {t("catalog.clearFilters")}
                </Button>
              </Space>
            ) : null}

            {list.isPending ? (
              <Card>
                <Skeleton active />
                <span className="sr-only" role="status">
                  {t("app.loading")}
                </span>
              </Card>
            ) : list.isError ? (
              <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
            ) : data && data.items.length === 0 ? (
              <Card>
                <Empty description={q || filtered ? t("catalog.noResults") : t("catalog.emptyCatalog")}>
                  {filtered ? <Button onClick={clearFilters}>{t("catalog.clearFilters")}</Button> : null}
                  {q ? <Button onClick={() => update({ q: undefined })}>{t("catalog.clearQuery")}</Button> : null}
                </Empty>
              </Card>
            ) : (
              <Spin spinning={list.isFetching} description={t("app.loading")}>
                <ol className="dataset-results" aria-busy={list.isFetching}>
                  {data?.items.map((d) => (
                    <li key={d.id}>
                      <DatasetResult dataset={d} showStatus={scope === "own" || d.version === null} />
                    </li>
                  ))}
                </ol>
                {data && data.total > PAGE_SIZE ? (
                  <Pagination
                    className="catalog-pagination"
                    current={page}
                    pageSize={PAGE_SIZE}
                    total={data.total}
                    showSizeChanger={false}
                    showTotal={() => t("catalog.total", { total: shownTotal })}
                    onChange={(p) => {
                      update({ page: p === 1 ? undefined : p });
                      window.scrollTo({ top: 0 });
                    }}
                  />
                ) : null}
              </Spin>
            )}
          </section>
        </Col>
      </Row>
    </Space>
  );
}

/** Counts as numbers, or "约 / about" numbers when the search estimated them (more than 1,000 matches). */
function countFormat(exact: boolean, t: TFunction, lang: string) {
  return (n: number) => (exact ? n.toLocaleString(lang) : t("catalog.about", { n: n.toLocaleString(lang) }));
}

function Facet({
  name,
  values,
  count,
  chosen,
  onToggle,
}: {
  name: FacetName;
  values: FacetValue[];
  count: (n: number) => string;
  chosen?: string;
  onToggle: (value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  if (values.length === 0 && !chosen) return null;
  return (
    <section className="catalog-facet" aria-labelledby={headingId}>
      <h3 id={headingId} className="catalog-facet-title">
        {t(`catalog.facets.${name}`)}
      </h3>
      <ul className="catalog-facet-values">
        {values.map((f) => {
          const on = chosen === f.value;
          const label = facetLabel(name, f, i18n.language);
          return (
            <li key={f.value}>
              <button
                type="button"
                className={on ? "catalog-facet-value catalog-facet-value-on" : "catalog-facet-value"}
                aria-pressed={on}
                aria-label={t("catalog.facetValue", { label, count: count(f.count) })}
                onClick={() => onToggle(f.value)}
              >
                <span className="catalog-facet-label">{label}</span>
                <span className="catalog-facet-count">{count(f.count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function DatasetResult({ dataset: d, showStatus }: { dataset: DatasetSummary; showStatus: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const headingId = useId();
  const meta = [
    d.provider.name,
    d.theme ? codeLabel("theme", d.theme, lang) : "",
    d.formats.map((f) => codeLabel("format", f, lang)).join(" / "),
    d.updateFrequency ? codeLabel("updateFrequency", d.updateFrequency, lang) : "",
  ].filter(Boolean);
  return (
    <article className="dataset-result" aria-labelledby={headingId}>
      <h3 id={headingId} className="dataset-result-title">
        <Link to={`/datasets/${d.id}`}>
          <HighlightedText segments={d.highlight?.title} text={d.title} />
        </Link>
      </h3>
      <Space size={4} wrap>
        {showStatus && d.status !== "published" ? <EntryStatusTag status={d.status} /> : null}
        <DatasetBadges openType={d.openType} shareType={d.shareType} level={d.level} />
        <span className="muted mono">{d.code}</span>
      </Space>
      <p className="dataset-result-summary">
        <HighlightedText segments={d.highlight?.summary} text={d.summary} />
      </p>
      <div className="dataset-result-meta muted">
        {meta.join(" · ")}
        {d.publishedAt ? ` · ${t("catalog.publishedOn", { date: formatDate(d.publishedAt, lang) })}` : ""}
      </div>
      {d.tags.length ? (
        <Space size={4} wrap className="dataset-result-tags">
          {d.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Space>
      ) : null}
    </article>
  );
}
