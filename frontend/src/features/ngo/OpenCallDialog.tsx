import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { schoolYearsQuery } from "../../api/queries/organisation";
import { useOpenCall } from "../../api/queries/ngo";
import { ErrorMessage } from "../../components/QueryState";
import { todayIso } from "../../lib/format";
import { FormDate } from "./FormDate";
import { callSchema, toEuros, type CallValues } from "./validation";

/** A municipal coordinator opens a call for its municipality. */
export function OpenCallDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const years = useQuery(schoolYearsQuery());
  const openCall = useOpenCall();
  const form = useForm<CallValues>({
    resolver: zodResolver(callSchema),
    defaultValues: { title: "", school_year_id: "", budget_eur: "", deadline: "" },
  });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  const close = () => {
    form.reset();
    openCall.reset();
    onClose();
  };
  const submit = form.handleSubmit(async (v) => {
    await openCall.mutateAsync({ ...v, budget_eur: toEuros(v.budget_eur) });
    close();
  });

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="open-call-title">
      <form noValidate onSubmit={(e) => void submit(e).catch(() => undefined)}>
        <DialogTitle id="open-call-title">{t("ngo.calls.open")}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              label={t("ngo.calls.name")}
              {...form.register("title")}
              error={Boolean(errors.title)}
              helperText={msg(errors.title?.message)}
            />
            <TextField
              select
              label={t("ngo.calls.schoolYear")}
              {...form.register("school_year_id")}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              error={Boolean(errors.school_year_id)}
              helperText={msg(errors.school_year_id?.message)}
            >
              <option value="">—</option>
              {(years.data ?? []).map((y) => (
                <option key={y.id} value={y.id}>
                  {y.name}
                </option>
              ))}
            </TextField>
            <TextField
              label={t("ngo.calls.budget")}
              inputMode="decimal"
              {...form.register("budget_eur")}
              error={Boolean(errors.budget_eur)}
              helperText={msg(errors.budget_eur?.message)}
            />
            <FormDate control={form.control} name="deadline" label={t("ngo.calls.deadline")} min={todayIso()} />
            <ErrorMessage error={openCall.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("ngo.calls.openSubmit")}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
