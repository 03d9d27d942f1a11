import { Button, Card, Empty, Skeleton, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { rejectsFileUrl } from "../api/client";
import { useTableVersions } from "../api/queries";
import type { DatasetField, TableVersion, TableVersionStatus } from "../api/types";
import { formatBytes, formatDateTime } from "../lib/format";
import { ErrorAlert } from "./error-alert";
import { QualityReportView } from "./quality-report";
import { useTableCaption } from "./table-caption";

const STATUS_COLORS: Record<TableVersionStatus, string> = {
  loading: "processing",
  ready: "success",
  failed: "error",
  superseded: "default",
};

/** A failed version's error is stored as the API error body's JSON text; its message in the UI language. */
function failureText(error: string, language: string): string {
  try {
    const e = JSON.parse(error) as { message?: string; messageEn?: string };
    return (language === "en" ? e.messageEn : e.message) ?? error;
  } catch {
    return error;
  }
}

/** 数据版本: every load of the entry's table, newest first, which one serves, and each one's quality report. */
export function TableVersions({ datasetId, fields }: { datasetId: string; fields: DatasetField[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const versions = useTableVersions(datasetId);
  // One report open at a time, under the table: nested in an expanded row it fights the table's widths.
  const [shown, setShown] = useState<number | null>(null);
  const opened = versions.data?.items.find((v) => v.version === shown) ?? null;
  const caption = useTableCaption(t("data.versionsCaption"));
  const number = (n: number | null) => (n === null ? "–" : n.toLocaleString(lang === "en" ? "en-GB" : "zh-CN"));

  return (
    <Card title={<h2 className="card-title">{t("data.versionsTitle")}</h2>}>
      {versions.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : versions.isError ? (
        <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <>
          <Table<TableVersion>
            components={caption}
            rowKey="id"
            size="small"
            dataSource={versions.data.items}
            pagination={versions.data.items.length > 10 ? { pageSize: 10 } : false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: <Empty description={t("data.noVersions")} /> }}
            columns={[
              {
                key: "version",
                title: t("data.versionCols.version"),
                render: (_, v) => (
                  <>
                    {t("data.versionN", { version: v.version })}{" "}
                    {v.serving ? <Tag color="green">{t("data.serving")}</Tag> : null}
                  </>
                ),
              },
              {
                key: "status",
                title: t("data.versionCols.status"),
                render: (_, v) => (
                  <>
                    <Tag color={STATUS_COLORS[v.status]}>{t(`data.statuses.${v.status}`)}</Tag>
                    {v.error ? <div className="data-failure">{t("data.failedBecause", { reason: failureText(v.error, lang) })}</div> : null}
                  </>
                ),
              },
              {
                key: "source",
                title: t("data.versionCols.source"),
                render: (_, v) => (
                  <>
                    {v.source.name ?? <span className="muted">{t("app.none")}</span>}
                    <Typography.Text type="secondary" className="data-subline">
                      {[v.source.format?.toUpperCase(), v.source.encoding?.toUpperCase(), v.source.bytes === null ? null : formatBytes(v.source.bytes, lang)].filter(Boolean).join(" · ")}
                    </Typography.Text>
                  </>
                ),
              },
              { key: "rows", title: t("data.versionCols.rows"), render: (_, v) => `${number(v.rowsLoaded)} / ${number(v.rowsRejected)}` },
              {
                key: "time",
                title: t("data.versionCols.time"),
                render: (_, v) => (
                  <>
                    {formatDateTime(v.startedAt, lang)}
                    {v.finishedAt ? (
                      <Typography.Text type="secondary" className="data-subline">
                        {t("data.finishedAt", { date: formatDateTime(v.finishedAt, lang) })}
                      </Typography.Text>
                    ) : null}
                  </>
                ),
              },
              {
                key: "report",
                title: t("data.versionCols.report"),
                render: (_, v) => (
                  <>
                    {v.report ? (
                      <Button
                        type="link"
                        size="small"
                        className="data-report-toggle"
                        aria-expanded={shown === v.version}
                        aria-controls="table-version-report"
                        aria-label={t(shown === v.version ? "data.hideReportOf" : "data.showReportOf", { version: v.version })}
                        onClick={() => setShown(shown === v.version ? null : v.version)}
                      >
                        {shown === v.version ? t("data.hideReport") : t("data.showReport")}
                      </Button>
                    ) : (
                      <span className="muted">{t("app.none")}</span>
                    )}
                    {v.hasRejects ? (
                      <a href={rejectsFileUrl(datasetId, v.version)} download className="data-subline" aria-label={t("data.rejectsFileOf", { version: v.version })}>
                        rejects-v{v.version}.csv
                      </a>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
          {opened?.report ? (
            <section id="table-version-report" className="data-block" aria-labelledby="table-version-report-heading">
              <h3 id="table-version-report-heading" className="subsection-title">
                {t("data.reportTitle", { version: opened.version })}
              </h3>
              <QualityReportView report={opened.report} datasetId={datasetId} version={opened.version} hasRejects={opened.hasRejects} fields={fields} />
            </section>
          ) : null}
        </>
      )}
    </Card>
  );
}
