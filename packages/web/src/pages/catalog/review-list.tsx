import { Card, Empty, Space, Table, Typography } from "antd";
import { caseKind } from "@shuyuan/core/cases/registry";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { useCatalogReviews, useSession } from "../../api/queries";
import type { ReviewQueueItem } from "../../api/types";
import { DaysLeft } from "../../components/case-tags";
import { DatasetBadges } from "../../components/catalog-tags";
import { ErrorAlert } from "../../components/error-alert";
import { bilingual } from "../../lib/format";
import { canReviewCatalog } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";

const DEFAULT_PAGE_SIZE = 20;

/** 目录审核 (004 §12): the entries waiting for the reviewing authority, with their clocks. */
export default function ReviewListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("catalog.reviewTitle"));
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get("pageSize")) || DEFAULT_PAGE_SIZE));
  const allowed = canReviewCatalog(session?.user);
  const list = useCatalogReviews(page, pageSize);
  const review = caseKind("catalog_review");

  if (!allowed) return <Navigate to="/console/cases" replace />;

  const stateLabel = (state: string) => {
    const s = review?.states.find((x) => x.name === state);
    return s ? bilingual(s.label, lang) : state;
  };
  // The clock due first among the running ones (the department's fix period after a send-back).
  const due = (item: ReviewQueueItem) =>
    item.clocks.filter((c) => c.state !== "stopped" && c.dueOn).sort((a, b) => String(a.dueOn).localeCompare(String(b.dueOn)))[0] ?? null;

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("catalog.reviewTitle")}</Typography.Title>
      <Typography.Paragraph className="form-note">{t("catalog.reviewIntro")}</Typography.Paragraph>
      <Card title={<h2 className="card-title">{t("catalog.reviewQueue")}</h2>}>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ReviewQueueItem>
            rowKey="caseId"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("catalog.reviewEmpty")} /> }}
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
              {
                key: "title",
                title: t("catalog.props.title"),
                render: (_, r) => <Link to={`/console/catalog/reviews/${r.dataset.id}`}>{r.dataset.title}</Link>,
              },
              { key: "provider", title: t("catalog.provider"), render: (_, r) => r.dataset.provider.name },
              {
                key: "kind",
                title: t("catalog.submissionKind"),
                render: (_, r) => (r.dataset.version === null ? t("catalog.firstSubmission") : t("catalog.revisionOf", { version: r.dataset.version })),
              },
              { key: "state", title: t("cases.state"), render: (_, r) => stateLabel(r.state) },
              { key: "types", title: t("catalog.types"), render: (_, r) => <DatasetBadges openType={r.dataset.openType} shareType={r.dataset.shareType} level={r.dataset.level} /> },
              { key: "opened", title: t("catalog.submittedOn"), dataIndex: "openedOn" },
              { key: "due", title: t("cases.dueOn"), render: (_, r) => due(r)?.dueOn ?? <span className="muted">{t("app.none")}</span> },
              { key: "left", title: t("cases.daysLeftColumn"), render: (_, r) => <DaysLeft due={due(r)} /> },
              { key: "case", title: t("catalog.reviewCase"), render: (_, r) => <Link to={`/console/cases/${r.caseId}`}>{t("catalog.openCase")}</Link> },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
