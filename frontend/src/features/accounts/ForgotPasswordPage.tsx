import { Alert, Button, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRequestReset } from "../../api/queries/accounts";
import { ErrorMessage } from "../../components/QueryState";
import { PublicPage } from "./PublicPage";

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestReset();
  const [email, setEmail] = useState("");
  const [missing, setMissing] = useState(false);
  return (
    <PublicPage title={t("accounts.forgot.title")}>
      {request.isSuccess ? (
        <Alert severity="success" role="status">
          {t("accounts.forgot.sent")}
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!email.trim()) return setMissing(true);
            request.mutate(email.trim());
          }}
        >
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t("accounts.forgot.intro")}
          </Typography>
          <ErrorMessage error={request.error} />
          <TextField
            label={t("auth.email")}
            type="email"
            autoComplete="username"
            fullWidth
            margin="normal"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setMissing(false);
            }}
            error={missing}
            helperText={missing ? t("validation.required") : " "}
          />
          <Button type="submit" variant="contained" fullWidth disabled={request.isPending}>
            {t("accounts.forgot.submit")}
          </Button>
        </form>
      )}
    </PublicPage>
  );
}
