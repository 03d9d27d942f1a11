import { Layout } from "antd";
import { Suspense } from "react";
import { Outlet } from "react-router-dom";
import { AppFooter } from "./app-footer";
import { AppHeader } from "./app-header";
import { PageLoading } from "./page-loading";
import { SkipLink } from "./skip-link";

/** The public portal: header, one column of content, footer. */
export function PortalLayout() {
  return (
    <Layout className="app-shell">
      <SkipLink />
      <AppHeader />
      <Layout.Content>
        <main id="main" tabIndex={-1} className="portal-main">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
      <AppFooter />
    </Layout>
  );
}
