import { Spin } from "antd";
import { useTranslation } from "react-i18next";

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <Spin />
      <span className="sr-only">{t("app.loading")}</span>
    </div>
  );
}
