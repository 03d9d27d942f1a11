import { AuditOutlined, FileSearchOutlined, PlusOutlined, TeamOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Form, Select, Space, Table, Tabs, Typography } from "antd";
import { CASE_KINDS } from "@shuyuan/core/cases/registry";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { useCases, useSession } from "../../api/queries";
import type { CaseRole, CaseSummary } from "../../api/types";
import { CaseKindTag, CaseStateTag, DaysLeft } from "../../components/case-tags";
import { ErrorAlert } from "../../components/error-alert";
import { openingMemberships } from "../../lib/case-forms";
import { bilingual } from "../../lib/format";
import { canSuperviseCases } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";

const DEFAULT_PAGE_SIZE = 20;
const ROLES: readonly CaseRole[] = ["applicant", "handler", "authority", "third_party"];

/** 我的办件: the caller's cases by role, with state and kind filters; the filters live in the URL. */
export default function CaseListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("cases.title"));
  const navigate = useNavigate();
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();

  const roleParam = params.get("role") as CaseRole | null;
  const role = roleParam && ROLES.includes(roleParam) ? roleParam : undefined;
  const kindParam = params.get("kind");
  const kind = kindParam && Object.hasOwn(CASE_KINDS, kindParam) ? kindParam : undefined;
  const state = params.get("state") || undefined;
  const dueParam = params.get("due");
  const due = dueParam === "due_soon" || dueParam === "overdue" ? dueParam : undefined;
  const sort = params.get("sort") === "due" ? "due" : undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get("pageSize")) || DEFAULT_PAGE_SIZE));
  const filtered = Boolean(kind || state || due);

  const list = useCases({ role, kind, state, due, sort, page, pageSize });

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  // States of the chosen kind, or of every kind (one entry per state name).
  const stateOptions = new Map<string, string>();
  for (const k of kind ? [CASE_KINDS[kind]] : Object.values(CASE_KINDS)) {
    for (const s of k.states) if (!stateOptions.has(s.name)) stateOptions.set(s.name, bilingual(s.label, lang));
  }
  const roles = ROLES.filter((r) => r !== "authority" || canSuperviseCases(session?.user));

  const newButtons = (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate("/console/cases/new?kind=data_demand")}>
        {t("cases.newDemand")}
      </Button>
      <Button icon={<FileSearchOutlined aria-hidden />} onClick={() => navigate("/console/cases/new?kind=correction")}>
        {t("cases.newCorrection")}
      </Button>
      {openingMemberships(session?.user, "dispute").length ? (
        <Button icon={<TeamOutlined aria-hidden />} onClick={() => navigate("/console/cases/new?kind=dispute")}>
          {t("cases.newDispute")}
        </Button>
      ) : null}
      {openingMemberships(session?.user, "rectification").length ? (
        <Button icon={<AuditOutlined aria-hidden />} onClick={() => navigate("/console/cases/new?kind=rectification")}>
          {t("cases.newRectification")}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <Space orientation="vertical" size="large" className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t("cases.title")}</Typography.Title>
        {newButtons}
      </div>

      <Card>
        <Tabs
          activeKey={role ?? "all"}
          onChange={(k) => update({ role: k === "all" ? undefined : k, page: undefined })}
          items={[
            { key: "all", label: t("cases.roles.all") },
            ...roles.map((r) => ({ key: r, label: t(`cases.roles.${r}`) })),
          ]}
        />
        <Form layout="inline" colon={false} className="filter-bar" role="search" aria-label={t("cases.filters")}>
          <Form.Item label={t("cases.kind")} htmlFor="case-kind">
            <Select<string>
              id="case-kind"
              value={kind}
              allowClear
              placeholder={t("cases.allKinds")}
              style={{ width: 220 }}
              onChange={(v) => update({ kind: v, state: undefined, page: undefined })}
              options={Object.values(CASE_KINDS).map((k) => ({ value: k.name, label: bilingual(k.label, lang) }))}
            />
          </Form.Item>
          <Form.Item label={t("cases.state")} htmlFor="case-state">
            <Select<string>
              id="case-state"
              value={state}
              allowClear
              placeholder={t("cases.allStates")}
              style={{ width: 220 }}
              onChange={(v) => update({ state: v, page: undefined })}
              options={[...stateOptions].map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label={t("cases.clockState")} htmlFor="case-due">
            <Select<string>
              id="case-due"
              value={due}
              allowClear
              placeholder={t("cases.anyClock")}
              style={{ width: 160 }}
              onChange={(v) => update({ due: v, page: undefined })}
              options={(["overdue", "due_soon"] as const).map((value) => ({ value, label: t(`cases.clockStates.${value}`) }))}
            />
          </Form.Item>
          <Form.Item label={t("cases.sortBy")} htmlFor="case-sort">
            <Select<string>
              id="case-sort"
              value={sort ?? "newest"}
              style={{ width: 160 }}
              onChange={(v) => update({ sort: v === "due" ? v : undefined, page: undefined })}
              options={[
                { value: "newest", label: t("cases.sortNewest") },
                { value: "due", label: t("cases.sortDue") },
              ]}
            />
          </Form.Item>
        </Form>
      </Card>

      <Card title={<h2 className="card-title">{t("cases.list")}</h2>}>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<CaseSummary>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: "max-content" }}
            locale={{
              emptyText: filtered ? (
                <Empty description={t("cases.emptyFiltered")}>
                  <Button onClick={() => update({ kind: undefined, state: undefined, due: undefined, page: undefined })}>{t("cases.clearFilters")}</Button>
                </Empty>
              ) : (
                <Empty description={t("cases.empty")}>{newButtons}</Empty>
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t("cases.total", { total }),
              onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === DEFAULT_PAGE_SIZE ? undefined : ps }),
            }}
            columns={[
              { key: "kind", title: t("cases.kind"), render: (_, c) => <CaseKindTag kind={c.kind} label={c.kindLabel} /> },
              { key: "title", title: t("cases.caseTitle"), render: (_, c) => <Link to={`/console/cases/${c.id}`}>{c.title}</Link> },
              { key: "state", title: t("cases.state"), render: (_, c) => <CaseStateTag label={c.stateLabel} terminal={c.terminal} /> },
              {
                key: "handler",
                title: t("cases.parties.handler"),
                render: (_, c) => c.handlerOrganisation?.name ?? <span className="muted">{t("app.none")}</span>,
              },
              { key: "due", title: t("cases.dueOn"), render: (_, c) => c.due?.dueOn ?? <span className="muted">{t("app.none")}</span> },
              { key: "left", title: t("cases.daysLeftColumn"), render: (_, c) => <DaysLeft due={c.due} /> },
              { key: "opened", title: t("cases.openedOn"), dataIndex: "openedOn" },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
