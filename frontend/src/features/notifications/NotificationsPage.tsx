import {
  Alert,
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormLabel,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  MenuItem,
  Paper,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Schemas } from "../../api/client";
import {
  notificationListQuery,
  preferencesQuery,
  useNotificationMutations,
  type Notification,
} from "../../api/queries/notifications";
import { PageHeader } from "../../components/PageHeader";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { formatDateTime } from "../../lib/format";
import { notificationTarget, notificationText } from "./text";

const MODES: Schemas["EmailMode"][] = ["immediately", "daily_digest", "off"];
const LANGUAGES: Schemas["Language"][] = ["lv", "en"];

function PreferencesForm() {
  const { t } = useTranslation();
  const prefs = useQuery(preferencesQuery());
  const { setPreferences } = useNotificationMutations();
  return (
    <Paper component="section" aria-labelledby="prefs-title" sx={{ p: 2, mb: 2 }}>
      <Typography variant="h6" component="h2" id="prefs-title" gutterBottom>
        {t("notifications.preferences.title")}
      </Typography>
      <QueryState isPending={prefs.isPending} error={prefs.error}>
        {() => (
          <Box sx={{ display: "flex", gap: 4, flexWrap: "wrap", alignItems: "flex-start" }}>
            <FormControl>
              <FormLabel id="email-mode">{t("notifications.preferences.email")}</FormLabel>
              <RadioGroup
                aria-labelledby="email-mode"
                value={prefs.data!.email_mode}
                onChange={(event) => setPreferences.mutate({ email_mode: event.target.value as Schemas["EmailMode"] })}
              >
                {MODES.map((mode) => (
                  <FormControlLabel key={mode} value={mode} control={<Radio />} label={t(`notifications.modes.${mode}`)} />
                ))}
              </RadioGroup>
            </FormControl>
            <TextField
              select
              label={t("notifications.preferences.language")}
              value={prefs.data!.language}
              onChange={(event) => setPreferences.mutate({ language: event.target.value as Schemas["Language"] })}
              sx={{ minWidth: 200 }}
            >
              {LANGUAGES.map((lng) => (
                <MenuItem key={lng} value={lng}>
                  {t(`notifications.languages.${lng}`)}
                </MenuItem>
              ))}
            </TextField>
          </Box>
        )}
      </QueryState>
      {setPreferences.isSuccess ? (
        <Alert severity="success" sx={{ mt: 2 }}>
          {t("notifications.preferences.saved")}
        </Alert>
      ) : null}
      <ErrorMessage error={setPreferences.error} />
    </Paper>
  );
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery(notificationListQuery(100));
  const { markRead, markAllRead } = useNotificationMutations();
  const open = (n: Notification) => {
    if (!n.read_at) markRead.mutate(n.id);
    void navigate(notificationTarget(n));
  };
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        actions={
          <Button variant="outlined" onClick={() => markAllRead.mutate()}>
            {t("notifications.markAllRead")}
          </Button>
        }
      />
      <PreferencesForm />
      <Paper component="section" aria-labelledby="list-title" sx={{ p: 2 }}>
        <Typography variant="h6" component="h2" id="list-title" gutterBottom>
          {t("notifications.latest")}
        </Typography>
        <QueryState isPending={list.isPending} error={list.error}>
          {() =>
            list.data!.items.length === 0 ? (
              <Typography color="text.secondary">{t("notifications.none")}</Typography>
            ) : (
              <List aria-labelledby="list-title">
                {list.data!.items.map((n) => (
                  <ListItem key={n.id} disablePadding>
                    <ListItemButton onClick={() => open(n)}>
                      <ListItemText
                        primary={notificationText(t, n)}
                        secondary={[
                          formatDateTime(n.created_at),
                          n.comment ? `“${n.comment}”` : null,
                          n.read_at ? null : t("notifications.unread"),
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                        slotProps={{ primary: { sx: { fontWeight: n.read_at ? 400 : 700 } } }}
                      />
                    </ListItemButton>
                  </ListItem>
                ))}
              </List>
            )
          }
        </QueryState>
      </Paper>
    </>
  );
}
