import { Paper, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useMe } from "../auth/SessionProvider";
import { PageHeader } from "../components/PageHeader";

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader
        title={t("home.greeting", { name: me.user.full_name })}
        subtitle={`${t(`roles.${me.current.role}`)}${me.current.scope_name ? ` · ${me.current.scope_name}` : ""}`}
      />
      <Paper sx={{ p: 2 }}>
        <Typography>{t("home.intro")}</Typography>
      </Paper>
    </>
  );
}
