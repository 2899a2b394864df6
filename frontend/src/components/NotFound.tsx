import { Box, Button, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Box sx={{ py: 6, textAlign: "center" }}>
      <Typography variant="h4" component="h1" gutterBottom>
        {t("notFound.title")}
      </Typography>
      <Typography sx={{ mb: 3 }}>{t("notFound.text")}</Typography>
      <Button component={RouterLink} to="/" variant="contained">
        {t("notFound.home")}
      </Button>
    </Box>
  );
}
