import { SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Form, InputNumber, Result, Space, Spin, Table, Tag, Typography } from "antd";
import { useEffect, useRef, useState, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useVerifyAudit } from "../../api/queries";
import type { AuditBreak, AuditSeqRange, AuditVerifyReport } from "../../api/types";
import { AuditNav } from "../../components/audit-nav";
import { ErrorAlert } from "../../components/error-alert";
import { applyServerErrors } from "../../lib/form-errors";
import { usePageTitle } from "../../lib/use-page-title";
import { CheckpointListCard } from "./checkpoint-list";
import { ExportCard } from "./export-edit";

interface RangeValues {
  fromSeq?: number | null;
  toSeq?: number | null;
}

/** Seconds since `running` became true, ticking while it stays true. */
function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    setSeconds(0);
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return seconds;
}

/**
 * Verify the audit record (whole or a seq range) with a clear result, the signed
 * checkpoints with the public key, and the export of a range with its proof.
 */
export default function AuditVerificationPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("verify.title"));
  const verify = useVerifyAudit();
  const [form] = Form.useForm<RangeValues>();
  const seconds = useElapsedSeconds(verify.isPending);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const run = (range: AuditSeqRange) =>
    verify.mutate(range, {
      onError: (e) => applyServerErrors(form, e, i18n.language, ["fromSeq", "toSeq"]),
    });

  // A new result takes the focus, so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (verify.data) resultHeading.current?.focus();
  }, [verify.data]);

  const onRange = (v: RangeValues) => run({ fromSeq: v.fromSeq ?? undefined, toSeq: v.toSeq ?? undefined });

  const wholeRunning = verify.isPending && !verify.variables?.fromSeq && !verify.variables?.toSeq;
  const hasResult = verify.isPending || verify.isError || verify.data !== undefined;

  return (
    <Space orientation="vertical" size="large" className="page">
      <Typography.Title level={1}>{t("verify.title")}</Typography.Title>
      <AuditNav />
      <Typography.Paragraph>{t("verify.intro")}</Typography.Paragraph>

      <Card title={<h2 className="card-title">{t("verify.wholeTitle")}</h2>}>
        <Space orientation="vertical" size="large" style={{ width: "100%" }}>
          <Button
            type="primary"
            size="large"
            icon={<SafetyCertificateOutlined aria-hidden />}
            loading={wholeRunning}
            disabled={verify.isPending}
            onClick={() => run({})}
          >
            {t("verify.verifyAll")}
          </Button>

          <div>
            <h3 className="subsection-title" id="verify-range-heading">
              {t("verify.range")}
            </h3>
            <Form<RangeValues>
              form={form}
              name="audit-verify-range"
              layout="inline"
              colon={false}
              onFinish={onRange}
              className="filter-bar"
              aria-labelledby="verify-range-heading"
            >
              <Form.Item
                name="fromSeq"
                label={t("verify.fromSeq")}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_r, v) => {
                      if (!v && !getFieldValue("toSeq")) throw new Error(t("verify.rangeNeeded"));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} precision={0} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item
                name="toSeq"
                label={t("verify.toSeq")}
                dependencies={["fromSeq"]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_r, v) => {
                      const from = getFieldValue("fromSeq");
                      if (v && from && v < from) throw new Error(t("verify.rangeOrder"));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} precision={0} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item>
                <Button htmlType="submit" loading={verify.isPending && !wholeRunning} disabled={verify.isPending}>
                  {t("verify.verifyRange")}
                </Button>
              </Form.Item>
            </Form>
            {/* Always present, so screen readers announce the run starting. */}
            <div role="status" aria-live="polite" className="sr-only">
              {verify.isPending ? t("verify.running") : ""}
            </div>
          </div>
        </Space>
      </Card>

      {hasResult && (
        <section aria-labelledby="verify-result-heading" aria-busy={verify.isPending}>
          <h2 id="verify-result-heading" className="sr-only">
            {t("verify.resultTitle")}
          </h2>
          {verify.isPending ? (
            <Card>
              <div className="verify-running">
                <Spin size="large" />
                <div>
                  <Typography.Text strong>{t("verify.running")}</Typography.Text>
                  <div className="muted">{t("verify.runningHint", { seconds })}</div>
                </div>
              </div>
            </Card>
          ) : verify.isError ? (
            <ErrorAlert error={verify.error} />
          ) : verify.data ? (
            <VerifyResult report={verify.data} headingRef={resultHeading} />
          ) : null}
        </section>
      )}

      <CheckpointListCard />
      <ExportCard />
    </Space>
  );
}

function VerifyResult({ report, headingRef }: { report: AuditVerifyReport; headingRef: Ref<HTMLHeadingElement> }) {
  const { t } = useTranslation();
  const first = report.breaks[0];
  const facts = (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: "checked", label: t("verify.checked"), children: report.checked.toLocaleString() },
        {
          key: "range",
          label: t("verify.rangeChecked"),
          children:
            report.toSeq >= report.fromSeq
              ? t("verify.rangeValue", { from: report.fromSeq, to: report.toSeq })
              : t("verify.rangeEmpty"),
        },
        { key: "algorithm", label: t("verify.algorithm"), children: t(`verify.algorithms.${report.algorithm}`, { defaultValue: report.algorithm }) },
        { key: "checkpoints", label: t("verify.checkpointsChecked"), children: report.checkpoints.checked },
      ]}
    />
  );

  if (report.ok) {
    return (
      <Card className="verify-result verify-ok">
        <Result
          status="success"
          title={
            <h3 className="result-title" ref={headingRef} tabIndex={-1}>
              {t("verify.intact")}
            </h3>
          }
          subTitle={t("verify.intactSub")}
        >
          {facts}
        </Result>
      </Card>
    );
  }

  const failed = report.checkpoints.failed;
  return (
    <Card className="verify-result verify-broken">
      <Result
        status="error"
        title={
          <h3 className="result-title" ref={headingRef} tabIndex={-1}>
            {t("verify.broken")}
          </h3>
        }
        subTitle={
          <>
            {first && <div>{t("verify.brokenSub", { count: report.breaks.length, seq: first.seq })}</div>}
            {failed.length > 0 && <div>{t("verify.brokenCheckpointsSub", { count: failed.length })}</div>}
          </>
        }
      >
        {facts}
      </Result>
      <Space orientation="vertical" size="large" style={{ width: "100%" }}>
        {report.breaks.length > 0 && <BreakTable breaks={report.breaks} />}
        {failed.length > 0 && (
          <section aria-labelledby="verify-checkpoints-heading">
            <h4 className="subsection-title" id="verify-checkpoints-heading">
              {t("verify.failedCheckpoints")}
            </h4>
            <ul className="failed-checkpoints">
              {failed.map((c) => (
                <li key={c.seq}>
                  <Alert type="error" showIcon title={checkpointReason(t, c)} />
                </li>
              ))}
            </ul>
          </section>
        )}
      </Space>
    </Card>
  );
}

const KIND_COLORS: Record<AuditBreak["kind"], string> = { content: "red", link: "volcano", gap: "magenta" };

function BreakTable({ breaks }: { breaks: AuditBreak[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="verify-breaks-heading">
      <h4 className="subsection-title" id="verify-breaks-heading">
        {t("verify.breaks")}
      </h4>
      <Table<AuditBreak>
        rowKey={(b) => `${b.seq}-${b.kind}`}
        size="small"
        pagination={false}
        dataSource={breaks}
        scroll={{ x: "max-content" }}
        columns={[
          { key: "seq", title: t("verify.col.seq"), dataIndex: "seq", align: "right" },
          {
            key: "kind",
            title: t("verify.col.kind"),
            render: (_, b) => <Tag color={KIND_COLORS[b.kind]}>{t(`verify.kinds.${b.kind}`)}</Tag>,
          },
          { key: "explanation", title: t("verify.col.explanation"), render: (_, b) => explainBreak(t, b) },
          {
            key: "view",
            title: t("verify.col.view"),
            render: (_, b) =>
              b.kind === "gap" ? null : (
                <Link to={`/console/audit?beforeSeq=${b.seq + 1}`} aria-label={t("verify.viewEntryLabel", { seq: b.seq })}>
                  {t("verify.viewEntry")}
                </Link>
              ),
          },
        ]}
      />
    </section>
  );
}

type T = ReturnType<typeof useTranslation>["t"];

function explainBreak(t: T, b: AuditBreak): string {
  if (b.kind === "gap") {
    return b.missingFrom === b.missingTo
      ? t("verify.explain.gapOne", { seq: b.missingFrom })
      : t("verify.explain.gap", { from: b.missingFrom, to: b.missingTo });
  }
  return t(`verify.explain.${b.kind}`, { seq: b.seq });
}

/** The server's reasons (English, fixed texts) in the UI language. */
function checkpointReason(t: T, c: { seq: number; reason: string }): string {
  if (/signature/.test(c.reason)) return t("verify.checkpointReasons.signature", { seq: c.seq });
  if (/missing/.test(c.reason)) return t("verify.checkpointReasons.missing", { seq: c.seq });
  if (/rewritten/.test(c.reason)) return t("verify.checkpointReasons.rewritten", { seq: c.seq });
  return t("verify.checkpointReasons.other", { seq: c.seq, reason: c.reason });
}
