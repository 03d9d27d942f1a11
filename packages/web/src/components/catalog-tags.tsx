import { Space, Tag } from "antd";
import type { EntryStatus } from "@shuyuan/core/catalog/visibility";
import type { Level, OpenType, ShareType } from "@shuyuan/core/catalog/vocabulary";
import { useTranslation } from "react-i18next";
import { codeLabel } from "../lib/catalog";

// Badges of a catalog entry. The words carry the meaning; colour only repeats it.

const TYPE_COLORS: Record<OpenType | ShareType, string> = {
  unconditional: "green",
  conditional: "gold",
  none: "default",
};

const LEVEL_COLORS: Record<Level, string> = { 1: "blue", 2: "geekblue", 3: "purple", 4: "magenta" };

export function OpenTypeTag({ value }: { value: OpenType | null | undefined }) {
  const { i18n } = useTranslation();
  if (!value) return null;
  return <Tag color={TYPE_COLORS[value]}>{codeLabel("openType", value, i18n.language)}</Tag>;
}

export function ShareTypeTag({ value }: { value: ShareType | null | undefined }) {
  const { i18n } = useTranslation();
  if (!value) return null;
  return (
    <Tag color={TYPE_COLORS[value]} variant="outlined">
      {codeLabel("shareType", value, i18n.language)}
    </Tag>
  );
}

export function LevelTag({ value }: { value: Level | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!value) return null;
  return (
    <Tag color={LEVEL_COLORS[value]} title={t("catalog.levelTitle")}>
      {t("catalog.levelBadge", { level: codeLabel("level", value, i18n.language) })}
    </Tag>
  );
}

/** Open type, share type and level of an entry, side by side. */
export function DatasetBadges({ openType, shareType, level }: { openType?: OpenType | null; shareType?: ShareType | null; level?: Level | null }) {
  return (
    <Space size={4} wrap className="dataset-badges">
      <OpenTypeTag value={openType} />
      <ShareTypeTag value={shareType} />
      <LevelTag value={level} />
    </Space>
  );
}

const STATUS_COLORS: Record<EntryStatus, string> = {
  draft: "default",
  under_review: "processing",
  revision_requested: "orange",
  published: "success",
  revoking: "warning",
  revoked: "default",
};

export function EntryStatusTag({ status }: { status: EntryStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status] ?? "default"}>{t(`catalog.statuses.${status}`, { defaultValue: status })}</Tag>;
}
