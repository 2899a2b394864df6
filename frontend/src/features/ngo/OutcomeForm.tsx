import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Box, Button, Paper, TextField, Typography } from "@mui/material";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useRecordOutcome, type Activity } from "../../api/queries/ngo";
import { ErrorMessage } from "../../components/QueryState";
import { outcomeSchema, toOutcome, type OutcomeValues } from "./validation";

/** After an activity: how many came, how many of them are at risk (a count only), feedback. */
export function OutcomeForm({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const record = useRecordOutcome(activity.id);
  const form = useForm<OutcomeValues>({
    resolver: zodResolver(outcomeSchema),
    defaultValues: {
      actual_participants: activity.actual_participants?.toString() ?? "",
      at_risk_participants: activity.at_risk_participants?.toString() ?? "",
      feedback: activity.feedback ?? "",
    },
  });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  const submit = form.handleSubmit(async (values) => {
    const saved = await record.mutateAsync(toOutcome(values));
    form.reset({
      actual_participants: String(saved.actual_participants ?? ""),
      at_risk_participants: String(saved.at_risk_participants ?? ""),
      feedback: saved.feedback ?? "",
    });
  });

  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="outcome-title">
      <Typography variant="h6" component="h2" id="outcome-title" gutterBottom>
        {t("ngo.outcome.title")}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t("ngo.outcome.countsOnly")}
      </Typography>
      <Box
        component="form"
        noValidate
        onSubmit={(e) => void submit(e).catch(() => undefined)}
        sx={{ display: "grid", gridTemplateColumns: { md: "1fr 1fr" }, gap: 2 }}
      >
        <TextField
          label={t("ngo.outcome.actual")}
          inputMode="numeric"
          {...form.register("actual_participants")}
          error={Boolean(errors.actual_participants)}
          helperText={msg(errors.actual_participants?.message)}
        />
        <TextField
          label={t("ngo.outcome.atRisk")}
          inputMode="numeric"
          {...form.register("at_risk_participants")}
          error={Boolean(errors.at_risk_participants)}
          helperText={errors.at_risk_participants ? t(errors.at_risk_participants.message ?? "") : t("ngo.outcome.atRiskHelp")}
        />
        <TextField
          label={t("ngo.outcome.feedback")}
          multiline
          minRows={3}
          {...form.register("feedback")}
          error={Boolean(errors.feedback)}
          helperText={msg(errors.feedback?.message)}
          sx={{ gridColumn: "1 / -1" }}
        />
        <Box sx={{ gridColumn: "1 / -1" }}>
          <ErrorMessage error={record.error} />
          {record.isSuccess && !form.formState.isDirty ? (
            <Alert severity="success" sx={{ mb: 1 }}>
              {t("ngo.outcome.saved")}
            </Alert>
          ) : null}
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("ngo.outcome.save")}
          </Button>
        </Box>
      </Box>
    </Paper>
  );
}
