import { Alert, Box, Button, Paper, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/QueryState";
import { decisionSchema } from "./validation";

/** The approver's view: approve, or return with a comment. */
export function DecisionPanel({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { approve, returnPlan } = usePlanMutations(plan.id);
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<"approved" | "returned" | null>(null);
  const [asking, setAsking] = useState<"approve" | "return" | null>(null);

  /** Checks the comment, then asks before the decision is taken. */
  const ask = (decision: "approve" | "return") => {
    const check = decisionSchema.safeParse({ decision, comment });
    if (!check.success) {
      setProblem(check.error.issues[0]?.message ?? "validation.required");
      return;
    }
    setProblem(null);
    approve.reset();
    returnPlan.reset();
    setAsking(decision);
  };

  const decide = async (decision: "approve" | "return") => {
    const text = comment.trim();
    if (decision === "approve") await approve.mutateAsync({ comment: text || null });
    else await returnPlan.mutateAsync({ comment: text });
    setAsking(null);
    setDone(decision === "approve" ? "approved" : "returned");
    setComment("");
  };
  const step = plan.awaiting_step ? t(`steps.${plan.awaiting_step}`) : "";

  return (
    <Paper component="section" aria-labelledby="decision-title" sx={{ p: 2, mb: 2, borderLeft: 4, borderColor: "primary.main" }} id="decision">
      <Typography variant="h6" component="h2" id="decision-title" gutterBottom>
        {t("plans.approval.title")}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t("plans.approval.approveHelp")} {t("plans.approval.returnHelp")}
      </Typography>
      <TextField
        label={t("plans.approval.comment")}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        multiline
        minRows={2}
        fullWidth
        sx={{ my: 2 }}
        error={Boolean(problem)}
        helperText={problem ? t(problem) : " "}
      />
      {asking ? null : <ErrorMessage error={approve.error ?? returnPlan.error} />}
      {done ? <Alert severity="success">{t(`plans.${done}`)}</Alert> : null}
      <Box sx={{ display: "flex", gap: 1, mt: 1 }}>
        <Button variant="contained" color="success" onClick={() => ask("approve")} disabled={approve.isPending}>
          {t("actions.approve")}
        </Button>
        <Button variant="outlined" color="warning" onClick={() => ask("return")} disabled={returnPlan.isPending}>
          {t("actions.return")}
        </Button>
      </Box>
      <ConfirmDialog
        open={asking !== null}
        title={
          asking === "return"
            ? t("care.confirm.returnTitle", { code: plan.code })
            : t("care.confirm.approveTitle", { code: plan.code, step })
        }
        confirmLabel={asking === "return" ? t("actions.return") : t("actions.approve")}
        pending={approve.isPending || returnPlan.isPending}
        error={asking === "return" ? returnPlan.error : approve.error}
        onClose={() => setAsking(null)}
        onConfirm={() => void decide(asking ?? "approve").catch(() => undefined)}
      >
        {asking === "return"
          ? t("care.confirm.returnBody", { author: plan.author_name, comment: comment.trim() })
          : t("care.confirm.approveBody", { step })}
      </ConfirmDialog>
    </Paper>
  );
}
