import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AuditOutcome } from "../api/types";
import { useRegionName } from "./region-name";

const OUTCOME_COLORS: Record<AuditOutcome, string> = {
  success: "green",
  denied: "orange",
  error: "red",
};

export function OutcomeTag({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useTranslation();
  return <Tag color={OUTCOME_COLORS[outcome]}>{t(`audit.outcomes.${outcome}`)}</Tag>;
}

/** An audit action's name in the UI language, when known, over its dotted code. */
export function AuditActionLabel({ action }: { action: string }) {
  const { t, i18n } = useTranslation();
  const key = `audit.actions.${action}`;
  const label = i18n.exists(key) ? t(key, { returnObjects: true }) : null;
  if (typeof label !== "string") return <Typography.Text code>{action}</Typography.Text>;
  return (
    <span className="audit-action">
      <span>{label}</span>
      <Typography.Text code className="audit-action-code">
        {action}
      </Typography.Text>
    </span>
  );
}

/** A region code with its name once the region list has it. */
export function RegionLabel({ code }: { code: string | null | undefined }) {
  const name = useRegionName(code ?? undefined);
  if (!code) return null;
  return <span title={code}>{name ?? code}</span>;
}
