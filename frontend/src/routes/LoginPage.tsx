import {
  Alert,
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormLabel,
  Link,
  Paper,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from "@mui/material";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Navigate, Link as RouterLink, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import { meQuery } from "../api/queries/auth";
import { useSession, type Me } from "../auth/SessionProvider";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { loginResolver, type LoginValues } from "../lib/loginValidation";

/** Only paths inside the app are followed after signing in. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [failure, setFailure] = useState<string | null>(null);
  const [choice, setChoice] = useState<{ me: Me; values: LoginValues } | null>(null);
  const [assignmentId, setAssignmentId] = useState("");

  const form = useForm<LoginValues>({ resolver: loginResolver, defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  if (session.signedIn && session.me && !choice && !isSubmitting) return <Navigate to={next} replace />;

  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await session.signIn(values.email, values.password);
      const me = await client.fetchQuery(meQuery());
      if (me.assignments.length > 1) {
        setAssignmentId(me.current.id);
        setChoice({ me, values });
        return;
      }
      navigate(next, { replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 401 ? t("auth.invalid") : t("errors.unexpected"));
    }
  });

  const continueInRole = async () => {
    if (!choice) return;
    if (assignmentId !== choice.me.current.id) {
      await session.signIn(choice.values.email, choice.values.password, assignmentId);
    }
    setChoice(null);
    navigate(next, { replace: true });
  };

  return (
    <Box component="main" sx={{ minHeight: "100vh", display: "grid", placeItems: "center", p: 2, bgcolor: "grey.100" }}>
      <Paper sx={{ p: 4, width: "100%", maxWidth: 420 }} elevation={2}>
        <Box sx={{ display: "flex", justifyContent: "space-between", alignItems: "center", mb: 2 }}>
          <Typography variant="h4" component="h1">
            {t("app.name")}
          </Typography>
          <LanguageSwitch color="primary" />
        </Box>
        <Typography sx={{ mb: 3 }} color="text.secondary">
          {t("auth.intro")}
        </Typography>
        {session.sessionEnded && !choice ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {t("auth.sessionEnded")}
          </Alert>
        ) : null}
        {failure ? (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {failure}
          </Alert>
        ) : null}
        {choice ? (
          <Box>
            <FormControl>
              <FormLabel id="role-choice">{t("auth.chooseRole")}</FormLabel>
              <RadioGroup
                aria-labelledby="role-choice"
                value={assignmentId}
                onChange={(event) => setAssignmentId(event.target.value)}
              >
                {choice.me.assignments.map((a) => (
                  <FormControlLabel
                    key={a.id}
                    value={a.id}
                    control={<Radio />}
                    label={`${t(`roles.${a.role}`)}${a.scope_name ? ` · ${a.scope_name}` : ""}`}
                  />
                ))}
              </RadioGroup>
            </FormControl>
            <Button fullWidth variant="contained" sx={{ mt: 2 }} onClick={() => void continueInRole()}>
              {t("auth.continue")}
            </Button>
          </Box>
        ) : (
          <Box component="form" noValidate onSubmit={(event) => void submit(event)}>
            <TextField
              {...form.register("email")}
              label={t("auth.email")}
              type="email"
              autoComplete="username"
              fullWidth
              margin="normal"
              error={Boolean(errors.email)}
              helperText={errors.email?.message ? t(errors.email.message) : " "}
            />
            <TextField
              {...form.register("password")}
              label={t("auth.password")}
              type="password"
              autoComplete="current-password"
              fullWidth
              margin="normal"
              error={Boolean(errors.password)}
              helperText={errors.password?.message ? t(errors.password.message) : " "}
            />
            <Button type="submit" fullWidth variant="contained" size="large" disabled={isSubmitting} sx={{ mt: 1 }}>
              {t("auth.signIn")}
            </Button>
            <Link component={RouterLink} to="/forgot-password" sx={{ display: "inline-block", mt: 2 }}>
              {t("accounts.forgot.link")}
            </Link>
          </Box>
        )}
      </Paper>
    </Box>
  );
}
