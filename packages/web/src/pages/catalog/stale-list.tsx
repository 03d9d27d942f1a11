import { Card, Empty, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { useSession, useStaleEntries } from "../../api/queries";
import type { StaleEntry } from "../../api/types";
import { ErrorAlert } from "../../components/error-alert";
import { useTableCaption } from "../../components/table-caption";
import { codeLabel } from "../../lib/catalog";
import { canSeeStaleEntries } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";

const DEFAULT_PAGE_SIZE = 20;

/** 更新提醒 (001 §15): published entries of the user's organisations or supervised regions whose data is overdue or missing. */
export default function StaleListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("data.staleTitle"));
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get("pageSize")) || DEFAULT_PAGE_SIZE));
  const allowed = canSeeStaleEntries(session?.user);
  const list = useStaleEntries(page, pageSize, allowed);
  const caption = useTableCaption(t("data.staleCaption"));
  const none = <span className="muted">{t("app.none")}</span>;

  if (!allowed) return <Navigate to="/console/cases" replace />;

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("data.staleTitle")}</Typography.Title>
      <Typography.Paragraph className="form-note">{t("data.staleIntro")}</Typography.Paragraph>
      <Card>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<StaleEntry>
            components={caption}
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("data.staleEmpty")} /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t("catalog.total", { total }),
              onChange: (p, ps) => {
                const next = new URLSearchParams();
                if (p > 1) next.set("page", String(p));
                if (ps !== DEFAULT_PAGE_SIZE) next.set("pageSize", String(ps));
                setParams(next);
              },
            }}
            columns={[
              { key: "title", title: t("catalog.props.title"), render: (_, d) => <Link to={`/console/catalog/${d.id}`}>{d.title}</Link> },
              { key: "provider", title: t("catalog.provider"), render: (_, d) => d.provider.name },
              { key: "frequency", title: t("catalog.props.updateFrequency"), render: (_, d) => (d.updateFrequency ? codeLabel("updateFrequency", d.updateFrequency, lang) : none) },
              {
                key: "lastLoaded",
                title: t("data.staleCols.lastLoaded"),
                render: (_, d) => (d.freshness.state === "stale" || d.freshness.state === "fresh" ? d.freshness.lastLoadedOn : t("data.neverLoaded")),
              },
              { key: "dueOn", title: t("data.staleCols.dueOn"), render: (_, d) => (d.freshness.state === "stale" ? d.freshness.dueOn : none) },
              {
                key: "overdue",
                title: t("data.staleCols.overdue"),
                render: (_, d) => (d.freshness.state === "stale" ? <span className="quality-bad">{t("data.overdueDays", { days: d.freshness.overdueDays })}</span> : none),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
