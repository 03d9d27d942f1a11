import { Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { DatasetChange } from "../api/types";
import { describeChange } from "../lib/catalog";

/** What changed between two versions, one readable line each ("字段 phone 分级 2 → 3"). */
export function DatasetChanges({ changes, first = false }: { changes: DatasetChange[]; first?: boolean }) {
  const { t, i18n } = useTranslation();
  if (first) return <Typography.Text type="secondary">{t("catalog.changes.firstVersion")}</Typography.Text>;
  if (changes.length === 0) return <Typography.Text type="secondary">{t("catalog.changes.none")}</Typography.Text>;
  return (
    <ul className="dataset-changes">
      {changes.map((c, i) => (
        <li key={`${c.path}-${i}`} className={`dataset-change dataset-change-${c.kind}`}>
          {describeChange(c, t, i18n.language)}
        </li>
      ))}
    </ul>
  );
}
