import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import lv from "./lv.json";

type Language = "lv" | "en";
const STORAGE_KEY = "pumpurs.language";

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" ? "en" : "lv";
  } catch {
    return "lv";
  }
}

void i18n.use(initReactI18next).init({
  resources: { lv: { translation: lv }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: "lv",
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocumentLanguage(lng: string): void {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
}
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", (lng) => {
  syncDocumentLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
});

export default i18n;
