import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Form, Input, Select, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { ORGANISATION_KINDS, type Organisation, type OrganisationKind } from "../../api/types";
import { useOrganisations } from "../../api/queries";
import { ErrorAlert } from "../../components/error-alert";
import { KindTag } from "../../components/tags";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";

const DEFAULT_PAGE_SIZE = 20;

/** Organisations with search, kind filter and pagination; the filters live in the URL. */
export default function OrganisationListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("organisations.title"));
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();

  const q = params.get("q") ?? "";
  const kindParam = params.get("kind");
  const kind = ORGANISATION_KINDS.includes(kindParam as OrganisationKind) ? (kindParam as OrganisationKind) : undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get("pageSize")) || DEFAULT_PAGE_SIZE));
  const filtered = Boolean(q || kind);

  const list = useOrganisations({ q: q || undefined, kind, page, pageSize });

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t("organisations.title")}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate("/console/organisations/new")}>
          {t("organisations.create")}
        </Button>
      </div>

      <Card>
        <Form layout="inline" colon={false} className="filter-bar" role="search" aria-label={t("organisations.filters")}>
          <Form.Item label={t("organisations.searchLabel")} htmlFor="org-search">
            <Input.Search
              id="org-search"
              key={q}
              defaultValue={q}
              placeholder={t("organisations.searchPlaceholder")}
              allowClear
              enterButton
              onSearch={(value) => update({ q: value.trim(), page: undefined })}
              style={{ width: 320 }}
            />
          </Form.Item>
          <Form.Item label={t("organisations.kindFilter")} htmlFor="org-kind">
            <Select<OrganisationKind>
              id="org-kind"
              value={kind}
              allowClear
              placeholder={t("organisations.allKinds")}
              style={{ width: 180 }}
              onChange={(v) => update({ kind: v, page: undefined })}
              options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`organisations.kinds.${k}`) }))}
            />
          </Form.Item>
        </Form>
      </Card>

      <Card title={<h2 className="card-title">{t("organisations.list")}</h2>}>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Organisation>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: "max-content" }}
            locale={{
              emptyText: filtered ? (
                <Empty description={t("organisations.emptyFiltered")}>
                  <Button onClick={() => setParams(new URLSearchParams())}>{t("organisations.clearFilters")}</Button>
                </Empty>
              ) : (
                <Empty description={t("organisations.empty")}>
                  <Button type="primary" onClick={() => navigate("/console/organisations/new")}>
                    {t("organisations.create")}
                  </Button>
                </Empty>
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t("organisations.total", { total }),
              onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === DEFAULT_PAGE_SIZE ? undefined : ps }),
            }}
            columns={[
              {
                key: "name",
                title: t("organisations.name"),
                render: (_, o) => <Link to={`/console/organisations/${o.id}`}>{o.name}</Link>,
              },
              { key: "kind", title: t("organisations.kind"), render: (_, o) => <KindTag kind={o.kind} /> },
              { key: "region", title: t("organisations.region"), dataIndex: "regionName" },
              {
                key: "credit",
                title: t("organisations.creditCode"),
                render: (_, o) => o.creditCode ?? <span className="muted">{t("app.none")}</span>,
              },
              { key: "users", title: t("organisations.userCount"), dataIndex: "userCount", align: "right" },
              { key: "created", title: t("organisations.createdAt"), render: (_, o) => formatDate(o.createdAt, i18n.language) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
