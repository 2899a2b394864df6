import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  MenuItem,
  Paper,
  TextField,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { projectClassGroupsQuery, useScheduleActivity, type Project } from "../../api/queries/ngo";
import { ErrorMessage } from "../../components/QueryState";
import { FormDate } from "./FormDate";
import { ACTIVITY_TYPES } from "./labels";
import { activitySchema, toActivityCreate, type ActivityValues } from "./validation";

/** Plans an activity of one of `projects` (the running projects of the NGO); with `chooseProject` (or
 * more than one project) the form asks which. */
export function ScheduleActivityForm({ projects, chooseProject = false }: { projects: Project[]; chooseProject?: boolean }) {
  const { t } = useTranslation();
  const [projectId, setProjectId] = useState(projects.length === 1 ? (projects[0]?.id ?? "") : "");
  const project = projects.find((p) => p.id === projectId);
  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="schedule-title">
      <Typography variant="h6" component="h2" id="schedule-title" gutterBottom>
        {t("ngo.schedule.title")}
      </Typography>
      {chooseProject || projects.length > 1 ? (
        <TextField
          select
          label={t("ngo.schedule.project")}
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
          sx={{ minWidth: 320, mb: 2 }}
        >
          {projects.map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.title}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      {project ? <ScheduleFields key={project.id} project={project} /> : null}
    </Paper>
  );
}

function ScheduleFields({ project }: { project: Project }) {
  const { t } = useTranslation();
  const schedule = useScheduleActivity();
  const classes = useQuery(projectClassGroupsQuery(project.id));
  const empty: ActivityValues = {
    type: "team_building",
    title: "",
    held_on: "",
    institution_id: project.institutions[0]?.id ?? "",
    class_group_ids: [],
    planned_participants: "",
  };
  const form = useForm<ActivityValues>({ resolver: zodResolver(activitySchema), defaultValues: empty });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  const institutionId = form.watch("institution_id");
  const choices = (classes.data ?? []).filter((g) => g.institution_id === institutionId);

  const submit = form.handleSubmit(async (values) => {
    await schedule.mutateAsync(toActivityCreate(project.id, values));
    form.reset({ ...empty, institution_id: values.institution_id });
  });

  return (
    <Box
        component="form"
        noValidate
        onSubmit={(e) => void submit(e).catch(() => undefined)}
        sx={{ display: "grid", gridTemplateColumns: { md: "1fr 1fr 1fr" }, gap: 2, alignItems: "start" }}
      >
        <TextField
          label={t("ngo.schedule.name")}
          {...form.register("title")}
          error={Boolean(errors.title)}
          helperText={msg(errors.title?.message)}
        />
        <TextField
          select
          label={t("ngo.schedule.type")}
          {...form.register("type")}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          {ACTIVITY_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`ngo.activityType.${type}`)}
            </option>
          ))}
        </TextField>
        <FormDate
          control={form.control}
          name="held_on"
          label={t("ngo.schedule.date")}
          min={project.starts_on}
          max={project.ends_on}
        />
        <TextField
          select
          label={t("ngo.schedule.institution")}
          {...form.register("institution_id", { onChange: () => form.setValue("class_group_ids", []) })}
          slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        >
          {project.institutions.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </TextField>
        <TextField
          label={t("ngo.schedule.planned")}
          inputMode="numeric"
          {...form.register("planned_participants")}
          error={Boolean(errors.planned_participants)}
          helperText={msg(errors.planned_participants?.message)}
        />
        <Controller
          control={form.control}
          name="class_group_ids"
          render={({ field }) => (
            <FormControl component="fieldset" error={Boolean(errors.class_group_ids)} sx={{ gridColumn: "1 / -1" }}>
              <FormLabel component="legend">{t("ngo.schedule.classes")}</FormLabel>
              <FormGroup row>
                {choices.map((g) => (
                  <FormControlLabel
                    key={g.id}
                    label={g.label}
                    control={
                      <Checkbox
                        checked={field.value.includes(g.id)}
                        onChange={(e) =>
                          field.onChange(
                            e.target.checked ? [...field.value, g.id] : field.value.filter((id) => id !== g.id),
                          )
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
              <FormHelperText>{msg(errors.class_group_ids?.message)}</FormHelperText>
            </FormControl>
          )}
        />
        <Box sx={{ gridColumn: "1 / -1" }}>
          <ErrorMessage error={schedule.error} />
          {schedule.isSuccess && !form.formState.isDirty ? (
            <Alert severity="success" sx={{ mb: 1 }}>
              {t("ngo.schedule.saved")}
            </Alert>
          ) : null}
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("ngo.schedule.save")}
          </Button>
        </Box>
      </Box>
  );
}
