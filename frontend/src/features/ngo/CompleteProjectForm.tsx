import { zodResolver } from "@hookform/resolvers/zod";
import { Box, Button, Paper, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useCompleteProject, type Project } from "../../api/queries/ngo";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { formatMoney } from "../../lib/format";
import { completionSchema, toEuros, type CompletionValues } from "./validation";

export function CompleteProjectForm({ project }: { project: Project }) {
  const { t } = useTranslation();
  const complete = useCompleteProject(project.id);
  const form = useForm<CompletionValues>({
    resolver: zodResolver(completionSchema),
    defaultValues: { report: "", used_eur: "" },
  });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  // The form is checked first; finishing is final, so it is confirmed before it is sent.
  const [confirming, setConfirming] = useState<CompletionValues | null>(null);
  const submit = form.handleSubmit((v) => setConfirming(v));
  const finish = () => {
    if (!confirming) return;
    complete.mutate(
      { report: confirming.report, used_eur: toEuros(confirming.used_eur) },
      { onSuccess: () => setConfirming(null) },
    );
  };

  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="complete-title">
      <Typography variant="h6" component="h2" id="complete-title" gutterBottom>
        {t("ngo.complete.title")}
      </Typography>
      <Box
        component="form"
        noValidate
        onSubmit={(e) => void submit(e).catch(() => undefined)}
        sx={{ display: "grid", gridTemplateColumns: { md: "3fr 1fr" }, gap: 2, alignItems: "start" }}
      >
        <TextField
          label={t("ngo.complete.report")}
          multiline
          minRows={3}
          {...form.register("report")}
          error={Boolean(errors.report)}
          helperText={msg(errors.report?.message)}
        />
        <TextField
          label={t("ngo.complete.used")}
          inputMode="decimal"
          {...form.register("used_eur")}
          error={Boolean(errors.used_eur)}
          helperText={
            errors.used_eur ? t(errors.used_eur.message ?? "") : t("ngo.complete.usedHelp", { amount: formatMoney(project.amount_eur) })
          }
        />
        <Box sx={{ gridColumn: "1 / -1" }}>
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("ngo.complete.save")}
          </Button>
        </Box>
      </Box>
      <ConfirmDialog
        open={confirming !== null}
        title={t("ngo.complete.confirmTitle", { title: project.title })}
        confirmLabel={t("ngo.complete.confirm")}
        onConfirm={finish}
        onClose={() => {
          complete.reset();
          setConfirming(null);
        }}
        pending={complete.isPending}
        error={complete.error}
        danger
      >
        {t("ngo.complete.confirmText", { amount: formatMoney(toEuros(confirming?.used_eur ?? "0")) })}
      </ConfirmDialog>
    </Paper>
  );
}
