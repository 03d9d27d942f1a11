import { SearchOutlined } from "@ant-design/icons";
import { Alert, AutoComplete, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Select, Space, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useAuditEntries } from "../../api/queries";
import { AUDIT_OUTCOMES } from "../../api/types";
import { AuditEntryTable } from "../../components/audit-entry-table";
import { AuditNav } from "../../components/audit-nav";
import { ErrorAlert } from "../../components/error-alert";
import {
  auditFilterRules,
  filterFromParams,
  filterFromValues,
  filterToParams,
  isEmptyFilter,
  KNOWN_AUDIT_ACTIONS,
  valuesFromFilter,
  type AuditFilterValues,
} from "../../lib/audit-filter";
import { applyServerErrors } from "../../lib/form-errors";
import { usePageTitle } from "../../lib/use-page-title";

const FILTER_FIELDS = ["action", "outcome", "subjectType", "subjectId", "actorUserId", "datasetId", "field", "time"];
const CLEARED: AuditFilterValues = Object.fromEntries(FILTER_FIELDS.map((k) => [k, undefined]));

/**
 * Search the audit record: filters in the URL, newest entries first, keyset "load more",
 * each entry expandable to everything it holds. `beforeSeq` in the URL starts below an entry.
 */
export default function AuditEntryListPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("audit.title"));
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<AuditFilterValues>();
  const rules = auditFilterRules(t);

  const query = params.toString();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(query)), [query]);
  const start = Number(params.get("beforeSeq"));
  const startBeforeSeq = Number.isSafeInteger(start) && start > 1 ? start : undefined;
  const filtered = !isEmptyFilter(filter);

  const entries = useAuditEntries(filter, startBeforeSeq);
  const items = useMemo(() => entries.data?.pages.flatMap((p) => p.items), [entries.data]);

  // The form follows the URL (back and forward, links from other pages).
  useEffect(() => {
    form.setFieldsValue({ ...CLEARED, ...valuesFromFilter(filter) });
  }, [form, filter]);

  // The server's field errors (a malformed filter in a hand-edited URL) go on the fields too.
  useEffect(() => {
    if (entries.error) applyServerErrors(form, entries.error, i18n.language, FILTER_FIELDS, { from: "time", to: "time" });
  }, [form, entries.error, i18n.language]);

  const search = (values: AuditFilterValues) => setParams(filterToParams(filterFromValues(values)));
  const clear = () => {
    form.setFieldsValue(CLEARED);
    setParams(new URLSearchParams());
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("audit.title")}</Typography.Title>
      <AuditNav />
      <Typography.Paragraph>{t("audit.intro")}</Typography.Paragraph>

      <Card>
        <Form<AuditFilterValues>
          form={form}
          name="audit-filter"
          layout="vertical"
          colon={false}
          role="search"
          aria-label={t("audit.filters")}
          onFinish={search}
        >
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="action" label={t("audit.filter.action")} rules={rules.action}>
                <AutoComplete
                  allowClear
                  placeholder={t("audit.filter.actionPlaceholder")}
                  options={KNOWN_AUDIT_ACTIONS.map((a) => ({ value: a }))}
                  showSearch={{
                    filterOption: (input, option) => String(option?.value ?? "").includes(input.trim().toLowerCase()),
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="outcome" label={t("audit.filter.outcome")}>
                <Select
                  allowClear
                  placeholder={t("audit.filter.allOutcomes")}
                  options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="actorUserId" label={t("audit.filter.actorUserId")} rules={rules.actorUserId}>
                <Input allowClear placeholder={t("audit.filter.uuidPlaceholder")} spellCheck={false} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="subjectType" label={t("audit.filter.subjectType")} rules={rules.subjectType}>
                <Input allowClear placeholder={t("audit.filter.subjectTypePlaceholder")} spellCheck={false} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="subjectId" label={t("audit.filter.subjectId")} rules={rules.subjectId}>
                <Input allowClear spellCheck={false} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="datasetId" label={t("audit.filter.datasetId")} rules={rules.datasetId}>
                <Input allowClear placeholder={t("audit.filter.uuidPlaceholder")} spellCheck={false} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="field" label={t("audit.filter.field")} rules={rules.field}>
                <Input allowClear placeholder={t("audit.filter.fieldPlaceholder")} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={16}>
              <Form.Item name="time" label={t("audit.filter.time")}>
                <DatePicker.RangePicker
                  showTime
                  allowEmpty={[true, true]}
                  placeholder={[t("audit.filter.timeStart"), t("audit.filter.timeEnd")]}
                  style={{ width: "100%", maxWidth: 440 }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />}>
              {t("audit.filter.search")}
            </Button>
            <Button onClick={clear}>{t("audit.filter.reset")}</Button>
          </Space>
        </Form>
      </Card>

      <Card title={<h2 className="card-title">{t("audit.results")}</h2>}>
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          {startBeforeSeq && (
            <Alert
              type="info"
              showIcon
              title={t("audit.startedBelow", { seq: startBeforeSeq - 1 })}
              action={
                <Button size="small" onClick={() => setParams(filterToParams(filter))}>
                  {t("audit.showNewest")}
                </Button>
              }
            />
          )}
          {entries.isError && <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />}
          {/* A failed "load more" keeps what was loaded; a failed first page shows only the error. */}
          {(!entries.isError || entries.data) && (
            <AuditEntryTable
              entries={items}
              loading={entries.isPending || (entries.isFetching && !entries.isFetchingNextPage)}
              empty={
                filtered ? (
                  <Empty description={t("audit.emptyFiltered")}>
                    <Button onClick={clear}>{t("audit.clearFilters")}</Button>
                  </Empty>
                ) : (
                  <Empty description={t("audit.empty")} />
                )
              }
              more={{
                hasMore: entries.hasNextPage,
                loading: entries.isFetchingNextPage,
                onLoadMore: () => void entries.fetchNextPage(),
              }}
            />
          )}
        </Space>
      </Card>
    </Space>
  );
}
