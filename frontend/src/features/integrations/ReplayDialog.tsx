import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useReplayWebhook, type ClientWebhook } from "../../api/queries/integrations";
import { ErrorMessage } from "../../components/QueryState";

interface Props {
  clientId: string;
  webhook: ClientWebhook | null;
  onClose: () => void;
  onReplayed: (queued: number) => void;
}

/** Deliver a subscription's events again from a sequence number on (the API checks the range). */
export function ReplayDialog({ clientId, webhook, onClose, onReplayed }: Props) {
  const { t } = useTranslation();
  const replay = useReplayWebhook();
  const [from, setFrom] = useState("");
  const [invalid, setInvalid] = useState(false);
  const close = () => {
    replay.reset();
    setFrom("");
    setInvalid(false);
    onClose();
  };
  const confirm = async () => {
    if (!webhook) return;
    const fromSequence = Number(from);
    if (!Number.isInteger(fromSequence) || fromSequence < 1) {
      setInvalid(true);
      return;
    }
    const result = await replay.mutateAsync({ clientId, webhookId: webhook.id, fromSequence });
    close();
    onReplayed(result.queued);
  };

  return (
    <Dialog open={webhook !== null} onClose={close} fullWidth maxWidth="sm" aria-labelledby="replay-webhook-title">
      <DialogTitle id="replay-webhook-title">{t("integrations.webhooks.replayTitle")}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <DialogContentText>
            {t("integrations.webhooks.replayText", { through: webhook?.queued_through ?? 0 })}
          </DialogContentText>
          <TextField
            label={t("integrations.webhooks.fromSequence")}
            value={from}
            onChange={(e) => {
              setFrom(e.target.value);
              setInvalid(false);
            }}
            inputMode="numeric"
            error={invalid}
            helperText={invalid ? t("validation.wholeNumber") : " "}
            required
          />
          <ErrorMessage error={replay.error} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t("common.cancel")}</Button>
        <Button variant="contained" disabled={replay.isPending} onClick={() => void confirm().catch(() => undefined)}>
          {t("integrations.webhooks.replayConfirm")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
