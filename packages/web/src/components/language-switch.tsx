import { GlobalOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";

/** Toggles 中文 / English; the choice is kept in localStorage (see i18n/index.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === "en" ? "zh-CN" : "en";
  return (
    <Button
      type="text"
      icon={<GlobalOutlined aria-hidden />}
      title={t("language.switchLabel")}
      onClick={() => void i18n.changeLanguage(next)}
    >
      <span className="sr-only">{t("language.switchLabel")}: </span>
      <span lang={next}>{t("language.other")}</span>
    </Button>
  );
}
