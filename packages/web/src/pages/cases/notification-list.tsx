import { Badge, Button, Card, Empty, List, Segmented, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useMarkNotificationRead, useNotifications } from "../../api/queries";
import type { CaseNotification } from "../../api/types";
import { ErrorAlert } from "../../components/error-alert";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";

const messageOf = (n: CaseNotification, language: string) => (language === "en" ? n.messageEn : n.message);

/** Notifications newest first, each linking to its case (notices outside a case have no link). */
export default function NotificationListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("notifications.title"));
  const [params, setParams] = useSearchParams();
  const unread = params.get("unread") === "true";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const list = useNotifications(unread, page);
  const markRead = useMarkNotificationRead();

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("notifications.title")}</Typography.Title>
      <Card>
        <Segmented<string>
          aria-label={t("notifications.filter")}
          value={unread ? "unread" : "all"}
          onChange={(v) => setParams(v === "unread" ? { unread: "true" } : {})}
          options={[
            { value: "all", label: t("notifications.all") },
            { value: "unread", label: t("notifications.unreadOnly", { count: list.data?.unread ?? 0 }) },
          ]}
        />
      </Card>
      <Card title={<h2 className="card-title">{t("notifications.list")}</h2>}>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <List
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={unread ? t("notifications.emptyUnread") : t("notifications.empty")} /> }}
            pagination={
              (list.data?.total ?? 0) > 20
                ? {
                    current: page,
                    pageSize: 20,
                    total: list.data?.total ?? 0,
                    onChange: (p) => setParams({ ...(unread ? { unread: "true" } : {}), ...(p > 1 ? { page: String(p) } : {}) }),
                  }
                : false
            }
            renderItem={(n) => (
              <List.Item
                className={n.read ? "notification-read" : "notification-unread"}
                actions={
                  n.read
                    ? [<span key="r" className="muted">{t("notifications.read")}</span>]
                    : [
                        <Button
                          key="m"
                          size="small"
                          loading={markRead.isPending && markRead.variables === n.id}
                          onClick={() => markRead.mutate(n.id)}
                          aria-label={t("notifications.markReadOf", { message: messageOf(n, i18n.language) })}
                        >
                          {t("notifications.markRead")}
                        </Button>,
                      ]
                }
              >
                <List.Item.Meta
                  avatar={n.read ? null : <Badge status="processing" aria-hidden />}
                  title={
                    n.caseId ? (
                      <Link to={`/console/cases/${n.caseId}`} onClick={() => !n.read && markRead.mutate(n.id)}>
                        {messageOf(n, i18n.language)}
                      </Link>
                    ) : (
                      messageOf(n, i18n.language)
                    )
                  }
                  description={
                    <>
                      {n.read ? null : <span className="sr-only">{t("notifications.unread")} </span>}
                      <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
