import { Card, Empty, Space, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMyAudit } from "../../api/queries";
import { AuditEntryTable } from "../../components/audit-entry-table";
import { ErrorAlert } from "../../components/error-alert";
import { usePageTitle } from "../../lib/use-page-title";

/** The logged-in user's own history in the audit record (GET /me/audit), newest first. */
export default function ActivityListPage() {
  const { t } = useTranslation();
  usePageTitle(t("activity.title"));
  const mine = useMyAudit();
  const items = useMemo(() => mine.data?.pages.flatMap((p) => p.items), [mine.data]);

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("activity.title")}</Typography.Title>
      <Typography.Paragraph>{t("activity.intro")}</Typography.Paragraph>
      <Card title={<h2 className="card-title">{t("activity.list")}</h2>}>
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          {mine.isError && <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
          {/* A failed "load more" keeps what was loaded; a failed first page shows only the error. */}
          {(!mine.isError || mine.data) && (
            <AuditEntryTable
              entries={items}
              loading={mine.isPending || (mine.isFetching && !mine.isFetchingNextPage)}
              empty={<Empty description={t("activity.empty")} />}
              columns={["seq", "at", "action", "outcome", "subject", "rows", "purpose", "ip"]}
              more={{ hasMore: mine.hasNextPage, loading: mine.isFetchingNextPage, onLoadMore: () => void mine.fetchNextPage() }}
            />
          )}
        </Space>
      </Card>
    </Space>
  );
}
