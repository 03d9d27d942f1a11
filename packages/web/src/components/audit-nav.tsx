import { Menu } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router-dom";

const SECTIONS = [
  { path: "/console/audit", key: "search" },
  { path: "/console/audit/trace", key: "trace" },
  { path: "/console/audit/verify", key: "verify" },
] as const;

/** The audit record's sections: search, trace, verify and checkpoints. */
export function AuditNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = SECTIONS.find((s) => s.path === pathname.replace(/\/$/, ""))?.path;
  return (
    <nav aria-label={t("audit.sectionNav")}>
      <Menu
        mode="horizontal"
        className="audit-nav"
        selectedKeys={current ? [current] : []}
        items={SECTIONS.map((s) => ({
          key: s.path,
          label: (
            <Link to={s.path} aria-current={s.path === current ? "page" : undefined}>
              {t(`audit.sections.${s.key}`)}
            </Link>
          ),
        }))}
      />
    </nav>
  );
}
