import { Box, Button, Paper, TextField, Typography, useMediaQuery, useTheme } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";
import { ApiError } from "../../api/client";
import { planReadinessQuery, usePlanMutations, type Plan } from "../../api/queries/plans";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatDateTime } from "../../lib/format";
import type { PlanAction } from "./actions";
import { LevelChip, StatusChip, useSemesterLabel } from "./labels";
import { ReadinessList } from "./Readiness";
import type { UnsavedEdits } from "./unsaved";

// The actions this bar offers a button for (notes are added in their tab, printing is always there).
const BAR_ACTIONS: PlanAction[] = ["submit", "approve", "log_delivery", "evaluate", "close", "discontinue", "delete"];

type Asking = "submit" | "delete" | "close" | "discontinue" | null;

interface Props {
  plan: Plan;
  actions: PlanAction[];
  /** Moves the page to where an action happens (a tab or a panel). */
  onGoTo: (action: PlanAction) => void;
  /** The page's unsaved edits: submitting saves them first. */
  edits: UnsavedEdits;
}

/** The codes of the items a refused submit names (its problem's `errors`, loc ["readiness", code]). */
function refusedItems(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.filter((e) => e.loc[0] === "readiness").map((e) => String(e.loc[1]));
}

/** Status, risk level and the allowed actions of the plan; stays in view while scrolling on a wide
 * screen, and is compact and scrolls away on a phone. */
export function ActionBar({ plan, actions, onGoTo, edits }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const semesterLabel = useSemesterLabel();
  const m = usePlanMutations(plan.id);
  const phone = useMediaQuery(useTheme().breakpoints.down("sm"));
  const [asking, setAsking] = useState<Asking>(null);
  const [reason, setReason] = useState("");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const has = (a: PlanAction) => actions.includes(a);
  const readiness = useQuery({ ...planReadinessQuery(plan.id), enabled: has("submit") });
  const offered = BAR_ACTIONS.some(has);
  const size = phone ? "small" : "medium";
  const close = () => {
    setAsking(null);
    setReason("");
    setSaveError(null);
    m.submit.reset();
    m.close.reset();
    m.remove.reset();
    m.discontinue.reset();
  };

  const submit = async () => {
    setSaveError(null);
    if (edits.dirty.length) {
      // The on-screen edits are saved first, each onto the version the previous save returned;
      // if one fails, nothing is submitted and the edits stay on screen.
      setSaving(true);
      try {
        await edits.saveAll(plan);
      } catch (e) {
        setSaveError(e);
        return;
      } finally {
        setSaving(false);
      }
    }
    await m.submit.mutateAsync();
    close();
  };

  const unsavedNames = edits.dirty.map((k) => t(`care.unsaved.parts.${k}`)).join(", ");
  const missing = (readiness.data?.items ?? []).filter((i) => !i.ok);
  const refused = refusedItems(m.submit.error);

  return (
    <Paper
      component="section"
      aria-label={t("plans.allowedActions")}
      data-testid="plan-header"
      elevation={2}
      className="no-print"
      sx={{ position: { xs: "static", md: "sticky" }, top: 72, zIndex: 5, p: { xs: 1, sm: 2 }, mb: 2 }}
    >
      <Box sx={{ display: "flex", gap: { xs: 1, sm: 2 }, alignItems: "center", flexWrap: "wrap" }}>
        <Box sx={{ display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap", flexGrow: 1 }}>
          <StatusChip status={plan.status} size={phone ? "small" : "medium"} testId="plan-status" />
          <Typography variant="body2">
            {t("plans.riskLevel")}: <LevelChip level={plan.risk_level} />
          </Typography>
          <Typography variant="body2" sx={{ display: { xs: "none", sm: "block" } }}>
            {semesterLabel(plan.semester)}
          </Typography>
          {plan.awaiting_step ? (
            <Typography variant="body2" sx={{ display: { xs: "none", sm: "block" } }}>
              {t("plans.awaiting", { step: t(`steps.${plan.awaiting_step}`) })}
            </Typography>
          ) : null}
          <Typography variant="body2" color="text.secondary" sx={{ display: { xs: "none", md: "block" } }}>
            {t("plans.changed")}: {formatDateTime(plan.status_changed_at)}
          </Typography>
        </Box>
        <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap" }}>
          {has("submit") ? (
            <Button variant="contained" size={size} onClick={() => setAsking("submit")}>
              {t("actions.submit")}
            </Button>
          ) : null}
          {has("approve") ? (
            <Button variant="contained" size={size} color="success" onClick={() => onGoTo("approve")}>
              {t("actions.approve")} / {t("actions.return")}
            </Button>
          ) : null}
          {has("log_delivery") ? (
            <Button variant="contained" size={size} onClick={() => onGoTo("log_delivery")}>
              {t("actions.logDelivery")}
            </Button>
          ) : null}
          {has("evaluate") ? (
            <Button variant="outlined" size={size} onClick={() => onGoTo("evaluate")}>
              {t("actions.evaluate")}
            </Button>
          ) : null}
          {has("close") ? (
            <Button variant="contained" size={size} onClick={() => setAsking("close")}>
              {t("actions.close")}
            </Button>
          ) : null}
          {has("discontinue") ? (
            <Button variant="outlined" size={size} color="warning" onClick={() => setAsking("discontinue")}>
              {t("actions.discontinue")}
            </Button>
          ) : null}
          {has("delete") ? (
            <Button variant="outlined" size={size} color="error" onClick={() => setAsking("delete")}>
              {t("actions.delete")}
            </Button>
          ) : null}
          <Button variant="outlined" size={size} component={RouterLink} to={`/plans/${plan.id}/print`}>
            {t("actions.print")}
          </Button>
        </Box>
      </Box>
      {!offered ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {has("change_amounts") ? t("plans.changeAmountsHint") : t("plans.noActions")}
        </Typography>
      ) : null}

      <ConfirmDialog
        open={asking === "submit"}
        title={t("care.confirm.submitTitle", { code: plan.code })}
        confirmLabel={edits.dirty.length ? t("care.confirm.saveAndSubmit") : t("actions.submit")}
        pending={saving || m.submit.isPending}
        error={refused.length ? null : (saveError ?? m.submit.error)}
        confirmDisabled={readiness.isPending || (missing.length > 0 && edits.dirty.length === 0)}
        onClose={close}
        onConfirm={() => void submit().catch(() => undefined)}
        extra={
          <>
            {saveError ? (
              <Typography role="alert" color="error" sx={{ mt: 1 }}>
                {t("care.unsaved.saveFailed", { parts: unsavedNames })}
              </Typography>
            ) : null}
            {refused.length ? (
              <Box role="alert" sx={{ mt: 1 }}>
                <Typography color="error">{t("care.ready.refused")}</Typography>
                <ReadinessList plan={plan} codes={refused} />
              </Box>
            ) : null}
          </>
        }
      >
        <Typography>{t("care.confirm.submitBody")}</Typography>
        {edits.dirty.length ? (
          <Typography sx={{ mt: 1, fontWeight: 600 }}>{t("care.unsaved.willSave", { parts: unsavedNames })}</Typography>
        ) : null}
        {readiness.data ? (
          <Box sx={{ mt: 1 }}>
            <Typography component="h3" variant="subtitle2">
              {t("care.ready.title")}
            </Typography>
            <ReadinessList plan={plan} readiness={readiness.data} />
          </Box>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={asking === "delete"}
        title={t("care.confirm.deleteTitle", { code: plan.code })}
        confirmLabel={t("actions.delete")}
        danger
        pending={m.remove.isPending}
        error={m.remove.error}
        onClose={close}
        onConfirm={() =>
          void m.remove.mutateAsync().then(() => navigate(`/students/${plan.student_id}`), () => undefined)
        }
      >
        {t("care.confirm.deleteBody", { student: plan.student_name })}
      </ConfirmDialog>

      <ConfirmDialog
        open={asking === "close"}
        title={t("care.confirm.closeTitle", { code: plan.code })}
        confirmLabel={t("actions.close")}
        pending={m.close.isPending}
        error={m.close.error}
        onClose={close}
        onConfirm={() => void m.close.mutateAsync().then(close, () => undefined)}
      >
        {t("care.confirm.closeBody")}
      </ConfirmDialog>

      <ConfirmDialog
        open={asking === "discontinue"}
        title={t("care.confirm.discontinueTitle", { code: plan.code })}
        confirmLabel={t("actions.discontinue")}
        danger
        pending={m.discontinue.isPending}
        error={m.discontinue.error}
        confirmDisabled={!reason.trim()}
        onClose={close}
        onConfirm={() => void m.discontinue.mutateAsync({ reason: reason.trim() }).then(close, () => undefined)}
        extra={
          <TextField
            label={t("plans.discontinueReason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            multiline
            margin="dense"
            required
          />
        }
      >
        {t("care.confirm.discontinueBody")}
      </ConfirmDialog>
    </Paper>
  );
}
