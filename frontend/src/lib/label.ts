import { useTranslation } from "react-i18next";

interface Labelled {
  label_lv: string;
  label_en: string;
}

/** Picks the catalogue label in the interface language. */
export function useCatalogueLabel(): (item: Labelled | null | undefined) => string {
  const { i18n } = useTranslation();
  return (item) => (item ? (i18n.language === "en" ? item.label_en : item.label_lv) : "—");
}
