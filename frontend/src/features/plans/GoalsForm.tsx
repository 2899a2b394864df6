import { Alert, Box, Button, TextField } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { DateField } from "../../components/DateField";
import { ErrorMessage } from "../../components/QueryState";
import { useUnsavedEdit } from "./unsaved";

export function GoalsForm({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { update } = usePlanMutations(plan.id);
  const [goals, setGoals] = useState(plan.goals ?? "");
  // null while what is typed is not a date: nothing is saved until it is one.
  const [agreedOn, setAgreedOn] = useState<string | null>(plan.student_agreed_on ?? "");
  const body = { goals: goals.trim() || null, student_agreed_on: agreedOn || null };
  const dirty = agreedOn === null || body.goals !== (plan.goals?.trim() || null) || body.student_agreed_on !== (plan.student_agreed_on ?? null);
  const saveOnto = async (onto: Plan) => {
    if (agreedOn === null) throw new Error(t("care.unsaved.badDate"));
    return update.mutateAsync({ plan: onto, body });
  };
  useUnsavedEdit("goals", dirty, saveOnto);
  const save = () => update.mutate({ plan, body });
  return (
    <Box>
      <TextField
        label={t("plans.goals")}
        helperText={t("plans.goalsHelp")}
        value={goals}
        onChange={(e) => setGoals(e.target.value)}
        multiline
        minRows={3}
        fullWidth
        sx={{ mb: 2 }}
      />
      <Box sx={{ mb: 2 }}>
        <DateField label={t("plans.studentAgreedOn")} value={agreedOn ?? ""} onChange={setAgreedOn} />
      </Box>
      <ErrorMessage error={update.error} />
      {update.isSuccess ? <Alert severity="success" sx={{ my: 1 }}>{t("common.saved")}</Alert> : null}
      <Box>
        <Button variant="contained" onClick={save} disabled={update.isPending || agreedOn === null}>
          {t("plans.saveGoals")}
        </Button>
      </Box>
    </Box>
  );
}
