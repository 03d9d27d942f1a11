import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BellOutlined,
  ClockCircleOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  HistoryOutlined,
  KeyOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Layout, Menu, type MenuProps } from "antd";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation } from "react-router-dom";
import { sessionEndedByLogout, useSession } from "../api/queries";
import { canAdministerOrganisations, canCompileCatalog, canReadAuditRecord, canReviewCatalog, canSeeStaleEntries, canSuperviseCases } from "../lib/permissions";
import PasswordEditPage from "../pages/account/password-edit";
import { AppHeader } from "./app-header";
import { ErrorAlert } from "./error-alert";
import { PageLoading } from "./page-loading";
import { SkipLink } from "./skip-link";

/**
 * The console: only for logged-in users (others go to login and come back), and only
 * after a required password change. The side navigation shows what the user may use.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();

  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <main id="main" className="portal-main">
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  const user = session.data.user;
  if (!user) {
    if (sessionEndedByLogout()) return <Navigate to="/" replace />;
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }

  const items: MenuProps["items"] = [
    { key: "/console/cases", icon: <FileTextOutlined aria-hidden />, label: <Link to="/console/cases">{t("nav.cases")}</Link> },
  ];
  if (canCompileCatalog(user)) {
    items.push({
      key: "/console/catalog",
      icon: <DatabaseOutlined aria-hidden />,
      label: <Link to="/console/catalog">{t("nav.catalog")}</Link>,
    });
  }
  if (canReviewCatalog(user)) {
    items.push({
      key: "/console/catalog/reviews",
      icon: <FileDoneOutlined aria-hidden />,
      label: <Link to="/console/catalog/reviews">{t("nav.catalogReviews")}</Link>,
    });
  }
  if (canSeeStaleEntries(user)) {
    items.push({
      key: "/console/catalog/stale",
      icon: <ClockCircleOutlined aria-hidden />,
      label: <Link to="/console/catalog/stale">{t("nav.catalogStale")}</Link>,
    });
  }
  items.push(
    { key: "/console/profile", icon: <UserOutlined aria-hidden />, label: <Link to="/console/profile">{t("nav.profile")}</Link> },
    { key: "/console/tokens", icon: <KeyOutlined aria-hidden />, label: <Link to="/console/tokens">{t("nav.tokens")}</Link> },
    { key: "/console/activity", icon: <HistoryOutlined aria-hidden />, label: <Link to="/console/activity">{t("nav.activity")}</Link> },
  );
  if (canSuperviseCases(user)) {
    items.push({
      key: "/console/supervision",
      icon: <AlertOutlined aria-hidden />,
      label: <Link to="/console/supervision">{t("nav.supervision")}</Link>,
    });
  }
  items.push({
    key: "/console/notifications",
    icon: <BellOutlined aria-hidden />,
    label: <Link to="/console/notifications">{t("nav.notifications")}</Link>,
  });
  if (canAdministerOrganisations(user)) {
    items.push({
      key: "/console/organisations",
      icon: <ApartmentOutlined aria-hidden />,
      label: <Link to="/console/organisations">{t("nav.organisations")}</Link>,
    });
  }
  if (canReadAuditRecord(user)) {
    items.push({
      key: "/console/audit",
      icon: <AuditOutlined aria-hidden />,
      label: <Link to="/console/audit">{t("nav.audit")}</Link>,
    });
  }
  // The most specific entry only: /console/catalog/reviews/… is the review queue's, not 目录编制's.
  const selected = items
    .map((i) => String(i?.key))
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  return (
    <Layout className="app-shell">
      <SkipLink />
      <AppHeader />
      {user.mustChangePassword ? (
        <Layout.Content>
          <main id="main" tabIndex={-1} className="portal-main">
            <PasswordEditPage forced />
          </main>
        </Layout.Content>
      ) : (
        <Layout hasSider className="console-body">
          <Layout.Sider theme="light" width={220} breakpoint="md" collapsedWidth={0} className="console-sider">
            <nav aria-label={t("nav.consoleNav")}>
              <Menu mode="inline" selectedKeys={selected} items={items} />
            </nav>
          </Layout.Sider>
          <Layout.Content>
            <main id="main" tabIndex={-1} className="console-main">
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </main>
          </Layout.Content>
        </Layout>
      )}
    </Layout>
  );
}
