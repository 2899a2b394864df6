import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useRevokeApiClient, type ApiClient } from "../../api/queries/integrations";
import { ErrorMessage } from "../../components/QueryState";

/** Revoking cannot be undone: the client's secret and tokens stop working at once. */
export function RevokeClientDialog({ client, onClose }: { client: ApiClient | null; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeApiClient();
  const close = () => {
    revoke.reset();
    onClose();
  };
  const confirm = async () => {
    if (!client) return;
    await revoke.mutateAsync(client.id);
    close();
  };

  return (
    <Dialog open={client !== null} onClose={close} fullWidth maxWidth="sm" aria-labelledby="revoke-client-title">
      <DialogTitle id="revoke-client-title">{t("integrations.revoke.title", { name: client?.name ?? "" })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText>{t("integrations.revoke.warning")}</DialogContentText>
          <ErrorMessage error={revoke.error} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t("common.cancel")}</Button>
        <Button
          color="error"
          variant="contained"
          disabled={revoke.isPending}
          onClick={() => void confirm().catch(() => undefined)}
        >
          {t("integrations.revoke.confirm")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
