import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from "@mui/material";
import type { ReactNode } from "react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "./QueryState";

export interface ConfirmDialogProps {
  open: boolean;
  /** The question, naming the action: "Dzēst plāna melnrakstu?" */
  title: string;
  /** What will happen, in plain words: what changes, who is told, whether it can be undone. */
  children: ReactNode;
  /** The confirming button's text: the action itself ("Dzēst"), never "Jā" or "Labi". */
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  /** The action is running: the buttons wait. */
  pending?: boolean;
  /** A failed attempt, shown in the dialog. */
  error?: unknown;
  /** Destructive or final: the confirming button is red. */
  danger?: boolean;
  /** Extra content between the explanation and the buttons (a reason field). */
  extra?: ReactNode;
  /** The confirming button is disabled (e.g. a required reason is empty). */
  confirmDisabled?: boolean;
}

/** Asks before a final or destructive action, saying what will happen; Cancel is the default. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending = false,
  error,
  danger = false,
  extra,
  confirmDisabled = false,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  return (
    <Dialog open={open} onClose={pending ? undefined : onClose} aria-labelledby={titleId} aria-describedby={bodyId}>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={bodyId} component="div">
          {children}
        </DialogContentText>
        {extra}
        <ErrorMessage error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending} autoFocus>
          {t("common.cancel")}
        </Button>
        <Button
          onClick={onConfirm}
          disabled={pending || confirmDisabled}
          variant="contained"
          color={danger ? "error" : "primary"}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
