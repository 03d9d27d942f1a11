import { Alert, Button, Card, Descriptions, Skeleton, Space, Typography } from "antd";
import { diffDatasets } from "@shuyuan/core/catalog/diff";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useDataset } from "../../api/queries";
import type { DatasetDetail } from "../../api/types";
import { CaseLink, ReviewDialog } from "../../components/catalog-actions";
import { DatasetBadges, EntryStatusTag } from "../../components/catalog-tags";
import { DatasetChanges } from "../../components/dataset-changes";
import { DatasetContentView } from "../../components/dataset-content";
import { ErrorAlert } from "../../components/error-alert";
import { codeLabel } from "../../lib/catalog";
import { formatDateTime } from "../../lib/format";
import { usePageTitle } from "../../lib/use-page-title";

/** /console/catalog/reviews/:id: the submitted draft, what it changes in the published version, and the decision. */
export default function ReviewDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const dataset = useDataset(id);
  usePageTitle(dataset.data ? t("catalog.reviewOf", { title: dataset.data.title }) : t("catalog.reviewTitle"));

  return (
    <Space orientation="vertical" size="large" className="page">
      <Link to="/console/catalog/reviews">← {t("catalog.reviewTitle")}</Link>
      {dataset.isPending ? (
        <Skeleton active />
      ) : dataset.isError ? (
        <ErrorAlert error={dataset.error} onRetry={() => void dataset.refetch()} />
      ) : (
        <ReviewView dataset={dataset.data} />
      )}
    </Space>
  );
}

function ReviewView({ dataset: d }: { dataset: DatasetDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [decision, setDecision] = useState<"approve" | "request_revision" | null>(null);
  // What was submitted: the working copy; the published content is what it revises.
  const submitted = d.draft?.content ?? null;
  const changes = d.draft && d.content ? diffDatasets(d.content, d.draft.content) : null;

  return (
    <Space orientation="vertical" size="large" className="page">
      <div>
        <Typography.Title level={1}>{t("catalog.reviewOf", { title: d.title })}</Typography.Title>
        <Space wrap className="page-meta">
          <EntryStatusTag status={d.status} />
          <DatasetBadges openType={d.openType} shareType={d.shareType} level={d.level} />
          <span className="muted">{d.provider.name}</span>
          {d.review ? <CaseLink kind="catalog_review" caseRef={d.review} /> : null}
        </Space>
      </div>

      <Card title={<h2 className="card-title">{t("catalog.decision")}</h2>}>
        {d.permissions.review ? (
          <Space wrap>
            <Button type="primary" onClick={() => setDecision("approve")}>
              {t("catalog.approve")}
            </Button>
            <Button danger onClick={() => setDecision("request_revision")}>
              {t("catalog.sendBack")}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t("catalog.noDecision")}</Typography.Text>
        )}
      </Card>

      {changes ? (
        <Card title={<h2 className="card-title">{t("catalog.revisionChanges", { version: d.version ?? "" })}</h2>}>
          <DatasetChanges changes={changes} />
        </Card>
      ) : d.version === null && submitted ? (
        <Alert type="info" showIcon title={t("catalog.firstSubmissionNote")} />
      ) : null}

      {submitted ? (
        <section aria-labelledby="submitted-heading">
          <Typography.Title level={2} id="submitted-heading" className="section-title">
            {t("catalog.submittedDraft")}
            {d.draft?.savedAt ? <span className="muted section-title-note">{t("catalog.savedAt", { date: formatDateTime(d.draft.savedAt, i18n.language) })}</span> : null}
          </Typography.Title>
          <DatasetContentView content={submitted} provider={d.provider.name} headingLevel={3} />
        </section>
      ) : (
        <>
          <Alert type="info" showIcon title={t("catalog.noDraftVisible")} />
          {d.version === null ? <ListingView dataset={d} /> : null}
          {d.content ? (
            <section aria-labelledby="published-heading">
              <Typography.Title level={2} id="published-heading" className="section-title">
                {t("catalog.publishedTab", { version: d.version ?? "" })}
              </Typography.Title>
              <DatasetContentView content={d.content} provider={d.provider.name} headingLevel={3} />
            </section>
          ) : null}
        </>
      )}

      {decision ? (
        <ReviewDialog dataset={d} decision={decision} onClose={() => setDecision(null)} onDone={() => navigate("/console/catalog/reviews")} />
      ) : null}
    </Space>
  );
}

/** What the catalog listing holds of an entry (until its first publication it follows the working copy). */
function ListingView({ dataset: d }: { dataset: DatasetDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const none = <span className="muted">{t("app.none")}</span>;
  return (
    <Card title={<h2 className="card-title">{t("catalog.listingTitle")}</h2>}>
      <Typography.Paragraph className="case-text dataset-summary">{d.summary}</Typography.Paragraph>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "code", label: t("catalog.props.code"), children: <span className="mono">{d.code}</span> },
          { key: "provider", label: t("catalog.provider"), children: d.provider.name },
          { key: "kind", label: t("catalog.props.catalogKind"), children: codeLabel("catalogKind", d.catalogKind, lang) },
          { key: "theme", label: t("catalog.props.theme"), children: d.theme ? codeLabel("theme", d.theme, lang) : none },
          { key: "formats", label: t("catalog.props.formats"), children: d.formats.map((f) => codeLabel("format", f, lang)).join("、") || none },
          { key: "frequency", label: t("catalog.props.updateFrequency"), children: d.updateFrequency ? codeLabel("updateFrequency", d.updateFrequency, lang) : none },
          { key: "shareType", label: t("catalog.props.shareType"), children: d.shareType ? codeLabel("shareType", d.shareType, lang) : none },
          { key: "openType", label: t("catalog.props.openType"), children: d.openType ? codeLabel("openType", d.openType, lang) : none },
          { key: "level", label: t("catalog.props.level"), children: d.level ? codeLabel("level", d.level, lang) : none },
          { key: "tags", label: t("catalog.props.tags"), children: d.tags.length ? d.tags.join("、") : none },
        ]}
      />
    </Card>
  );
}
