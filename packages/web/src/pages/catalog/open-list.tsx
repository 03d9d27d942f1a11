import { Card, Empty, Form, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useOpenList } from "../../api/queries";
import type { OpenList } from "../../api/types";
import { OpenTypeTag } from "../../components/catalog-tags";
import { ErrorAlert } from "../../components/error-alert";
import { OrganisationPicker } from "../../components/organisation-picker";
import { useTableCaption } from "../../components/table-caption";
import { codeLabel } from "../../lib/catalog";
import { usePageTitle } from "../../lib/use-page-title";

type OpenListItem = OpenList["items"][number];

/** /open-list?organisation=…: a department's open list (开放清单, 001 §11), public: entries, fields, formats, frequency, open type. */
export default function OpenListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const organisationId = params.get("organisation") ?? "";
  const list = useOpenList(organisationId);
  const name = list.data?.organisation.name;
  usePageTitle(name ? t("openList.titleOf", { name }) : t("openList.title"));
  const caption = useTableCaption(name ? t("openList.titleOf", { name }) : t("openList.title"));

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{name ? t("openList.titleOf", { name }) : t("openList.title")}</Typography.Title>
      <Typography.Paragraph className="form-note">{t("openList.intro")}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t("openList.organisation")} htmlFor="open-list-organisation">
          <OrganisationPicker
            id="open-list-organisation"
            value={organisationId || undefined}
            known={list.data?.organisation}
            onChange={(id) => setParams(id ? { organisation: id } : {})}
          />
        </Form.Item>
      </Form>
      {!organisationId ? (
        <Empty description={t("openList.pick")} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card>
          <Table<OpenListItem>
            components={caption}
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("openList.empty")} /> }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t("catalog.total", { total }) }}
            expandable={{
              expandedRowRender: (d) => (
                <Table
                  size="small"
                  rowKey="name"
                  pagination={false}
                  dataSource={d.fields}
                  columns={[
                    { key: "title", title: t("openList.fieldTitle"), dataIndex: "title" },
                    { key: "name", title: t("openList.fieldName"), render: (_, f) => <code>{f.name}</code> },
                    { key: "type", title: t("openList.fieldType"), render: (_, f) => codeLabel("type", f.type, lang) },
                  ]}
                />
              ),
              rowExpandable: (d) => d.fields.length > 0,
            }}
            columns={[
              { key: "code", title: t("catalog.props.code"), render: (_, d) => <code>{d.code}</code> },
              { key: "title", title: t("catalog.props.title"), render: (_, d) => <Link to={`/datasets/${d.id}`}>{d.title}</Link> },
              {
                key: "openType",
                title: t("catalog.props.openType"),
                render: (_, d) => (
                  <Space orientation="vertical" size={0}>
                    <OpenTypeTag value={d.openType} />
                    {d.openConditions ? <span className="muted">{d.openConditions}</span> : null}
                  </Space>
                ),
              },
              { key: "formats", title: t("catalog.props.formats"), render: (_, d) => d.formats.map((f) => codeLabel("format", f, lang)).join("、") },
              { key: "frequency", title: t("catalog.props.updateFrequency"), render: (_, d) => codeLabel("updateFrequency", d.updateFrequency, lang) },
              { key: "fields", title: t("openList.fieldCount"), render: (_, d) => d.fields.length },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
