import {
  Alert,
  Box,
  Button,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { studentIndicatorsQuery, type Flag } from "../../api/queries/indicators";
import { useMe } from "../../auth/SessionProvider";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { canDismissFlags, canSeeFlags, canStartPlans } from "../../lib/permissions";
import { DismissDialog } from "./DismissDialog";
import { PlanFromFlagsDialog } from "./PlanFromFlagsDialog";
import { flagReason } from "./reasons";

const FlagTimeline = lazy(() => import("./FlagTimeline"));

/** A student's flags, each with its reason beside it, and the timeline they come from. */
export function StudentFlags({ studentId }: { studentId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const visible = canSeeFlags(me);
  const data = useQuery({ ...studentIndicatorsQuery(studentId), enabled: visible });
  const [dismissing, setDismissing] = useState<Flag | null>(null);
  const [planning, setPlanning] = useState<string | null>(null);
  if (!visible) return null;
  if (data.error) return <ErrorMessage error={data.error} />;
  if (!data.data) return null;

  const { flags, timeline, plan_links } = data.data;
  const latest = flags[0]?.semester_id;
  const open = flags.filter((f) => f.semester_id === latest && !f.dismissal);
  const linked = new Set(plan_links.map((l) => l.semester_id));

  return (
    <Paper component="section" aria-labelledby="flags-title" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", flexWrap: "wrap", gap: 1 }}>
        <Typography id="flags-title" variant="h6" component="h2">
          {t("indicators.student.title")}
        </Typography>
        {canStartPlans(me) && latest && open.length && !linked.has(latest) ? (
          <Button variant="contained" onClick={() => setPlanning(latest)}>
            {t("indicators.plan.start")}
          </Button>
        ) : null}
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t("indicators.student.note")}
      </Typography>
      {flags.length === 0 ? <Alert severity="success">{t("indicators.student.none")}</Alert> : null}
      {flags.length ? (
        <Table size="small" aria-label={t("indicators.student.flags")}>
          <TableHead>
            <TableRow>
              <TableCell>{t("indicators.student.level")}</TableCell>
              <TableCell>{t("indicators.student.reason")}</TableCell>
              <TableCell>{t("indicators.student.asOf")}</TableCell>
              <TableCell>{t("indicators.student.source")}</TableCell>
              <TableCell>{t("indicators.student.decision")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {flags.map((f) => (
              <TableRow key={f.id}>
                <TableCell>
                  <Chip
                    size="small"
                    color={f.level === "alert" ? "error" : "warning"}
                    label={t(`indicators.levels.${f.level}`)}
                  />
                </TableCell>
                <TableCell>{flagReason(t, f)}</TableCell>
                <TableCell>{formatDate(f.as_of)}</TableCell>
                <TableCell>{f.source_label ?? t(`indicators.sources.${f.source}`)}</TableCell>
                <TableCell>
                  {f.dismissal ? (
                    <Typography variant="body2">
                      {t("indicators.dismiss.dismissed", { date: formatDate(f.dismissal.dismissed_at), reason: f.dismissal.reason })}
                    </Typography>
                  ) : canDismissFlags(me) ? (
                    <Button size="small" onClick={() => setDismissing(f)}>
                      {t("indicators.dismiss.action")}
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {plan_links.map((l) => (
        <Alert key={l.plan_id} severity="info" sx={{ mt: 2 }}>
          {t("indicators.plan.linked")}{" "}
          <RouterLink to={`/plans/${l.plan_id}`}>{t("indicators.plan.open")}</RouterLink>
        </Alert>
      ))}
      {timeline.length ? (
        <Box sx={{ mt: 3 }}>
          <Typography variant="subtitle1" component="h3">
            {t("indicators.timeline.title")}
          </Typography>
          <Suspense fallback={null}>
            <FlagTimeline points={timeline} describedBy="timeline-table" />
          </Suspense>
          <Table size="small" id="timeline-table" aria-label={t("indicators.timeline.table")}>
            <TableHead>
              <TableRow>
                <TableCell>{t("indicators.timeline.semester")}</TableCell>
                <TableCell align="right">{t("indicators.timeline.attendance")}</TableCell>
                <TableCell align="right">{t("indicators.timeline.unexcused")}</TableCell>
                <TableCell align="right">{t("indicators.timeline.failing")}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {timeline.map((p) => (
                <TableRow key={p.semester_id}>
                  <TableCell>
                    {formatDate(p.starts_on)} ({t("indicators.asOf", { date: formatDate(p.as_of) })})
                  </TableCell>
                  <TableCell align="right">{p.attendance_rate === null ? "—" : `${p.attendance_rate} %`}</TableCell>
                  <TableCell align="right">{p.unexcused}</TableCell>
                  <TableCell align="right">{p.failing_subjects}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
      {dismissing ? <DismissDialog flag={dismissing} onClose={() => setDismissing(null)} /> : null}
      {planning ? (
        <PlanFromFlagsDialog studentId={studentId} semesterId={planning} onClose={() => setPlanning(null)} />
      ) : null}
    </Paper>
  );
}
