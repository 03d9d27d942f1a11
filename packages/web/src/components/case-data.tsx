import { Descriptions } from "antd";
import { useTranslation } from "react-i18next";
import type { CaseAttachment } from "../api/types";
import { CaseAttachmentLinks } from "./case-attachments";

/** Fields whose values are codes with a translated label (cases.options.<key>.<value>). */
const OPTION_KEYS: Record<string, string> = {
  outcome: "outcome",
  problem: "problem",
  origin: "origin",
  purpose: "purpose",
  cause: "cause",
};

/** What a timeline entry recorded (reasons, explanation, outcome …), field by field. */
export function CaseData({ data, caseId, clockLabel }: { data: unknown; caseId: string; clockLabel?: (name: string) => string }) {
  const { t } = useTranslation();
  if (!data || typeof data !== "object" || Array.isArray(data)) return null;
  const entries = Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return null;

  const option = (key: string, v: string) => {
    const group = OPTION_KEYS[key] ?? (key === "measures" ? "sanction" : undefined);
    return group ? t(`cases.options.${group}.${v}`, { defaultValue: v }) : v;
  };
  const render = (key: string, v: unknown) => {
    if (typeof v === "boolean") return v ? t("cases.yes") : t("cases.no");
    if (key === "clock" && typeof v === "string" && clockLabel) return clockLabel(v);
    if (key === "attachments" && Array.isArray(v)) return <CaseAttachmentLinks caseId={caseId} attachments={v as CaseAttachment[]} />;
    if (typeof v === "string") return <span className="case-text">{option(key, v)}</span>;
    if (typeof v === "number") return String(v);
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
      return (
        <ol className="case-list">
          {v.map((x, i) => (
            <li key={i}>{option(key, x)}</li>
          ))}
        </ol>
      );
    }
    return <code className="mono">{JSON.stringify(v)}</code>;
  };

  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="case-data"
      items={entries.map(([k, v]) => ({ key: k, label: t(`cases.fields.${k}`, { defaultValue: k }), children: render(k, v) }))}
    />
  );
}
