import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useCase } from "../api/queries";
import { formatDateTime } from "../lib/format";

/**
 * The authority's comments from the last time a catalog review sent the entry back (004 §12),
 * read from the review case's timeline. Nothing while the case loads or when there are none.
 */
export function ReviewComments({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const kase = useCase(caseId);
  const entry = kase.data?.timeline.filter((e) => e.action === "request_revision").at(-1);
  if (!entry) return null;
  const comments = (entry.data as { comments?: unknown } | null)?.comments;
  const lines = Array.isArray(comments) ? comments.filter((c): c is string => typeof c === "string") : [];
  const due = kase.data?.clocks.find((c) => c.name === "fix" && c.state !== "stopped")?.dueOn;
  return (
    <Alert
      type="warning"
      showIcon
      className="review-comments"
      title={t("catalog.reviewComments")}
      description={
        <>
          <ol className="case-list">
            {lines.map((c, i) => (
              <li key={i} className="case-text">
                {c}
              </li>
            ))}
          </ol>
          <div className="muted">
            {[entry.actor.organisationName, entry.actor.name].filter(Boolean).join(" ")} · <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
            {due ? ` · ${t("catalog.fixBy", { date: due })}` : ""} · <Link to={`/console/cases/${caseId}`}>{t("catalog.openCase")}</Link>
          </div>
        </>
      }
    />
  );
}
