import { Box, Button, Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useNavigate } from "react-router";
import type { Schemas } from "../../api/client";
import { schoolYearsQuery } from "../../api/queries/organisation";
import { planListQuery, useCreatePlan } from "../../api/queries/plans";
import { useMe } from "../../auth/SessionProvider";
import { ErrorMessage } from "../../components/QueryState";
import { formatDateTime, todayIso } from "../../lib/format";
import { canReadPlans, canWritePlans } from "../../lib/permissions";
import { LevelChip, StatusChip, useSemesterLabel } from "./labels";

function NewPlan({ student }: { student: Schemas["StudentRead"] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const years = useQuery(schoolYearsQuery());
  const create = useCreatePlan();
  const today = todayIso();
  const semesters = (years.data ?? []).flatMap((y) => y.semesters.map((s) => ({ ...s, year: y.name })));
  const current = semesters.find((s) => s.starts_on <= today && today <= s.ends_on);
  const [semesterId, setSemesterId] = useState("");
  const chosen = semesterId || current?.id || "";

  return (
    <Box sx={{ display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap", mt: 2 }}>
      <TextField
        select
        size="small"
        label={t("student.semester")}
        value={chosen}
        onChange={(e) => setSemesterId(e.target.value)}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        sx={{ minWidth: 240 }}
      >
        <option value="" disabled>
          —
        </option>
        {semesters
          .filter((s) => s.ends_on >= today)
          .map((s) => (
            <option key={s.id} value={s.id}>
              {t("semester", { year: s.year, number: s.number })}
            </option>
          ))}
      </TextField>
      <Button
        variant="contained"
        disabled={!chosen || create.isPending}
        onClick={() =>
          void create
            .mutateAsync({ student_id: student.id, semester_id: chosen })
            .then((plan) => navigate(`/plans/${plan.id}`))
        }
      >
        {t("student.createPlan")}
      </Button>
      <ErrorMessage error={create.error} />
    </Box>
  );
}

/** The student's support plans, and a way to start one. */
export function StudentPlans({ student }: { student: Schemas["StudentRead"] }) {
  const { t } = useTranslation();
  const me = useMe();
  const semesterLabel = useSemesterLabel();
  const plans = useQuery({
    ...planListQuery({ student_id: student.id, limit: 50 }),
    enabled: canReadPlans(me),
  });
  if (!canReadPlans(me)) return null;
  const items = plans.data?.items ?? [];
  return (
    <Paper component="section" sx={{ p: 2, overflowX: "auto" }} aria-labelledby="student-plans">
      <Typography variant="h6" component="h2" id="student-plans" gutterBottom>
        {t("student.plans")}
      </Typography>
      <ErrorMessage error={plans.error} />
      {items.length === 0 && plans.isSuccess ? <Typography>{t("student.noPlans")}</Typography> : null}
      {items.length > 0 ? (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t("plans.code")}</TableCell>
              <TableCell>{t("plans.semester")}</TableCell>
              <TableCell>{t("plans.status")}</TableCell>
              <TableCell>{t("plans.riskLevel")}</TableCell>
              <TableCell>{t("plans.author")}</TableCell>
              <TableCell>{t("plans.changed")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <Link component={RouterLink} to={`/plans/${p.id}`}>
                    {p.code}
                  </Link>
                </TableCell>
                <TableCell>{semesterLabel(p.semester)}</TableCell>
                <TableCell>
                  <StatusChip status={p.status} />
                </TableCell>
                <TableCell>
                  <LevelChip level={p.risk_level} />
                </TableCell>
                <TableCell>{p.author_name}</TableCell>
                <TableCell>{formatDateTime(p.status_changed_at)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {canWritePlans(me) && student.enrolled ? (
        <>
          <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
            {t("student.newPlan")}
          </Typography>
          <NewPlan student={student} />
        </>
      ) : null}
    </Paper>
  );
}
