import { Alert, Button, Card, Descriptions, Skeleton, Space, Tabs, Typography } from "antd";
import { diffDatasets } from "@shuyuan/core/catalog/diff";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { useDataset, useSession } from "../../api/queries";
import type { DatasetDetail } from "../../api/types";
import { CaseLink, ChangeDialog, ReviewDialog, RevocationDialog, SubmitDialog } from "../../components/catalog-actions";
import { DatasetBadges, EntryStatusTag } from "../../components/catalog-tags";
import { DatasetChanges } from "../../components/dataset-changes";
import { DatasetContentView } from "../../components/dataset-content";
import { DatasetVersions } from "../../components/dataset-versions";
import { ErrorAlert } from "../../components/error-alert";
import { ReviewComments } from "../../components/review-comments";
import { TableMount } from "../../components/table-mount";
import { TableVersions } from "../../components/table-versions";
import { formatDateTime } from "../../lib/format";
import { canCompileCatalog, canMountData, canReadLoadHistory } from "../../lib/permissions";
import { usePageTitle } from "../../lib/use-page-title";
import type { SavedState } from "./entry-edit";

type Dialog = "submit" | "approve" | "request_revision" | "change" | "revocation";

/** /console/catalog/:id: one entry's status, draft against published version, its procedures and history. */
export default function EntryDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { data: session } = useSession();
  const dataset = useDataset(id);
  usePageTitle(dataset.data?.title ?? t("catalog.entryTitle"));
  const back = canCompileCatalog(session?.user) ? { to: "/console/catalog", label: t("catalog.compileTitle") } : { to: "/console/catalog/reviews", label: t("catalog.reviewTitle") };

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to={back.to}>← {back.label}</Link>
      {dataset.isPending ? (
        <Skeleton active />
      ) : dataset.isError ? (
        <ErrorAlert error={dataset.error} onRetry={() => void dataset.refetch()} />
      ) : (
        <EntryView dataset={dataset.data} />
      )}
    </Space>
  );
}

function EntryView({ dataset: d }: { dataset: DatasetDetail }) {
  const { t, i18n } = useTranslation();
  const { data: session } = useSession();
  const lang = i18n.language;
  const navigate = useNavigate();
  const location = useLocation();
  const arrived = location.state as SavedState | null;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const p = d.permissions;
  const draft = d.draft;
  const changes = draft && d.content ? diffDatasets(d.content, draft.content) : null;
  const none = <span className="muted">{t("app.none")}</span>;
  // A new table version gets the working copy's fields if there is one (as the server loads it).
  const fields = (draft?.content ?? d.content)?.fields ?? [];

  const tabs = [
    ...(draft
      ? [
          {
            key: "draft",
            label: t("catalog.draftTab", { date: draft.savedAt ? formatDateTime(draft.savedAt, lang) : t("app.none") }),
            children: <DatasetContentView content={draft.content} provider={d.provider.name} headingLevel={3} />,
          },
        ]
      : []),
    ...(d.content
      ? [
          {
            key: "published",
            label: t("catalog.publishedTab", { version: d.version ?? "" }),
            children: <DatasetContentView content={d.content} provider={d.provider.name} headingLevel={3} />,
          },
        ]
      : []),
    ...(changes
      ? [
          {
            key: "diff",
            label: t("catalog.diffTab", { count: changes.length }),
            children: (
              <Card title={<h3 className="card-title">{t("catalog.diffTitle")}</h3>}>
                <DatasetChanges changes={changes} />
              </Card>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="large" className="page">
      <div>
        <Typography.Title level={1}>{d.title}</Typography.Title>
        <Space wrap className="page-meta">
          <EntryStatusTag status={d.status} />
          <DatasetBadges openType={d.openType} shareType={d.shareType} level={d.level} />
          <span className="muted mono">{d.code}</span>
          <span className="muted">{d.provider.name}</span>
        </Space>
      </div>

      {arrived?.submitted ? <Alert type="success" showIcon title={t("catalog.submittedNote")} /> : null}
      {arrived?.warnings?.length ? (
        <Alert
          type="warning"
          showIcon
          title={t("catalog.savedWithWarnings")}
          description={
            <ul className="case-list">
              {arrived.warnings.map((w, i) => (
                <li key={i}>{lang === "en" ? w.messageEn : w.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {d.review && d.status === "revision_requested" ? <ReviewComments caseId={d.review.caseId} /> : null}
      {d.revokeOn ? <Alert type="warning" showIcon title={t("catalog.revokeOn", { date: d.revokeOn })} /> : null}

      <Card title={<h2 className="card-title">{t("catalog.actions")}</h2>}>
        {p.edit || p.submit || p.review || p.recordChange || p.requestRevocation || d.version !== null ? (
          <Space wrap>
            {p.edit ? (
              <Button type="primary" onClick={() => navigate(`/console/catalog/${d.id}/edit`)}>
                {d.status === "published" ? t("catalog.revise") : t("catalog.editDraft")}
              </Button>
            ) : null}
            {p.submit ? (
              <Button type={p.edit ? "default" : "primary"} onClick={() => setDialog("submit")}>
                {d.status === "revision_requested" ? t("catalog.resubmit") : t("catalog.submit")}
              </Button>
            ) : null}
            {p.review ? (
              <>
                <Button type="primary" onClick={() => setDialog("approve")}>
                  {t("catalog.approve")}
                </Button>
                <Button danger onClick={() => setDialog("request_revision")}>
                  {t("catalog.sendBack")}
                </Button>
              </>
            ) : null}
            {p.recordChange ? <Button onClick={() => setDialog("change")}>{t("catalog.recordChange")}</Button> : null}
            {p.requestRevocation ? (
              <Button danger onClick={() => setDialog("revocation")}>
                {t("catalog.requestRevocation")}
              </Button>
            ) : null}
            {d.version !== null ? (
              <Link to={`/datasets/${d.id}`} className="header-link">
                {t("catalog.viewPublic")}
              </Link>
            ) : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t("catalog.noActions")}</Typography.Text>
        )}
      </Card>

      <Card title={<h2 className="card-title">{t("catalog.procedures")}</h2>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "status", label: t("catalog.status"), children: <EntryStatusTag status={d.status} /> },
            { key: "version", label: t("catalog.publishedVersion"), children: d.version === null ? t("catalog.unpublished") : t("catalog.versionN", { version: d.version }) },
            { key: "publishedAt", label: t("catalog.publishedAt"), children: d.publishedAt ? formatDateTime(d.publishedAt, lang) : none },
            { key: "draft", label: t("catalog.draftSavedAt"), children: draft ? t("catalog.draftRevision", { revision: draft.revision, date: formatDateTime(draft.savedAt, lang) }) : none },
            { key: "review", label: t("catalog.reviewCase"), children: d.review ? <CaseLink kind="catalog_review" caseRef={d.review} /> : none },
            { key: "update", label: t("catalog.updateCase"), children: d.pending.update ? <CaseLink kind="catalog_update" caseRef={d.pending.update} /> : none },
            {
              key: "revocation",
              label: t("catalog.revocationCase"),
              children: d.pending.revocation ? <CaseLink kind="catalog_revocation" caseRef={d.pending.revocation} /> : none,
            },
            ...(d.revokeOn ? [{ key: "revokeOn", label: t("catalog.revokeOnLabel"), children: d.revokeOn }] : []),
          ]}
        />
      </Card>

      {tabs.length ? (
        <section aria-labelledby="entry-content-heading">
          <h2 id="entry-content-heading" className="sr-only">
            {t("catalog.contentHeading")}
          </h2>
          <Tabs defaultActiveKey={draft && (d.status !== "published" || changes?.length) ? "draft" : "published"} items={tabs} />
        </section>
      ) : (
        <Alert type="info" showIcon title={t("catalog.noContent")} />
      )}

      {canMountData(session?.user, d) ? <TableMount datasetId={d.id} fields={fields} /> : null}
      {canReadLoadHistory(session?.user, d) ? <TableVersions datasetId={d.id} fields={fields} /> : null}

      <DatasetVersions datasetId={d.id} enabled={d.version !== null} />

      {dialog === "submit" ? <SubmitDialog dataset={d} onClose={() => setDialog(null)} /> : null}
      {dialog === "approve" || dialog === "request_revision" ? <ReviewDialog dataset={d} decision={dialog} onClose={() => setDialog(null)} /> : null}
      {dialog === "change" ? <ChangeDialog dataset={d} onClose={() => setDialog(null)} /> : null}
      {dialog === "revocation" ? <RevocationDialog dataset={d} onClose={() => setDialog(null)} /> : null}
    </Space>
  );
}
