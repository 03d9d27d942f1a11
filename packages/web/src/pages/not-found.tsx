import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { usePageTitle } from "../lib/use-page-title";

export default function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("app.notFound"));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t("app.notFound")}</h1>}
      subTitle={t("app.notFoundHint")}
      extra={<Link to="/">{t("app.goHome")}</Link>}
    />
  );
}
