import { zodResolver } from "@hookform/resolvers/zod";
import LockOutlined from "@mui/icons-material/LockOutlined";
import { Alert, Box, Button, Checkbox, Chip, FormControlLabel, Paper, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { planNotesQuery, usePlanMutations, type Plan } from "../../api/queries/plans";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { formatDateTime } from "../../lib/format";
import type { NoteRights } from "./actions";
import { emptyNote, noteSchema, toNoteCreate, type NoteValues } from "./validation";

function NoteForm({ plan, mayRestrict }: { plan: Plan; mayRestrict: boolean }) {
  const { t } = useTranslation();
  const { addNote } = usePlanMutations(plan.id);
  const form = useForm<NoteValues>({ resolver: zodResolver(noteSchema), defaultValues: emptyNote });
  const { errors } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    await addNote.mutateAsync(toNoteCreate(values, mayRestrict));
    form.reset(emptyNote);
  });
  return (
    <Box component="form" noValidate onSubmit={(e) => void submit(e).catch(() => undefined)} sx={{ mb: 3 }}>
      <TextField
        label={t("plans.notes.text")}
        {...form.register("text")}
        multiline
        minRows={3}
        fullWidth
        error={Boolean(errors.text)}
        helperText={errors.text?.message ? t(errors.text.message) : " "}
      />
      {mayRestrict ? (
        <Controller
          control={form.control}
          name="restricted"
          render={({ field }) => (
            <FormControlLabel
              control={<Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />}
              label={t("plans.notes.restrictedLabel")}
            />
          )}
        />
      ) : null}
      {mayRestrict ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t("plans.notes.restrictedHelp")}
        </Typography>
      ) : null}
      <ErrorMessage error={addNote.error} />
      {addNote.isSuccess && !form.formState.isDirty ? (
        <Alert severity="success" sx={{ my: 1 }}>
          {t("plans.notes.added")}
        </Alert>
      ) : null}
      <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
        {t("plans.notes.add")}
      </Button>
    </Box>
  );
}

/** The plan's notes, newest first, and the form to add one. Restricted notes the reader may not see never arrive. */
export function NotesSection({ plan, rights }: { plan: Plan; rights: NoteRights }) {
  const { t } = useTranslation();
  const notes = useQuery(planNotesQuery(plan.id));
  return (
    <Paper component="section" aria-labelledby="notes-title" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id="notes-title" gutterBottom>
        {t("plans.notes.title")}
      </Typography>
      {rights.write ? (
        <NoteForm plan={plan} mayRestrict={rights.writeRestricted} />
      ) : plan.status === "closed" ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t("plans.notes.closed")}
        </Alert>
      ) : null}
      <QueryState isPending={notes.isPending} error={notes.error}>
        {() => {
          const list = [...(notes.data ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));
          if (!list.length) return <Typography>{t("plans.notes.empty")}</Typography>;
          return (
            <Box component="ul" aria-label={t("plans.notes.title")} sx={{ listStyle: "none", m: 0, p: 0 }}>
              {list.map((n) => (
                <Box
                  component="li"
                  key={n.id}
                  data-testid="plan-note"
                  sx={{ py: 1.5, borderTop: 1, borderColor: "divider" }}
                >
                  <Box sx={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 1 }}>
                    <Typography variant="body2" color="text.secondary">
                      <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time> · {n.author_name || "—"}
                    </Typography>
                    {n.restricted ? (
                      <Chip size="small" icon={<LockOutlined />} label={t("plans.notes.restricted")} />
                    ) : null}
                  </Box>
                  <Typography sx={{ whiteSpace: "pre-wrap", mt: 0.5 }}>{n.text}</Typography>
                </Box>
              ))}
            </Box>
          );
        }}
      </QueryState>
    </Paper>
  );
}
