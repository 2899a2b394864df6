import { Alert, Button, TextField } from "@mui/material";
import type { UseMutationResult } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type Schemas } from "../../api/client";

const MIN_LENGTH = 12;

/** A new password twice, sent with the link's token; the token's refusal is said plainly. */
export function SetPasswordForm({
  token,
  mutation,
  submitLabel,
}: {
  token: string;
  mutation: UseMutationResult<unknown, Error, Schemas["TokenPassword"]>;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const tokenRefused =
    mutation.error instanceof ApiError && mutation.error.fieldErrors.some((e) => e.loc.includes("token"));

  if (!token) return <Alert severity="error">{t("accounts.badLink")}</Alert>;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (password.length < MIN_LENGTH) return setProblem(t("accounts.tooShort", { min: MIN_LENGTH }));
        if (password !== repeat) return setProblem(t("accounts.mismatch"));
        setProblem(null);
        mutation.mutate({ token, password });
      }}
    >
      {tokenRefused ? (
        <Alert severity="error" role="alert">
          {t("accounts.badLink")}
        </Alert>
      ) : mutation.error ? (
        <Alert severity="error" role="alert">
          {mutation.error.message}
        </Alert>
      ) : null}
      <TextField
        label={t("accounts.newPassword")}
        type="password"
        autoComplete="new-password"
        fullWidth
        margin="normal"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={Boolean(problem)}
        helperText={t("accounts.passwordHint", { min: MIN_LENGTH })}
      />
      <TextField
        label={t("accounts.repeatPassword")}
        type="password"
        autoComplete="new-password"
        fullWidth
        margin="normal"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={Boolean(problem)}
        helperText={problem ?? " "}
      />
      <Button type="submit" variant="contained" fullWidth disabled={mutation.isPending}>
        {submitLabel}
      </Button>
    </form>
  );
}
