import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { ConsoleLayout } from "./components/console-layout";
import { PortalLayout } from "./components/portal-layout";

// Pages load on demand; the shells (header, navigation) come with the first bundle.
const HomePage = lazy(() => import("./pages/portal/home"));
const LoginPage = lazy(() => import("./pages/auth/login"));
const RegisterPage = lazy(() => import("./pages/auth/register"));
const ProfileDetailPage = lazy(() => import("./pages/account/profile-detail"));
const TokenListPage = lazy(() => import("./pages/account/token-list"));
const ActivityListPage = lazy(() => import("./pages/account/activity-list"));
const OrganisationListPage = lazy(() => import("./pages/admin/organisation-list"));
const OrganisationDetailPage = lazy(() => import("./pages/admin/organisation-detail"));
const OrganisationEditPage = lazy(() => import("./pages/admin/organisation-edit"));
const AuditEntryListPage = lazy(() => import("./pages/audit/entry-list"));
const AuditTraceListPage = lazy(() => import("./pages/audit/trace-list"));
const AuditVerificationPage = lazy(() => import("./pages/audit/verification-detail"));
const CaseListPage = lazy(() => import("./pages/cases/case-list"));
const CaseDetailPage = lazy(() => import("./pages/cases/case-detail"));
const CaseEditPage = lazy(() => import("./pages/cases/case-edit"));
const SupervisionListPage = lazy(() => import("./pages/cases/supervision-list"));
const NotificationListPage = lazy(() => import("./pages/cases/notification-list"));
const DatasetListPage = lazy(() => import("./pages/catalog/dataset-list"));
const DatasetDetailPage = lazy(() => import("./pages/catalog/dataset-detail"));
const OpenListPage = lazy(() => import("./pages/catalog/open-list"));
const EntryListPage = lazy(() => import("./pages/catalog/entry-list"));
const EntryDetailPage = lazy(() => import("./pages/catalog/entry-detail"));
const EntryEditPage = lazy(() => import("./pages/catalog/entry-edit"));
const ReviewListPage = lazy(() => import("./pages/catalog/review-list"));
const ReviewDetailPage = lazy(() => import("./pages/catalog/review-detail"));
const StaleListPage = lazy(() => import("./pages/catalog/stale-list"));
const NotFoundPage = lazy(() => import("./pages/not-found"));

const THEME = {
  token: {
    colorPrimary: "#1456b8",
    borderRadius: 6,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
};

export function Root() {
  const { i18n } = useTranslation();
  return (
    // No space inserted between two Chinese characters in buttons: "登录" stays "登录" for screen readers too.
    <ConfigProvider locale={i18n.language === "en" ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route element={<PortalLayout />}>
              <Route index element={<HomePage />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="register" element={<RegisterPage />} />
              <Route path="datasets" element={<DatasetListPage />} />
              <Route path="datasets/:id" element={<DatasetDetailPage />} />
              <Route path="open-list" element={<OpenListPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
            <Route path="console" element={<ConsoleLayout />}>
              <Route index element={<Navigate to="profile" replace />} />
              <Route path="profile" element={<ProfileDetailPage />} />
              <Route path="tokens" element={<TokenListPage />} />
              <Route path="activity" element={<ActivityListPage />} />
              <Route path="organisations" element={<OrganisationListPage />} />
              <Route path="organisations/new" element={<OrganisationEditPage />} />
              <Route path="organisations/:id" element={<OrganisationDetailPage />} />
              <Route path="organisations/:id/edit" element={<OrganisationEditPage />} />
              <Route path="cases" element={<CaseListPage />} />
              <Route path="cases/new" element={<CaseEditPage />} />
              <Route path="cases/:id" element={<CaseDetailPage />} />
              <Route path="catalog" element={<EntryListPage />} />
              <Route path="catalog/new" element={<EntryEditPage />} />
              <Route path="catalog/reviews" element={<ReviewListPage />} />
              <Route path="catalog/reviews/:id" element={<ReviewDetailPage />} />
              <Route path="catalog/stale" element={<StaleListPage />} />
              <Route path="catalog/:id" element={<EntryDetailPage />} />
              <Route path="catalog/:id/edit" element={<EntryEditPage />} />
              <Route path="supervision" element={<SupervisionListPage />} />
              <Route path="notifications" element={<NotificationListPage />} />
              <Route path="audit" element={<AuditEntryListPage />} />
              <Route path="audit/trace" element={<AuditTraceListPage />} />
              <Route path="audit/verify" element={<AuditVerificationPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
