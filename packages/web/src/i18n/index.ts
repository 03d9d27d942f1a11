import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en";
import zhCN from "./zh-CN";

export type Language = "zh-CN" | "en";
export const LANGUAGES: readonly Language[] = ["zh-CN", "en"];
const STORAGE_KEY = "shuyuan.language";

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === "en" || v === "zh-CN") return v;
  } catch {
    // storage unavailable (private mode): fall back to the default
  }
  return "zh-CN";
}

/** Keep <html lang> in step with the UI language, for screen readers and hyphenation. */
function applyDocumentLanguage(lng: string) {
  document.documentElement.lang = lng === "en" ? "en" : "zh-CN";
}

i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
applyDocumentLanguage(i18n.language);

i18n.on("languageChanged", (lng) => {
  applyDocumentLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore: the choice just won't survive a reload
  }
});

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "zh-CN";
}

export default i18n;
