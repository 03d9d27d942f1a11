import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Bilingual, CaseDue, ClockState } from "../api/types";
import { bilingual } from "../lib/format";

const KIND_COLORS: Record<string, string> = {
  data_demand: "blue",
  correction: "purple",
  dispute: "magenta",
  rectification: "volcano",
  catalog_review: "cyan",
  catalog_update: "geekblue",
  catalog_revocation: "orange",
};

export function CaseKindTag({ kind, label }: { kind: string; label: Bilingual }) {
  const { i18n } = useTranslation();
  return <Tag color={KIND_COLORS[kind]}>{bilingual(label, i18n.language)}</Tag>;
}

export function CaseStateTag({ label, terminal }: { label: Bilingual; terminal: boolean }) {
  const { i18n } = useTranslation();
  return <Tag color={terminal ? "default" : "processing"}>{bilingual(label, i18n.language)}</Tag>;
}

const CLOCK_COLORS: Record<ClockState, string> = {
  running: "blue",
  due_soon: "orange",
  overdue: "red",
  paused: "default",
  stopped: "default",
};

export function ClockStateTag({ state }: { state: ClockState }) {
  const { t } = useTranslation();
  return <Tag color={CLOCK_COLORS[state]}>{t(`cases.clockStates.${state}`)}</Tag>;
}

/**
 * Working days left on a clock, in words and colour (the words carry the meaning; colour only
 * repeats it): overdue red, due soon orange, running blue.
 */
export function DaysLeft({ due }: { due: Pick<CaseDue, "dueOn" | "remainingWd" | "state"> | null }) {
  const { t } = useTranslation();
  if (!due) return <span className="muted">{t("cases.noClock")}</span>;
  if (due.dueOn === null || due.remainingWd === null) return <Tag>{t("cases.untimed")}</Tag>;
  if (due.state === "stopped") return <span className="muted">{t("cases.clockStates.stopped")}</span>;
  if (due.state === "paused") return <Tag>{t("cases.pausedLeft", { count: due.remainingWd })}</Tag>;
  if (due.remainingWd < 0 || due.state === "overdue") {
    return <Tag color="red">{t("cases.overdueBy", { count: Math.max(1, -due.remainingWd) })}</Tag>;
  }
  const text = due.remainingWd === 0 ? t("cases.dueToday") : t("cases.daysLeft", { count: due.remainingWd });
  if (due.state === "due_soon" || due.remainingWd === 0) return <Tag color="orange">{`${text} · ${t("cases.clockStates.due_soon")}`}</Tag>;
  return <Tag color="blue">{text}</Tag>;
}
