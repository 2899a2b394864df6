import { Alert, Box, Button, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { institutionClassGroupsQuery, schoolYearsQuery, useCreateClassGroup } from "../../api/queries/organisation";
import { ErrorMessage } from "../../components/QueryState";
import { todayIso } from "../../lib/format";
import { currentSchoolYear } from "./schoolYear";

type Institution = Schemas["InstitutionRead"];

/** An institution's classes in a school year (today's by default), and a form to add one. A
 * vocational school's classes are courses 1–4, other schools' grades 1–12. */
export function ClassGroupsSection({ institution, canAdd }: { institution: Institution; canAdd: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  const years = useQuery(schoolYearsQuery());
  const [chosenYear, setChosenYear] = useState("");
  const yearId = chosenYear || currentSchoolYear(todayIso(), years.data ?? [])?.id || "";
  const classes = useQuery({ ...institutionClassGroupsQuery(institution.id, yearId), enabled: Boolean(yearId) });
  const create = useCreateClassGroup();
  const byCourse = institution.type === "vocational_state";
  const [label, setLabel] = useState("");
  const [level, setLevel] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const levelNumber = Number(level);
  const levelValid = Number.isInteger(levelNumber) && levelNumber >= 1 && levelNumber <= (byCourse ? 4 : 12);
  const complete = Boolean(label.trim()) && levelValid && Boolean(yearId);

  const save = async () => {
    const created = await create.mutateAsync({
      institution_id: institution.id,
      school_year_id: yearId,
      label: label.trim(),
      ...(byCourse ? { course: levelNumber } : { grade: levelNumber }),
    });
    setLabel("");
    setLevel("");
    setAdded(created.label);
  };
  const rows = [...(classes.data?.items ?? [])].sort(
    (a, b) => (a.grade ?? a.course ?? 0) - (b.grade ?? b.course ?? 0) || a.label.localeCompare(b.label),
  );

  return (
    <Paper component="section" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Typography id={titleId} variant="h6" component="h2" gutterBottom>
        {t("setup.classes.title")}
      </Typography>
      <ErrorMessage error={years.error ?? classes.error} />
      {years.data && years.data.length === 0 ? <Alert severity="info">{t("setup.classes.noYear")}</Alert> : null}
      {years.data?.length ? (
        <TextField
          select
          label={t("setup.classes.schoolYear")}
          value={yearId}
          onChange={(e) => setChosenYear(e.target.value)}
          sx={{ minWidth: 200, mb: 2 }}
        >
          {years.data.map((y) => (
            <MenuItem key={y.id} value={y.id}>
              {y.name}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      {yearId && classes.data ? (
        rows.length ? (
          <Table size="small" aria-labelledby={titleId} sx={{ mb: 2 }}>
            <TableHead>
              <TableRow>
                <TableCell>{t("setup.classes.label")}</TableCell>
                <TableCell>{byCourse ? t("setup.classes.course") : t("setup.classes.grade")}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>{c.label}</TableCell>
                  <TableCell>{c.grade ?? c.course}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t("setup.classes.none")}
          </Typography>
        )
      ) : null}
      {added ? (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {t("setup.classes.added", { label: added })}
        </Alert>
      ) : null}
      {canAdd && yearId ? (
        <Box
          component="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setAdded(null);
            if (complete) void save().catch(() => undefined);
          }}
        >
          <ErrorMessage error={create.error} />
          <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mt: 1, alignItems: { md: "flex-start" } }}>
            <TextField
              label={t("setup.classes.label")}
              helperText={t("setup.classes.labelHelp")}
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              slotProps={{ htmlInput: { maxLength: 20 } }}
              required
            />
            <TextField
              label={byCourse ? t("setup.classes.course") : t("setup.classes.grade")}
              type="number"
              value={level}
              onChange={(e) => setLevel(e.target.value)}
              error={level !== "" && !levelValid}
              slotProps={{ htmlInput: { min: 1, max: byCourse ? 4 : 12 } }}
              required
              sx={{ minWidth: 160 }}
            />
            <Button type="submit" variant="contained" disabled={!complete || create.isPending} sx={{ mt: { md: 1 } }}>
              {t("setup.classes.add")}
            </Button>
          </Stack>
        </Box>
      ) : null}
    </Paper>
  );
}
