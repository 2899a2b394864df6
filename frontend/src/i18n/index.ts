import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api/client";
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

// Latvian, the default, is part of the first page; English is loaded when it is chosen.
void i18n.use(initReactI18next).init({
  resources: { lv: { translation: lv } },
  partialBundledLanguages: true,
  lng: "lv",
  fallbackLng: "lv",
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switch the app's language, loading its texts first when they are not here yet. */
export async function switchLanguage(lng: Language): Promise<void> {
  if (lng === "en" && !i18n.hasResourceBundle("en", "translation")) {
    const en = (await import("./en.json")).default;
    i18n.addResourceBundle("en", "translation", en);
  }
  await i18n.changeLanguage(lng);
}

function syncDocumentLanguage(lng: string): void {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
  // The server's messages (refusals, validation) come in the same language.
  setApiLanguage(lng);
}
syncDocumentLanguage(i18n.language);
if (storedLanguage() === "en") void switchLanguage("en");
i18n.on("languageChanged", (lng) => {
  syncDocumentLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
});

export default i18n;
