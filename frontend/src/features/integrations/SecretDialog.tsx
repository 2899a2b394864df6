import ContentCopy from "@mui/icons-material/ContentCopy";
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  Stack,
  TextField,
  Tooltip,
} from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiClientWithSecret } from "../../api/queries/integrations";

/** The client's secret, shown once after creating the client or rotating its secret. */
export function SecretDialog({ client, onClose }: { client: ApiClientWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const close = () => {
    setCopied(null);
    onClose();
  };
  const copy = async () => {
    if (!client) return;
    try {
      await navigator.clipboard.writeText(client.client_secret);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };

  return (
    <Dialog
      open={client !== null}
      // A stray click beside the dialog must not lose a secret that is never shown again.
      onClose={(_event, reason) => reason !== "backdropClick" && close()}
      fullWidth maxWidth="sm" aria-labelledby="secret-title">
      <DialogTitle id="secret-title">{t("integrations.secret.title", { name: client?.name ?? "" })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Alert severity="warning">{t("integrations.secret.warning")}</Alert>
          <TextField
            label={t("integrations.clients.clientId")}
            value={client?.client_id ?? ""}
            slotProps={{ htmlInput: { readOnly: true } }}
          />
          <TextField
            label={t("integrations.secret.secret")}
            value={client?.client_secret ?? ""}
            slotProps={{
              htmlInput: { readOnly: true, spellCheck: false, style: { fontFamily: "monospace" } },
              input: {
                endAdornment: (
                  <InputAdornment position="end">
                    <Tooltip title={t("integrations.secret.copy")}>
                      <IconButton aria-label={t("integrations.secret.copy")} onClick={() => void copy()} edge="end">
                        <ContentCopy />
                      </IconButton>
                    </Tooltip>
                  </InputAdornment>
                ),
              },
            }}
          />
          {copied === "yes" ? <Alert severity="success">{t("integrations.secret.copied")}</Alert> : null}
          {copied === "failed" ? <Alert severity="info">{t("integrations.secret.copyFailed")}</Alert> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={close}>
          {t("integrations.secret.stored")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
