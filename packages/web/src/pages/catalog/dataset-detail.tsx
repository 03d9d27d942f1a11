import { EditOutlined, FileSearchOutlined } from "@ant-design/icons";
import { Alert, Card, Skeleton, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router-dom";
import { useDataset, useSession } from "../../api/queries";
import type { DatasetDetail } from "../../api/types";
import { DatasetBadges, EntryStatusTag } from "../../components/catalog-tags";
import { DatasetContentView } from "../../components/dataset-content";
import { DatasetData } from "../../components/dataset-data";
import { DatasetVersions } from "../../components/dataset-versions";
import { ErrorAlert } from "../../components/error-alert";
import { formatDate } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";

/** /datasets/:id: a dataset's published metadata, fields and version history, for anyone who may read it. */
export default function DatasetDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const dataset = useDataset(id);
  usePageTitle(dataset.data?.title ?? t("catalog.datasetTitle"));

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/datasets">← {t("catalog.searchTitle")}</Link>
      {dataset.isPending ? (
        <Skeleton active />
      ) : dataset.isError ? (
        <ErrorAlert error={dataset.error} onRetry={() => void dataset.refetch()} />
      ) : (
        <DatasetView dataset={dataset.data} />
      )}
    </Space>
  );
}

function DatasetView({ dataset: d }: { dataset: DatasetDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const location = useLocation();
  const { data: session } = useSession();
  const user = session?.user ?? null;
  const content = d.content;
  const manages = d.permissions.edit || d.permissions.submit || d.permissions.review || d.permissions.recordChange || d.permissions.requestRevocation;
  // The objection form (a correction case, 001 §21) arrives with this dataset and its provider filled in.
  const objection = new URLSearchParams({
    kind: "correction",
    datasetId: d.id,
    provider: d.provider.id,
    providerName: d.provider.name,
    title: t("catalog.objectionTitle", { title: d.title }).slice(0, 200),
  });

  return (
    <Space orientation="vertical" size="large" className="page">
      <div>
        <Typography.Title level={1}>{d.title}</Typography.Title>
        <Space wrap className="page-meta">
          {/* The public reads the published version; the status of a revision in review is the provider's business. */}
          {!content ? <EntryStatusTag status={d.status} /> : null}
          <DatasetBadges openType={content?.openType ?? d.openType} shareType={content?.shareType ?? d.shareType} level={content?.level ?? d.level} />
          <span className="muted">
            {d.provider.name} · <Link to={`/open-list?organisation=${d.provider.id}`}>{t("nav.openList")}</Link>
          </span>
          {d.version !== null ? (
            <span className="muted">
              {t("catalog.versionN", { version: d.version })}
              {d.publishedAt ? ` · ${t("catalog.publishedOn", { date: formatDate(d.publishedAt, lang) })}` : ""}
            </span>
          ) : null}
        </Space>
      </div>

      {d.revokeOn ? <Alert type="warning" showIcon title={t("catalog.revokeOn", { date: d.revokeOn })} /> : null}

      <Card className="dataset-actions" title={<h2 className="card-title">{t("catalog.useTitle")}</h2>}>
        <Space wrap>
          {user ? (
            <Link to={`/console/cases/new?${objection}`} className="header-link">
              <FileSearchOutlined aria-hidden /> {t("catalog.object")}
            </Link>
          ) : (
            <Typography.Text>
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t("catalog.loginToObject")}</Link>
            </Typography.Text>
          )}
          {manages ? (
            <Link to={`/console/catalog/${d.id}`} className="header-link">
              <EditOutlined aria-hidden /> {t("catalog.manage")}
            </Link>
          ) : null}
        </Space>
      </Card>

      {content ? (
        <DatasetContentView
          content={content}
          provider={d.provider.name}
          extraItems={[
            { key: "version", label: t("catalog.publishedVersion"), children: d.version ?? t("app.none") },
            { key: "publishedAt", label: t("catalog.publishedAt"), children: d.publishedAt ? formatDate(d.publishedAt, lang) : t("app.none") },
          ]}
        />
      ) : (
        <Alert type="info" showIcon title={t("catalog.notPublished")} />
      )}

      {content ? <DatasetData dataset={d} fields={content.fields} /> : null}

      <DatasetVersions datasetId={d.id} enabled={d.version !== null} />
    </Space>
  );
}
