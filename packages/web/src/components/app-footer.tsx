import { Layout } from "antd";
import { useTranslation } from "react-i18next";
import { useHealth } from "../api/queries";

export function AppFooter() {
  const { t } = useTranslation();
  const { data: health } = useHealth();
  return (
    <Layout.Footer className="app-footer">
      <div>{t("footer.text")}</div>
      <div className="app-footer-links">
        {/* Served by the API server itself, outside the single-page app. */}
        <a href="/api/docs">{t("footer.apiDocs")}</a>
      </div>
      {health && <div className="app-footer-version">{t("footer.version", { version: health.version })}</div>}
    </Layout.Footer>
  );
}
