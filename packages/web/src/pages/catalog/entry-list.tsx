import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Form, Input, Select, Space, Table, Typography, Upload } from "antd";
import { ENTRY_STATUSES, type EntryStatus } from "@shuyuan/core/catalog/visibility";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { isApiError } from "../../api/client";
import { useCatalogTemplate, useDatasets, useExportDatasets, useImportDatasets, useSession } from "../../api/queries";
import type { DatasetSummary, ImportRowError } from "../../api/types";
import { DatasetBadges, EntryStatusTag } from "../../components/catalog-tags";
import { ErrorAlert, errorText } from "../../components/error-alert";
import { formatDateTime, saveFile } from "../../lib/format";
import { canCompileCatalog, canReviewCatalog } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";

const DEFAULT_PAGE_SIZE = 20;

/** 目录编制: the entries of the user's organisation(s) in every state, with Excel import and export. */
export default function EntryListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t("catalog.compileTitle"));
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: session } = useSession();
  const [params, setParams] = useSearchParams();

  const statusParam = params.get("status") as EntryStatus | null;
  const status = statusParam && ENTRY_STATUSES.includes(statusParam) ? statusParam : undefined;
  const q = params.get("q")?.trim() || undefined;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get("pageSize")) || DEFAULT_PAGE_SIZE));
  const allowed = canCompileCatalog(session?.user);
  const list = useDatasets({ scope: "own", status, q, page, pageSize, sort: q ? "relevance" : "newest" }, { enabled: allowed });

  const exporter = useExportDatasets();
  const template = useCatalogTemplate();
  const importer = useImportDatasets();
  const [importError, setImportError] = useState<unknown>(null);

  if (!allowed) return <Navigate to={canReviewCatalog(session?.user) ? "/console/catalog/reviews" : "/console/cases"} replace />;

  const update = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const onDownload = (kind: "export" | "template") => {
    const run = kind === "export" ? exporter.mutateAsync({ scope: "own", status, q }) : template.mutateAsync();
    run.then(
      (file) => {
        saveFile(file.blob, file.filename);
        void message.success(t("catalog.downloadStarted", { name: file.filename }));
      },
      (e: unknown) => void message.error(errorText(e, lang, t("app.genericError"))),
    );
  };

  const onImport = (file: File) => {
    setImportError(null);
    importer.mutate(file, {
      onSuccess: (r) => void message.success(t("catalog.imported", { created: r.created, updated: r.updated })),
      onError: (e) => setImportError(e),
    });
  };
  const importRows = isApiError(importError) && Array.isArray(importError.extra.rows) ? (importError.extra.rows as ImportRowError[]) : null;
  const filtered = Boolean(status || q);

  return (
    <Space orientation="vertical" size="large" className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t("catalog.compileTitle")}</Typography.Title>
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate("/console/catalog/new")}>
            {t("catalog.newEntry")}
          </Button>
          <Upload
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              onImport(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />} loading={importer.isPending}>
              {t("catalog.importExcel")}
            </Button>
          </Upload>
          <Button icon={<FileExcelOutlined aria-hidden />} loading={exporter.isPending} onClick={() => onDownload("export")}>
            {t("catalog.exportExcel")}
          </Button>
          <Button icon={<DownloadOutlined aria-hidden />} loading={template.isPending} onClick={() => onDownload("template")}>
            {t("catalog.downloadTemplate")}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph className="form-note">{t("catalog.compileIntro")}</Typography.Paragraph>

      {importError ? (
        <Card
          role="region"
          aria-labelledby="import-errors-heading"
          title={
            <h2 id="import-errors-heading" className="card-title">
              {t("catalog.importRejected")}
            </h2>
          }
        >
          <Alert
            type="error"
            showIcon
            role="alert"
            className="form-error"
            title={errorText(importError, lang, t("app.genericError"))}
            description={importRows ? t("catalog.importNothingSaved") : undefined}
            closable={{ onClose: () => setImportError(null), "aria-label": t("app.close") }}
          />
          {importRows ? (
            <Table<ImportRowError>
              rowKey={(r) => `${r.sheet}-${r.row}-${r.column ?? ""}-${r.message}`}
              size="small"
              dataSource={importRows}
              pagination={importRows.length > 20 ? { pageSize: 20 } : false}
              scroll={{ x: "max-content" }}
              columns={[
                { key: "sheet", title: t("catalog.importCols.sheet"), dataIndex: "sheet" },
                { key: "row", title: t("catalog.importCols.row"), dataIndex: "row" },
                { key: "column", title: t("catalog.importCols.column"), render: (_, r) => r.column ?? <span className="muted">{t("app.none")}</span> },
                { key: "message", title: t("catalog.importCols.message"), render: (_, r) => (lang === "en" ? r.messageEn : r.message) },
              ]}
            />
          ) : null}
        </Card>
      ) : null}

      <Card>
        <Form layout="inline" colon={false} className="filter-bar" role="search" aria-label={t("catalog.entryFilters")}>
          <Form.Item label={t("catalog.status")} htmlFor="entry-status">
            <Select<EntryStatus>
              id="entry-status"
              value={status}
              allowClear
              placeholder={t("catalog.allStatuses")}
              style={{ width: 200 }}
              onChange={(v) => update({ status: v, page: undefined })}
              options={ENTRY_STATUSES.map((s) => ({ value: s, label: t(`catalog.statuses.${s}`) }))}
            />
          </Form.Item>
          <Form.Item label={t("catalog.searchLabel")} htmlFor="entry-q">
            <Input.Search
              id="entry-q"
              key={q ?? ""}
              defaultValue={q}
              allowClear
              style={{ width: 260 }}
              placeholder={t("catalog.searchPlaceholder")}
              onSearch={(v) => update({ q: v.trim() || undefined, page: undefined })}
            />
          </Form.Item>
        </Form>
      </Card>

      <Card title={<h2 className="card-title">{t("catalog.ownEntries")}</h2>}>
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<DatasetSummary>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: "max-content" }}
            locale={{
              emptyText: filtered ? (
                <Empty description={t("catalog.noResults")}>
                  <Button onClick={() => update({ status: undefined, q: undefined, page: undefined })}>{t("catalog.clearFilters")}</Button>
                </Empty>
              ) : (
                <Empty description={t("catalog.noEntries")}>
                  <Button type="primary" onClick={() => navigate("/console/catalog/new")}>
                    {t("catalog.newEntry")}
                  </Button>
                </Empty>
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t("catalog.total", { total }),
              onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === DEFAULT_PAGE_SIZE ? undefined : ps }),
            }}
            columns={[
              { key: "title", title: t("catalog.props.title"), render: (_, d) => <Link to={`/console/catalog/${d.id}`}>{d.title}</Link> },
              { key: "code", title: t("catalog.props.code"), render: (_, d) => <span className="mono">{d.code}</span> },
              { key: "status", title: t("catalog.status"), render: (_, d) => <EntryStatusTag status={d.status} /> },
              {
                key: "version",
                title: t("catalog.publishedVersion"),
                render: (_, d) => (d.version === null ? <span className="muted">{t("catalog.unpublished")}</span> : t("catalog.versionN", { version: d.version })),
              },
              { key: "types", title: t("catalog.types"), render: (_, d) => <DatasetBadges openType={d.openType} shareType={d.shareType} level={d.level} /> },
              { key: "provider", title: t("catalog.provider"), render: (_, d) => d.provider.name },
              { key: "updated", title: t("catalog.updatedAt"), render: (_, d) => formatDateTime(d.updatedAt, lang) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
