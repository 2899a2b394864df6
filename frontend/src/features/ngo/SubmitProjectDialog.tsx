import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Stack,
  TextField,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { municipalityInstitutionsQuery, useSubmitProject, type Call } from "../../api/queries/ngo";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { FormDate } from "./FormDate";
import { projectSchema, toProjectCreate, type ProjectValues } from "./validation";

/** An NGO manager applies to an open call for classes of schools of the call's municipality. */
export function SubmitProjectDialog({ call, onClose }: { call: Call | null; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const submitProject = useSubmitProject();
  const institutions = useQuery({
    ...municipalityInstitutionsQuery(call?.municipality_id ?? ""),
    enabled: call !== null,
  });
  const form = useForm<ProjectValues>({
    resolver: zodResolver(projectSchema),
    defaultValues: { title: "", description: "", amount_eur: "", starts_on: "", ends_on: "", institution_ids: [] },
  });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  const close = () => {
    form.reset();
    submitProject.reset();
    onClose();
  };
  const submit = form.handleSubmit(async (v) => {
    if (!call) return;
    const project = await submitProject.mutateAsync(toProjectCreate(call.id, v));
    close();
    void navigate(`/ngo/projects/${project.id}`);
  });

  return (
    <Dialog open={call !== null} onClose={close} fullWidth maxWidth="md" aria-labelledby="submit-project-title">
      <form noValidate onSubmit={(e) => void submit(e).catch(() => undefined)}>
        <DialogTitle id="submit-project-title">
          {t("ngo.submit.title", { call: call?.title ?? "", deadline: formatDate(call?.deadline) })}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              label={t("ngo.submit.name")}
              {...form.register("title")}
              error={Boolean(errors.title)}
              helperText={msg(errors.title?.message)}
            />
            <TextField
              label={t("ngo.submit.description")}
              multiline
              minRows={3}
              {...form.register("description")}
              error={Boolean(errors.description)}
              helperText={msg(errors.description?.message)}
            />
            <TextField
              label={t("ngo.submit.amount")}
              inputMode="decimal"
              {...form.register("amount_eur")}
              error={Boolean(errors.amount_eur)}
              helperText={errors.amount_eur ? t(errors.amount_eur.message ?? "") : t("ngo.submit.amountHelp")}
            />
            <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
              <FormDate control={form.control} name="starts_on" label={t("ngo.submit.startsOn")} fullWidth />
              <FormDate control={form.control} name="ends_on" label={t("ngo.submit.endsOn")} fullWidth />
            </Stack>
            <Controller
              control={form.control}
              name="institution_ids"
              render={({ field }) => (
                <FormControl component="fieldset" error={Boolean(errors.institution_ids)}>
                  <FormLabel component="legend">
                    {t("ngo.submit.institutions", { municipality: call?.municipality_name ?? "" })}
                  </FormLabel>
                  <FormGroup>
                    {(institutions.data?.items ?? []).map((i) => (
                      <FormControlLabel
                        key={i.id}
                        label={i.name}
                        control={
                          <Checkbox
                            checked={field.value.includes(i.id)}
                            onChange={(e) =>
                              field.onChange(
                                e.target.checked ? [...field.value, i.id] : field.value.filter((id) => id !== i.id),
                              )
                            }
                          />
                        }
                      />
                    ))}
                  </FormGroup>
                  <FormHelperText>{msg(errors.institution_ids?.message)}</FormHelperText>
                </FormControl>
              )}
            />
            <ErrorMessage error={submitProject.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("ngo.submit.save")}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
