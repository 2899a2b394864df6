import { Alert, Box, Button, Paper, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { ErrorMessage } from "../../components/QueryState";
import { decisionSchema } from "./validation";

/** The approver's view: approve, or return with a comment. */
export function DecisionPanel({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { approve, returnPlan } = usePlanMutations(plan.id);
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<"approved" | "returned" | null>(null);

  const decide = async (decision: "approve" | "return") => {
    const check = decisionSchema.safeParse({ decision, comment });
    if (!check.success) {
      setProblem(check.error.issues[0]?.message ?? "validation.required");
      return;
    }
    setProblem(null);
    const text = comment.trim();
    if (decision === "approve") await approve.mutateAsync({ comment: text || null });
    else await returnPlan.mutateAsync({ comment: text });
    setDone(decision === "approve" ? "approved" : "returned");
    setComment("");
  };

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
      <ErrorMessage error={approve.error ?? returnPlan.error} />
      {done ? <Alert severity="success">{t(`plans.${done}`)}</Alert> : null}
      <Box sx={{ display: "flex", gap: 1, mt: 1 }}>
        <Button variant="contained" color="success" onClick={() => void decide("approve").catch(() => undefined)} disabled={approve.isPending}>
          {t("actions.approve")}
        </Button>
        <Button variant="outlined" color="warning" onClick={() => void decide("return").catch(() => undefined)} disabled={returnPlan.isPending}>
          {t("actions.return")}
        </Button>
      </Box>
    </Paper>
  );
}
