import { Card, Empty, Segmented, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router-dom";
import { useSession, useSupervisionBoard } from "../../api/queries";
import type { BoardCase } from "../../api/types";
import { CaseKindTag, CaseStateTag, ClockStateTag } from "../../components/case-tags";
import { ErrorAlert } from "../../components/error-alert";
import { bilingual } from "../../lib/format";
import { canSuperviseCases } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";

type Status = "overdue" | "due_soon";

/** 督办看板 (004 §42): due-soon and overdue cases across the authority's departments. */
export default function SupervisionListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("supervision.title"));
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get("status");
  const status: Status | undefined = statusParam === "overdue" || statusParam === "due_soon" ? statusParam : undefined;
  const allowed = canSuperviseCases(session?.user);
  const page = Math.max(1, Number(params.get("page")) || 1);
  const board = useSupervisionBoard(status, page);

  if (!allowed) return <Navigate to="/console/cases" replace />;

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("supervision.title")}</Typography.Title>
      <Typography.Paragraph className="form-note">{t("supervision.intro")}</Typography.Paragraph>
      <Card>
        <Segmented<string>
          aria-label={t("supervision.statusFilter")}
          value={status ?? "all"}
          onChange={(v) => setParams(v === "all" ? {} : { status: v })}
          options={[
            { value: "all", label: t("supervision.all") },
            { value: "overdue", label: t("cases.clockStates.overdue") },
            { value: "due_soon", label: t("cases.clockStates.due_soon") },
          ]}
        />
      </Card>
      <Card
        title={<h2 className="card-title">{t("supervision.list")}</h2>}
        extra={board.data ? <span className="muted">{t("supervision.asOf", { date: board.data.asOf })}</span> : null}
      >
        {board.isError ? (
          <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />
        ) : (
          <Table<BoardCase>
            rowKey="id"
            loading={board.isFetching}
            dataSource={board.data?.items}
            pagination={{
              current: page,
              pageSize: 20,
              total: board.data?.total ?? 0,
              showTotal: (total) => t("cases.total", { total }),
              onChange: (p) => setParams({ ...(status ? { status } : {}), ...(p > 1 ? { page: String(p) } : {}) }),
            }}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("supervision.empty")} /> }}
            columns={[
              { key: "kind", title: t("cases.kind"), render: (_, c) => <CaseKindTag kind={c.kind} label={c.kindLabel} /> },
              { key: "title", title: t("cases.caseTitle"), render: (_, c) => <Link to={`/console/cases/${c.id}`}>{c.title}</Link> },
              { key: "state", title: t("cases.state"), render: (_, c) => <CaseStateTag label={c.stateLabel} terminal={c.terminal} /> },
              {
                key: "handler",
                title: t("cases.parties.handler"),
                render: (_, c) => c.handlerOrganisation?.name ?? <span className="muted">{t("app.none")}</span>,
              },
              { key: "clock", title: t("cases.clockName"), render: (_, c) => c.clocks.map((k) => bilingual(k.label, lang)).join("、") },
              { key: "due", title: t("cases.dueOn"), render: (_, c) => c.clocks[0]?.dueOn ?? "" },
              {
                key: "status",
                title: t("cases.clockState"),
                render: (_, c) => (
                  <Space size={4} wrap>
                    {c.clocks[0] ? <ClockStateTag state={c.clocks[0].state} /> : null}
                    {c.escalated ? <Tag color="red">{t("supervision.escalated")}</Tag> : null}
                  </Space>
                ),
              },
              {
                key: "overdue",
                title: t("supervision.daysOverdue"),
                align: "right",
                render: (_, c) => {
                  const k = c.clocks[0];
                  if (!k) return null;
                  return k.state === "overdue"
                    ? t("cases.workdaysCount", { count: k.overdueWd })
                    : t("cases.daysLeft", { count: k.remainingWd ?? 0 });
                },
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
