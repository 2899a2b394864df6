import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Paper, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { ErrorMessage } from "../../components/QueryState";
import { formatDateTime } from "../../lib/format";
import type { PlanAction } from "./actions";
import { LevelChip, StatusChip, useSemesterLabel } from "./labels";

// The actions this bar offers a button for (notes are added in their tab, printing is always there).
const BAR_ACTIONS: PlanAction[] = ["submit", "approve", "log_delivery", "evaluate", "close", "discontinue", "delete"];

interface Props {
  plan: Plan;
  actions: PlanAction[];
  /** Moves the page to where an action happens (a tab or a panel). */
  onGoTo: (action: PlanAction) => void;
}

/** Status, risk level and the allowed actions of the plan; stays in view while scrolling. */
export function ActionBar({ plan, actions, onGoTo }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const semesterLabel = useSemesterLabel();
  const m = usePlanMutations(plan.id);
  const [discontinuing, setDiscontinuing] = useState(false);
  const [reason, setReason] = useState("");
  const error = m.submit.error ?? m.close.error ?? m.remove.error;
  const has = (a: PlanAction) => actions.includes(a);
  const offered = BAR_ACTIONS.some(has);

  return (
    <Paper
      component="section"
      aria-label={t("plans.allowedActions")}
      elevation={2}
      className="no-print"
      sx={{ position: "sticky", top: 72, zIndex: 5, p: 2, mb: 2 }}
    >
      <Box sx={{ display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap" }}>
        <Box sx={{ display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap", flexGrow: 1 }}>
          <StatusChip status={plan.status} size="medium" testId="plan-status" />
          <Typography variant="body2">
            {t("plans.riskLevel")}: <LevelChip level={plan.risk_level} />
          </Typography>
          <Typography variant="body2">{semesterLabel(plan.semester)}</Typography>
          {plan.awaiting_step ? (
            <Typography variant="body2">{t("plans.awaiting", { step: t(`steps.${plan.awaiting_step}`) })}</Typography>
          ) : null}
          <Typography variant="body2" color="text.secondary">
            {t("plans.changed")}: {formatDateTime(plan.status_changed_at)}
          </Typography>
        </Box>
        <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap" }}>
          {has("submit") ? (
            <Button variant="contained" onClick={() => m.submit.mutate()} disabled={m.submit.isPending}>
              {t("actions.submit")}
            </Button>
          ) : null}
          {has("approve") ? (
            <Button variant="contained" color="success" onClick={() => onGoTo("approve")}>
              {t("actions.approve")} / {t("actions.return")}
            </Button>
          ) : null}
          {has("log_delivery") ? (
            <Button variant="contained" onClick={() => onGoTo("log_delivery")}>
              {t("actions.logDelivery")}
            </Button>
          ) : null}
          {has("evaluate") ? (
            <Button variant="outlined" onClick={() => onGoTo("evaluate")}>
              {t("actions.evaluate")}
            </Button>
          ) : null}
          {has("close") ? (
            <Button variant="contained" onClick={() => m.close.mutate()} disabled={m.close.isPending}>
              {t("actions.close")}
            </Button>
          ) : null}
          {has("discontinue") ? (
            <Button variant="outlined" color="warning" onClick={() => setDiscontinuing(true)}>
              {t("actions.discontinue")}
            </Button>
          ) : null}
          {has("delete") ? (
            <Button
              variant="outlined"
              color="error"
              onClick={() => void m.remove.mutateAsync().then(() => navigate(`/students/${plan.student_id}`))}
            >
              {t("actions.delete")}
            </Button>
          ) : null}
          <Button variant="outlined" component={RouterLink} to={`/plans/${plan.id}/print`}>
            {t("actions.print")}
          </Button>
        </Box>
      </Box>
      {!offered ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t("plans.noActions")}
        </Typography>
      ) : null}
      {error ? (
        <Box sx={{ mt: 1 }}>
          <ErrorMessage error={error} />
        </Box>
      ) : null}
      <Dialog open={discontinuing} onClose={() => setDiscontinuing(false)} fullWidth>
        <DialogTitle>{t("actions.discontinue")}</DialogTitle>
        <DialogContent>
          <TextField
            label={t("plans.discontinueReason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            multiline
            margin="dense"
          />
          <ErrorMessage error={m.discontinue.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDiscontinuing(false)}>{t("common.cancel")}</Button>
          <Button
            color="warning"
            variant="contained"
            disabled={!reason.trim()}
            onClick={() => void m.discontinue.mutateAsync({ reason: reason.trim() }).then(() => setDiscontinuing(false))}
          >
            {t("actions.discontinue")}
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}
