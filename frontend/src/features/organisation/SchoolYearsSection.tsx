import { Alert, Box, Button, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { schoolYearsQuery, useCreateSchoolYear } from "../../api/queries/organisation";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DateField } from "../../components/DateField";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, todayIso } from "../../lib/format";
import { proposedSchoolYear } from "./schoolYear";

type Draft = Schemas["SchoolYearCreate"];

/** The school years with their semesters, and a form for the next one (IKVD). */
export function SchoolYearsSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const years = useQuery(schoolYearsQuery());
  const create = useCreateSchoolYear();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const form = draft ?? (years.data ? proposedSchoolYear(todayIso(), years.data) : null);

  const setDate = (change: (d: Draft, value: string) => Draft) => (value: string | null) => {
    if (form) setDraft(change(form, value ?? ""));
  };
  const setSemester = (index: 0 | 1, key: "starts_on" | "ends_on") =>
    setDate((d, value) => ({
      ...d,
      semesters: d.semesters.map((s, i) => (i === index ? { ...s, [key]: value } : s)),
    }));
  const complete =
    form !== null &&
    /^\d{4}\/\d{4}$/.test(form.name) &&
    [form.starts_on, form.ends_on, ...form.semesters.flatMap((s) => [s.starts_on, s.ends_on])].every(Boolean);

  const save = async () => {
    if (!form) return;
    const year = await create.mutateAsync(form);
    setConfirming(false);
    setDraft(null);
    setAdded(year.name);
  };

  return (
    <Paper component="section" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Typography id={titleId} variant="h6" component="h2" gutterBottom>
        {t("setup.years.title")}
      </Typography>
      <ErrorMessage error={years.error} />
      {years.data && years.data.length === 0 ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t("setup.years.none")}
        </Alert>
      ) : null}
      {years.data?.length ? (
        <Table size="small" aria-labelledby={titleId} sx={{ mb: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{t("setup.years.name")}</TableCell>
              <TableCell>{t("setup.years.starts")}</TableCell>
              <TableCell>{t("setup.years.ends")}</TableCell>
              <TableCell>{t("setup.years.semester", { number: 1 })}</TableCell>
              <TableCell>{t("setup.years.semester", { number: 2 })}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {years.data.map((year) => (
              <TableRow key={year.id}>
                <TableCell>{year.name}</TableCell>
                <TableCell>{formatDate(year.starts_on)}</TableCell>
                <TableCell>{formatDate(year.ends_on)}</TableCell>
                {[1, 2].map((number) => {
                  const semester = year.semesters.find((s) => s.number === number);
                  return (
                    <TableCell key={number}>
                      {semester ? `${formatDate(semester.starts_on)}–${formatDate(semester.ends_on)}` : "—"}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {added ? (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {t("setup.years.added", { name: added })}
        </Alert>
      ) : null}
      {form ? (
        <Box
          component="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            create.reset();
            if (complete) setConfirming(true);
          }}
        >
          <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mb: 2 }}>
            <TextField
              label={t("setup.years.name")}
              helperText={t("setup.years.nameHelp")}
              value={form.name}
              onChange={(e) => setDraft({ ...form, name: e.target.value })}
              required
            />
            <DateField label={t("setup.years.yearStarts")} value={form.starts_on} onChange={setDate((d, v) => ({ ...d, starts_on: v }))} required />
            <DateField label={t("setup.years.yearEnds")} value={form.ends_on} onChange={setDate((d, v) => ({ ...d, ends_on: v }))} required />
          </Stack>
          <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mb: 2 }}>
            {([0, 1] as const).map((index) => (
              <Stack key={index} direction="row" spacing={2}>
                <DateField
                  label={t("setup.years.semesterStarts", { number: index + 1 })}
                  value={form.semesters[index]?.starts_on ?? ""}
                  onChange={setSemester(index, "starts_on")}
                  required
                />
                <DateField
                  label={t("setup.years.semesterEnds", { number: index + 1 })}
                  value={form.semesters[index]?.ends_on ?? ""}
                  onChange={setSemester(index, "ends_on")}
                  required
                />
              </Stack>
            ))}
          </Stack>
          <Button type="submit" variant="contained" disabled={!complete}>
            {t("setup.years.add")}
          </Button>
        </Box>
      ) : null}
      {form ? (
        <ConfirmDialog
          open={confirming}
          title={t("setup.years.confirmTitle", { name: form.name })}
          confirmLabel={t("setup.years.add")}
          onConfirm={() => void save().catch(() => undefined)}
          onClose={() => setConfirming(false)}
          pending={create.isPending}
          error={create.error}
        >
          {t("setup.years.confirmBody", {
            name: form.name,
            starts: formatDate(form.starts_on),
            ends: formatDate(form.ends_on),
          })}
        </ConfirmDialog>
      ) : null}
    </Paper>
  );
}
