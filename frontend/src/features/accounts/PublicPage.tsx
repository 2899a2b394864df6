import { Box, Link, Paper, Typography } from "@mui/material";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { LanguageSwitch } from "../../components/LanguageSwitch";

/** The frame of the pages reached without signing in (as the login page). */
export function PublicPage({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box component="main" sx={{ minHeight: "100vh", display: "grid", placeItems: "center", p: 2, bgcolor: "grey.100" }}>
      <Paper sx={{ p: 4, width: "100%", maxWidth: 440 }} elevation={2}>
        <Box sx={{ display: "flex", justifyContent: "space-between", alignItems: "center", mb: 2 }}>
          <Typography variant="h4" component="h1">
            {title}
          </Typography>
          <LanguageSwitch color="primary" />
        </Box>
        {children}
        <Box sx={{ mt: 3 }}>
          <Link component={RouterLink} to="/login">
            {t("accounts.backToLogin")}
          </Link>
        </Box>
      </Paper>
    </Box>
  );
}

/** The one-time token of a link: after `#token=` (a fragment never reaches a server's logs). */
export function tokenFromLocation(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
}
