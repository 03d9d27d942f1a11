import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Descriptions, Progress, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { rejectsFileUrl } from "../api/client";
import type { DatasetField, FieldQuality, QualityReport, RejectedRow } from "../api/types";
import { bilingual } from "../lib/format";
import { useTableCaption } from "./table-caption";

const REJECTS_PAGE = 10;

/**
 * A load's quality report (004 §19): counts, the rejected rows with row, column and reason (all of them
 * in the rejected-rows file), completeness per field and repeated keys. `fields` gives the fields' titles.
 */
export function QualityReportView({
  report,
  datasetId,
  version,
  hasRejects,
  fields,
}: {
  report: QualityReport;
  datasetId: string;
  version: number;
  hasRejects: boolean;
  fields: DatasetField[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const number = (n: number) => n.toLocaleString(lang === "en" ? "en-GB" : "zh-CN");
  const titleOf = new Map(fields.map((f) => [f.name, f.title]));
  const rejectsCaption = useTableCaption(t("data.rejectsCaption"));
  const completenessCaption = useTableCaption(t("data.completenessCaption"));
  const source = [report.format.toUpperCase(), report.encoding?.toUpperCase()].filter(Boolean).join(" · ");

  return (
    <Space orientation="vertical" size="middle" className="page quality-report">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: "read", label: t("data.report.rowsRead"), children: number(report.rowsRead) },
          { key: "loaded", label: t("data.report.rowsLoaded"), children: number(report.rowsLoaded) },
          {
            key: "rejected",
            label: t("data.report.rowsRejected"),
            children: <span className={report.rowsRejected ? "quality-bad" : undefined}>{number(report.rowsRejected)}</span>,
          },
          {
            key: "duplicates",
            label: t("data.report.duplicateKeys"),
            children: report.duplicateKeys === null ? <span className="muted">{t("data.report.noKey")}</span> : number(report.duplicateKeys),
          },
          { key: "source", label: t("data.report.source"), children: source },
          { key: "duration", label: t("data.report.duration"), children: t("data.report.durationMs", { seconds: (report.durationMs / 1000).toFixed(1) }) },
        ]}
      />

      {report.unknownColumns.length || report.missingFields.length ? (
        <Alert
          type="warning"
          showIcon
          title={
            <>
              {report.unknownColumns.length ? <div>{t("data.report.unknownColumns", { columns: report.unknownColumns.join(lang === "en" ? ", " : "、") })}</div> : null}
              {report.missingFields.length ? <div>{t("data.report.missingFields", { fields: report.missingFields.join(lang === "en" ? ", " : "、") })}</div> : null}
            </>
          }
        />
      ) : null}

      {report.rowsRejected ? (
        <div>
          <Table<RejectedRow>
            components={rejectsCaption}
            rowKey={(r) => `${r.row}-${r.column ?? ""}`}
            size="small"
            dataSource={report.rejects}
            pagination={report.rejects.length > REJECTS_PAGE ? { pageSize: REJECTS_PAGE, showSizeChanger: false } : false}
            scroll={{ x: "max-content" }}
            columns={[
              { key: "row", title: t("data.rejectCols.row"), render: (_, r) => t("data.rowN", { row: r.row }) },
              { key: "column", title: t("data.rejectCols.column"), render: (_, r) => r.column ?? <span className="muted">{t("app.none")}</span> },
              { key: "reason", title: t("data.rejectCols.reason"), render: (_, r) => bilingual(r.reason, lang) },
            ]}
          />
          <Space wrap className="quality-rejects-foot">
            {report.rejects.length < report.rowsRejected ? (
              <Typography.Text type="secondary">{t("data.rejectsShown", { shown: number(report.rejects.length), total: number(report.rowsRejected) })}</Typography.Text>
            ) : null}
            {hasRejects ? (
              <a href={rejectsFileUrl(datasetId, version)} download>
                <DownloadOutlined aria-hidden /> {t("data.rejectsFile")}
              </a>
            ) : null}
          </Space>
        </div>
      ) : null}

      <Table<FieldQuality>
        components={completenessCaption}
        rowKey="name"
        size="small"
        dataSource={report.fields}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          {
            key: "field",
            title: t("data.completenessCols.field"),
            render: (_, f) => (
              <>
                {titleOf.get(f.name) ?? f.name} <span className="muted mono">{f.name}</span>
              </>
            ),
          },
          {
            key: "completeness",
            title: t("data.completenessCols.completeness"),
            render: (_, f) => (
              <Progress
                className="completeness-bar"
                percent={Math.round(f.completeness * 1000) / 10}
                size="small"
                status={f.completeness < 1 ? "normal" : "success"}
                aria-label={`${t("data.completenessCols.completeness")}：${titleOf.get(f.name) ?? f.name}`}
              />
            ),
          },
          { key: "empty", title: t("data.completenessCols.empty"), render: (_, f) => number(f.empty) },
        ]}
      />
    </Space>
  );
}
