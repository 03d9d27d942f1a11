import { ApiOutlined, DownloadOutlined, FileOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Empty, Skeleton, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router-dom";
import { datasetDownloadUrl, datasetFileUrl, isApiError } from "../api/client";
import { useDatasetApis, useDatasetFiles, useDatasetPreview } from "../api/queries";
import type { DatasetDetail, DatasetField, FileDistribution, FileList, RowsPage } from "../api/types";
import { formatBytes, formatDateTime } from "../lib/format";
import { ErrorAlert } from "./error-alert";
import { useTableCaption } from "./table-caption";

const DOWNLOADS = [
  { key: "csv", label: "data.downloadCsv", format: "csv", encoding: "utf-8" },
  { key: "csv-gbk", label: "data.downloadCsvGbk", format: "csv", encoding: "gbk" },
  { key: "json", label: "data.downloadJson", format: "json" },
  { key: "xlsx", label: "data.downloadXlsx", format: "xlsx" },
] as const;

/**
 * 数据: what a reader gets of the data mounted on an entry — the first rows (masked as the server serves
 * them), downloads, files and APIs — or, when there is none or they may not read it, the server's reason.
 * `fields` are the entry's fields, whose titles label the columns.
 */
export function DatasetData({ dataset, fields }: { dataset: DatasetDetail; fields: DatasetField[] }) {
  const { t } = useTranslation();
  const preview = useDatasetPreview(dataset.id);
  const files = useDatasetFiles(dataset.id);
  const apis = useDatasetApis(dataset.id);
  const apiItems = apis.data?.items ?? [];

  return (
    <Card
      role="region"
      aria-labelledby="dataset-data-heading"
      title={
        <h2 id="dataset-data-heading" className="card-title">
          {t("data.title")}
        </h2>
      }
    >
      {preview.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : preview.isError ? (
        <PreviewRefused error={preview.error} onRetry={() => void preview.refetch()} otherDistributions={Boolean(files.data?.items.length || apiItems.length)} />
      ) : (
        <>
          <DataPreview dataset={dataset} fields={fields} page={preview.data} />
          {files.data ? <Downloads datasetId={dataset.id} decision={files.data.download} /> : null}
        </>
      )}

      {files.isError ? <ErrorAlert error={files.error} onRetry={() => void files.refetch()} /> : null}
      {files.data?.items.length ? <Files datasetId={dataset.id} list={files.data} /> : null}

      {apis.isError ? <ErrorAlert error={apis.error} onRetry={() => void apis.refetch()} /> : null}
      {apiItems.length ? (
        <section className="data-block" aria-labelledby="dataset-apis-heading">
          <h3 id="dataset-apis-heading" className="subsection-title">
            <ApiOutlined aria-hidden /> {t("data.apis")}
          </h3>
          <ul className="case-list">
            {apiItems.map((a) => (
              <li key={a.id}>
                <strong>{a.name}</strong> <span className="muted">{t("data.apiMethods", { methods: a.methods.join(", ") })}</span>
                <div>
                  {/* The platform's address, never the upstream's: calls pass the same access decision. */}
                  <Typography.Text code copyable className="data-api-url" aria-label={t("data.apiUrl", { name: a.name })}>
                    {new URL(a.url, window.location.origin).href}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Card>
  );
}

/** No rows to show: no table mounted (perhaps only files or APIs), or the reader may not read them (the server says why). */
function PreviewRefused({ error, onRetry, otherDistributions }: { error: unknown; onRetry: () => void; otherDistributions: boolean }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  if (!isApiError(error) || error.status < 400 || error.status >= 500) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (error.code === "no_data") return <Empty description={t(otherDistributions ? "data.noTable" : "data.noData")} />;
  return (
    <Alert
      type="info"
      showIcon
      title={t("data.notReadable")}
      description={
        <>
          {error.text(i18n.language)}
          {error.status === 401 ? (
            <>
              {" "}
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t("data.logInToRead")}</Link>
            </>
          ) : null}
        </>
      }
    />
  );
}

function DataPreview({ dataset, fields, page }: { dataset: DatasetDetail; fields: DatasetField[]; page: RowsPage }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const caption = useTableCaption(t("data.previewCaption", { count: page.items.length }));
  const titleOf = new Map(fields.map((f) => [f.name, f]));
  const freshness = dataset.freshness;
  const empty = (
    <span className="muted">
      <span aria-hidden>—</span>
      <span className="sr-only">{t("data.empty")}</span>
    </span>
  );
  const cell = (v: unknown) => (v === null || v === undefined || v === "" ? empty : typeof v === "boolean" ? t(v ? "catalog.yes" : "catalog.no") : String(v));

  return (
    <>
      <Space wrap className="data-meta">
        {page.loadedAt ? <span>{t("data.loadedAt", { date: formatDateTime(page.loadedAt, lang) })}</span> : null}
        {page.total !== null ? <span>{t("data.rowCount", { count: page.total })}</span> : null}
        <span className="muted">{t("data.tableVersion", { version: page.tableVersion })}</span>
        {freshness.state === "stale" ? <Tag color="warning">{t("data.overdue", { days: freshness.overdueDays, date: freshness.dueOn })}</Tag> : null}
      </Space>
      {page.fields.some((f) => f.masked) ? <Typography.Paragraph type="secondary">{t("data.maskedNote")}</Typography.Paragraph> : null}
      <Table<Record<string, unknown>>
        components={caption}
        rowKey={(r) => String(r._row)}
        size="small"
        dataSource={page.items}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: <Empty description={t("data.noData")} /> }}
        columns={page.fields.map((f) => ({
          key: f.name,
          title: (
            <>
              {titleOf.get(f.name)?.title ?? f.name}
              {f.masked ? (
                <Tag variant="outlined">
                  {t("data.masked")}
                </Tag>
              ) : null}
              <span className="data-subline mono muted">{f.name}</span>
            </>
          ),
          render: (_: unknown, row: Record<string, unknown>) => cell(row[f.name]),
        }))}
      />
    </>
  );
}

/** Download links (the browser saves the file), or why this reader gets none (e.g. level-2 data: queries only). */
function Downloads({ datasetId, decision }: { datasetId: string; decision: FileList["download"] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="data-block" aria-labelledby="dataset-downloads-heading">
      <h3 id="dataset-downloads-heading" className="subsection-title">
        {t("data.downloads")}
      </h3>
      {decision.allowed ? (
        <Space wrap>
          {DOWNLOADS.map((d) => (
            <Button key={d.key} icon={<DownloadOutlined aria-hidden />} href={datasetDownloadUrl(datasetId, d.format, "encoding" in d ? d.encoding : undefined)} download>
              {t(d.label)}
            </Button>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t("data.downloadRefused", { reason: i18n.language === "en" ? decision.messageEn : decision.message })}</Typography.Text>
      )}
    </section>
  );
}

function Files({ datasetId, list }: { datasetId: string; list: FileList }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const caption = useTableCaption(t("data.filesCaption"));
  return (
    <section className="data-block" aria-label={t("data.files")}>
      <Table<FileDistribution>
        components={caption}
        rowKey="id"
        size="small"
        dataSource={list.items}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          {
            key: "name",
            title: t("data.fileCols.name"),
            render: (_, f) =>
              list.download.allowed ? (
                <a href={datasetFileUrl(datasetId, f.id)} download={f.name}>
                  <FileOutlined aria-hidden /> {f.name}
                </a>
              ) : (
                f.name
              ),
          },
          { key: "type", title: t("data.fileCols.type"), render: (_, f) => <span className="mono">{f.mediaType}</span> },
          { key: "size", title: t("data.fileCols.size"), render: (_, f) => formatBytes(f.size, lang) },
          { key: "createdAt", title: t("data.fileCols.createdAt"), render: (_, f) => formatDateTime(f.createdAt, lang) },
        ]}
      />
    </section>
  );
}
