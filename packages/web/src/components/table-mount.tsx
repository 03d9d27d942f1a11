import { FolderOpenOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Progress, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMountTable } from "../api/queries";
import type { DatasetField } from "../api/types";
import { formatBytes } from "../lib/format";
import { ErrorAlert } from "./error-alert";
import { QualityReportView } from "./quality-report";

const ACCEPT = ".csv,.txt,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * 挂接数据: the provider's catalog editors upload a CSV, XLSX or JSON file and get its quality report.
 * The server streams the upload into the load, so the bytes sent track the ingest; once they are all
 * sent, it still builds indexes and swaps the version in before it answers.
 */
export function TableMount({ datasetId, fields }: { datasetId: string; fields: DatasetField[] }) {
  const { t, i18n } = useTranslation();
  const mount = useMountTable(datasetId);
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const percent = Math.floor(sent * 100);

  const start = () => {
    if (!file) return;
    setSent(0);
    mount.mutate({ file, onProgress: (p) => setSent(p.total ? p.loaded / p.total : 0) });
  };
  const result = mount.data;
  const phase = mount.isPending ? t(percent < 100 ? "data.uploading" : "data.finishing") : "";

  return (
    <Card
      role="region"
      aria-labelledby="mount-heading"
      title={
        <h2 id="mount-heading" className="card-title">
          {t("data.mountTitle")}
        </h2>
      }
    >
      <Typography.Paragraph className="form-note">{t("data.mountIntro")}</Typography.Paragraph>
      <Space wrap>
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          maxCount={1}
          disabled={mount.isPending}
          beforeUpload={(chosen) => {
            setFile(chosen);
            mount.reset();
            return false;
          }}
        >
          <Button icon={<FolderOpenOutlined aria-hidden />} disabled={mount.isPending}>
            {t("data.chooseFile")}
          </Button>
        </Upload>
        <span aria-live="polite">{file ? t("data.chosenFile", { name: file.name, size: formatBytes(file.size, i18n.language) }) : <span className="muted">{t("data.noFileChosen")}</span>}</span>
        <Button type="primary" icon={<UploadOutlined aria-hidden />} disabled={!file} loading={mount.isPending} onClick={start}>
          {t("data.upload")}
        </Button>
      </Space>

      {/* Always there, so screen readers announce each phase as it starts (the percentage stays on the bar). */}
      <span className="sr-only" aria-live="polite">
        {phase}
      </span>
      {mount.isPending ? (
        <div className="mount-progress data-block">
          <Typography.Text>{phase}</Typography.Text>
          {percent < 100 ? (
            <Progress percent={percent} status="active" aria-label={t("data.progressLabel")} />
          ) : (
            // No value: an indeterminate progress bar while the server indexes and swaps the version in.
            <Progress percent={100} status="active" showInfo={false} aria-label={t("data.progressLabel")} aria-valuenow={undefined} aria-valuetext={phase} />
          )}
        </div>
      ) : null}

      {mount.isError ? (
        <div className="data-block">
          <ErrorAlert error={mount.error} listFields />
        </div>
      ) : null}

      {result ? (
        <section className="data-block" aria-labelledby="mount-report-heading">
          <Alert
            type={result.report.rowsRejected ? "warning" : "success"}
            showIcon
            role="status"
            title={
              result.report.rowsRejected
                ? t("data.loadedWithRejects", { version: result.version, count: result.report.rowsRejected })
                : t("data.loaded", { version: result.version })
            }
          />
          <h3 id="mount-report-heading" className="subsection-title data-block">
            {t("data.reportTitle", { version: result.version })}
          </h3>
          <QualityReportView report={result.report} datasetId={datasetId} version={result.version} hasRejects={result.hasRejects} fields={fields} />
        </section>
      ) : null}
    </Card>
  );
}
