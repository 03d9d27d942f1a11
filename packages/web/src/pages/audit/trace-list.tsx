import { NodeIndexOutlined } from "@ant-design/icons";
import { Button, Card, Col, DatePicker, Empty, Form, Input, Radio, Row, Space, Table, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useAuditTrace } from "../../api/queries";
import type { AuditFilter, AuditTraceRow } from "../../api/types";
import { AuditActionLabel } from "../../components/audit-labels";
import { AuditNav } from "../../components/audit-nav";
import { ErrorAlert } from "../../components/error-alert";
import { ShortId } from "../../components/short-id";
import {
  auditFilterRules,
  filterFromParams,
  filterFromValues,
  filterToParams,
  valuesFromFilter,
  type AuditFilterValues,
} from "../../lib/audit-filter";
import { applyServerErrors } from "../../lib/form-errors";
import { formatDateTimeSeconds } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";

type Target = "dataset" | "subject";
type TraceValues = AuditFilterValues & { target: Target };

const TRACE_FIELDS = ["datasetId", "subjectType", "subjectId", "field", "time"];

/** Only what a trace takes from the URL: its target, a field and a time range. */
function traceFilter(params: URLSearchParams): AuditFilter {
  const { datasetId, subjectType, subjectId, field, from, to } = filterFromParams(params);
  const target = datasetId ? { datasetId } : subjectType && subjectId ? { subjectType, subjectId } : {};
  return { ...target, field, from, to };
}

function targetOf(filter: AuditFilter): Target {
  return filter.subjectType && !filter.datasetId ? "subject" : "dataset";
}

/** Who used a dataset or subject, when, for which purpose under which grant, and how many rows (004 §28). */
export default function AuditTraceListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("trace.title"));
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<TraceValues>();
  const rules = auditFilterRules(t);

  const query = params.toString();
  const filter = useMemo(() => traceFilter(new URLSearchParams(query)), [query]);
  const ready = Boolean(filter.datasetId || (filter.subjectType && filter.subjectId));
  const [target, setTarget] = useState<Target>(targetOf(filter));
  const trace = useAuditTrace(filter, ready);

  useEffect(() => {
    const t0 = targetOf(filter);
    setTarget(t0);
    form.setFieldsValue({
      target: t0,
      datasetId: undefined,
      subjectType: undefined,
      subjectId: undefined,
      field: undefined,
      time: undefined,
      ...valuesFromFilter(filter),
    });
  }, [form, filter]);

  useEffect(() => {
    if (trace.error) applyServerErrors(form, trace.error, lang, TRACE_FIELDS, { from: "time", to: "time" });
  }, [form, trace.error, lang]);

  const onFinish = ({ target: chosen, ...values }: TraceValues) => {
    const f = filterFromValues(values);
    const only = chosen === "dataset" ? { datasetId: f.datasetId } : { subjectType: f.subjectType, subjectId: f.subjectId };
    setParams(filterToParams({ ...only, field: f.field, from: f.from, to: f.to }));
  };

  /** The entries behind one row, in the audit search. */
  const entriesLink = (row: AuditTraceRow) => {
    const base: AuditFilter = { ...filter, action: row.action };
    if (row.actorUserId) base.actorUserId = row.actorUserId;
    return `/console/audit?${filterToParams(base).toString()}`;
  };

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("trace.title")}</Typography.Title>
      <AuditNav />
      <Typography.Paragraph>{t("trace.intro")}</Typography.Paragraph>

      <Card title={<h2 className="card-title">{t("trace.form")}</h2>}>
        <Form<TraceValues>
          form={form}
          name="audit-trace"
          layout="vertical"
          colon={false}
          role="search"
          aria-label={t("trace.form")}
          initialValues={{ target }}
          onFinish={onFinish}
        >
          <Form.Item name="target" label={t("trace.target")}>
            <Radio.Group
              optionType="button"
              onChange={(e) => setTarget(e.target.value as Target)}
              options={[
                { value: "dataset", label: t("trace.targets.dataset") },
                { value: "subject", label: t("trace.targets.subject") },
              ]}
            />
          </Form.Item>
          <Row gutter={16}>
            {target === "dataset" ? (
              <Col xs={24} sm={12} lg={8}>
                <Form.Item
                  name="datasetId"
                  label={t("audit.filter.datasetId")}
                  rules={[{ required: true, whitespace: true, message: t("trace.needDataset") }, ...rules.datasetId]}
                >
                  <Input allowClear placeholder={t("audit.filter.uuidPlaceholder")} spellCheck={false} />
                </Form.Item>
              </Col>
            ) : (
              <>
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item
                    name="subjectType"
                    label={t("audit.filter.subjectType")}
                    rules={[{ required: true, whitespace: true, message: t("trace.needSubject") }, ...rules.subjectType]}
                  >
                    <Input allowClear placeholder={t("audit.filter.subjectTypePlaceholder")} spellCheck={false} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item
                    name="subjectId"
                    label={t("audit.filter.subjectId")}
                    rules={[{ required: true, whitespace: true, message: t("trace.needSubject") }, ...rules.subjectId]}
                  >
                    <Input allowClear spellCheck={false} />
                  </Form.Item>
                </Col>
              </>
            )}
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
          <Button type="primary" htmlType="submit" icon={<NodeIndexOutlined aria-hidden />}>
            {t("trace.search")}
          </Button>
        </Form>
      </Card>

      <Card title={<h2 className="card-title">{t("trace.results")}</h2>}>
        {!ready ? (
          <Empty description={t("trace.prompt")} />
        ) : trace.isError ? (
          <ErrorAlert error={trace.error} onRetry={() => void trace.refetch()} />
        ) : (
          <Table<AuditTraceRow>
            rowKey={(r) => [r.actorUserId, r.actorOrganisationId, r.action, r.purpose, r.grantId].join("|")}
            size="small"
            loading={trace.isFetching}
            dataSource={trace.data?.items}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("trace.empty")} /> }}
            footer={trace.data?.items.length ? () => t("trace.total", { count: trace.data.items.length }) : undefined}
            columns={[
              {
                key: "user",
                title: t("trace.col.user"),
                render: (_, r) => (r.actorUserId ? <ShortId id={r.actorUserId} /> : <span className="muted">{t("audit.anonymous")}</span>),
              },
              { key: "org", title: t("trace.col.organisation"), render: (_, r) => <ShortId id={r.actorOrganisationId} /> },
              { key: "action", title: t("trace.col.action"), render: (_, r) => <AuditActionLabel action={r.action} /> },
              { key: "purpose", title: t("trace.col.purpose"), dataIndex: "purpose" },
              { key: "grant", title: t("trace.col.grant"), render: (_, r) => <ShortId id={r.grantId} /> },
              { key: "uses", title: t("trace.col.uses"), dataIndex: "uses", align: "right" },
              { key: "rows", title: t("trace.col.rows"), dataIndex: "rows", align: "right" },
              {
                key: "first",
                title: t("trace.col.firstAt"),
                render: (_, r) => <time dateTime={r.firstAt}>{formatDateTimeSeconds(r.firstAt, lang)}</time>,
              },
              {
                key: "last",
                title: t("trace.col.lastAt"),
                render: (_, r) => <time dateTime={r.lastAt}>{formatDateTimeSeconds(r.lastAt, lang)}</time>,
              },
              {
                key: "entries",
                title: t("trace.col.entries"),
                render: (_, r) => (
                  <Link to={entriesLink(r)} aria-label={t("trace.viewEntriesLabel", { action: r.action })}>
                    {t("trace.viewEntries")}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
