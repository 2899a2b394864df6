import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDismissFlag, type Flag } from "../../api/queries/indicators";
import { ErrorMessage } from "../../components/QueryState";
import { flagReason } from "./reasons";

/** A person judges that a flag needs no support this semester, and says why (kept and shown). */
export function DismissDialog({ flag, onClose }: { flag: Flag; onClose: () => void }) {
  const { t } = useTranslation();
  const dismiss = useDismissFlag();
  const [reason, setReason] = useState("");
  const tooShort = reason.trim().length < 3;
  return (
    <Dialog open onClose={onClose} aria-labelledby="dismiss-title" fullWidth maxWidth="sm">
      <DialogTitle id="dismiss-title">{t("indicators.dismiss.title")}</DialogTitle>
      <DialogContent>
        <p>{flagReason(t, flag)}</p>
        <TextField
          label={t("indicators.dismiss.reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          required
          helperText={t("indicators.dismiss.help")}
        />
        {dismiss.error ? <ErrorMessage error={dismiss.error} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button
          variant="contained"
          disabled={tooShort || dismiss.isPending}
          onClick={() => void dismiss.mutateAsync({ flagId: flag.id, reason: reason.trim() }).then(onClose, () => undefined)}
        >
          {t("indicators.dismiss.confirm")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
