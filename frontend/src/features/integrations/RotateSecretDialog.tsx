import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useRotateSecret, type ApiClient, type ApiClientWithSecret } from "../../api/queries/integrations";
import { ErrorMessage } from "../../components/QueryState";

interface Props {
  client: ApiClient | null;
  onClose: () => void;
  onRotated: (client: ApiClientWithSecret) => void;
}

/** A new secret replaces the old one at once: the system using the client must be told. */
export function RotateSecretDialog({ client, onClose, onRotated }: Props) {
  const { t } = useTranslation();
  const rotate = useRotateSecret();
  const close = () => {
    rotate.reset();
    onClose();
  };
  const confirm = async () => {
    if (!client) return;
    const rotated = await rotate.mutateAsync(client.id);
    close();
    onRotated(rotated);
  };

  return (
    <Dialog open={client !== null} onClose={close} fullWidth maxWidth="sm" aria-labelledby="rotate-secret-title">
      <DialogTitle id="rotate-secret-title">{t("integrations.rotate.title", { name: client?.name ?? "" })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText>{t("integrations.rotate.warning")}</DialogContentText>
          <ErrorMessage error={rotate.error} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t("common.cancel")}</Button>
        <Button
          variant="contained"
          disabled={rotate.isPending}
          onClick={() => void confirm().catch(() => undefined)}
        >
          {t("integrations.rotate.confirm")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
