import { Button } from "@mui/material";
import { useTranslation } from "react-i18next";
import { switchLanguage } from "../i18n";

/** Switches between Latvian and English; the button names the other language in that language. */
export function LanguageSwitch({ color = "inherit" }: { color?: "inherit" | "primary" }) {
  const { t, i18n } = useTranslation();
  const other = i18n.language === "en" ? "lv" : "en";
  return (
    <Button
      color={color}
      lang={other}
      aria-label={t("language.switchTo")}
      onClick={() => void switchLanguage(other)}
    >
      {other === "en" ? "English" : "Latviešu"}
    </Button>
  );
}
