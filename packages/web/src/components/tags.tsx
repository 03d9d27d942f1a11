import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { OrganisationKind, Role } from "../api/types";

const KIND_COLORS: Record<OrganisationKind, string> = {
  authority: "red",
  department: "blue",
  public_org: "green",
  operator: "purple",
};

export function KindTag({ kind }: { kind: OrganisationKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLORS[kind]}>{t(`organisations.kinds.${kind}`)}</Tag>;
}

export function RoleTags({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={r === "admin" ? "gold" : undefined}>
          {t(`roles.${r}`)}
        </Tag>
      ))}
    </>
  );
}
