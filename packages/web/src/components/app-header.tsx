import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { App, Button, Layout, Space } from "antd";
import { Link, NavLink } from "react-router-dom";
import { useTranslation } from "react-i18next";
import { useLogout, useSession } from "../api/queries";
import { LanguageSwitch } from "./language-switch";
import { NotificationBell } from "./notification-bell";

/** Logo, main navigation, language switch, and login/register or the user's menu. */
export function AppHeader() {
  const { t } = useTranslation();
  const { data: session, isPending } = useSession();
  const user = session?.user ?? null;
  const logout = useLogout();
  const { message } = App.useApp();

  // Inside the console, the console itself sends the user home once the session is gone.
  const onLogout = () => void logout.logOut().then(() => void message.success(t("auth.loggedOut")));

  return (
    <Layout.Header className="app-header">
      <Link to="/" className="brand" aria-label="数源 Shuyuan">
        <span className="brand-mark" aria-hidden>
          数
        </span>
        <span className="brand-zh">数源</span>
        <span className="brand-latin" lang="en">
          Shuyuan
        </span>
      </Link>
      <nav aria-label={t("nav.main")} className="main-nav">
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
        <NavLink to="/datasets">{t("nav.datasets")}</NavLink>
        <NavLink to="/open-list">{t("nav.openList")}</NavLink>
        {user && <NavLink to="/console">{t("nav.console")}</NavLink>}
      </nav>
      <Space className="header-actions" size="small" wrap>
        <LanguageSwitch />
        {user ? (
          <>
            <NotificationBell />
            <Link to="/console/profile" className="header-user">
              <UserOutlined aria-hidden /> {user.name}
            </Link>
            <Button icon={<LogoutOutlined aria-hidden />} loading={logout.isPending} onClick={onLogout}>
              {t("nav.logout")}
            </Button>
          </>
        ) : (
          !isPending && (
            <>
              <Link to="/login" className="header-link">
                {t("nav.login")}
              </Link>
              <Link to="/register" className="header-link header-link-primary">
                {t("nav.register")}
              </Link>
            </>
          )
        )}
      </Space>
    </Layout.Header>
  );
}
