import { Card, Empty, Skeleton, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useDatasetVersions } from "../api/queries";
import { formatDateTime } from "../lib/format";
import { DatasetChanges } from "./dataset-changes";
import { ErrorAlert } from "./error-alert";

/** 版本记录: every published version, newest first, with what changed from the one before. */
export function DatasetVersions({ datasetId, enabled = true }: { datasetId: string; enabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const versions = useDatasetVersions(datasetId, enabled);
  const items = versions.data?.items ?? [];
  const oldest = items.length ? Math.min(...items.map((v) => v.version)) : 0;

  return (
    <Card title={<h2 className="card-title">{t("catalog.versions")}</h2>}>
      {!enabled ? (
        <Empty description={t("catalog.noVersions")} />
      ) : versions.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : versions.isError ? (
        <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
      ) : items.length === 0 ? (
        <Empty description={t("catalog.noVersions")} />
      ) : (
        <Timeline
          items={items.map((v) => ({
            key: v.version,
            color: v.version === items[0].version ? "green" : "blue",
            content: (
              <article className="dataset-version" aria-label={t("catalog.versionN", { version: v.version })}>
                <h3 className="case-timeline-title">{t("catalog.versionN", { version: v.version })}</h3>
                <Typography.Text type="secondary">
                  <time dateTime={v.publishedAt}>{formatDateTime(v.publishedAt, i18n.language)}</time>
                  {v.publishedBy ? ` · ${t("catalog.publishedBy", { name: v.publishedBy.name })}` : ""}
                </Typography.Text>
                {v.changeSummary ? <Typography.Paragraph className="case-text version-summary">{v.changeSummary}</Typography.Paragraph> : null}
                <DatasetChanges changes={v.changes} first={v.version === oldest && v.version === 1} />
              </article>
            ),
          }))}
        />
      )}
    </Card>
  );
}
