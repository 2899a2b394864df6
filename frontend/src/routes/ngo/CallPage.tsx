import { Box, Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";
import { callQuery, callReportQuery } from "../../api/queries/ngo";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { ProjectStatusChip } from "../../features/ngo/labels";
import { ReportFigures } from "../../features/ngo/ReportFigures";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";

/** A call and what its projects achieved: for the municipality and IKVD. */
export default function CallPage() {
  const { t } = useTranslation();
  const { callId = "" } = useParams();
  const call = useQuery(callQuery(callId));
  const report = useQuery(callReportQuery(callId));

  return (
    <QueryState isPending={call.isPending || report.isPending} error={call.error ?? report.error}>
      {() =>
        call.data && report.data ? (
          <>
            <PageHeader
              title={call.data.title}
              subtitle={t("ngo.calls.summary", {
                municipality: call.data.municipality_name,
                year: call.data.school_year_name,
                deadline: formatDate(call.data.deadline),
                budget: formatMoney(call.data.budget_eur),
              })}
            />
            <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="call-report-title">
              <Typography variant="h6" component="h2" id="call-report-title" gutterBottom>
                {t("ngo.report.title")}
              </Typography>
              <ReportFigures figures={report.data} />
              <Box sx={{ mt: 2 }}>
                <Typography>
                  {t("ngo.calls.projectCounts", {
                    submitted: report.data.projects_submitted,
                    approved: report.data.projects_approved,
                    rejected: report.data.projects_rejected,
                    completed: report.data.projects_completed,
                  })}
                </Typography>
              </Box>
            </Paper>
            <Paper component="section" aria-labelledby="call-projects-title">
              <Typography variant="h6" component="h2" id="call-projects-title" sx={{ p: 2, pb: 0 }}>
                {t("ngo.projects.title")}
              </Typography>
              <Table size="small" aria-labelledby="call-projects-title">
                <TableHead>
                  <TableRow>
                    <TableCell>{t("ngo.projects.name")}</TableCell>
                    <TableCell>{t("ngo.projects.ngo")}</TableCell>
                    <TableCell>{t("ngo.projects.status")}</TableCell>
                    <TableCell align="right">{t("ngo.report.activitiesHeld")}</TableCell>
                    <TableCell align="right">{t("ngo.report.participants")}</TableCell>
                    <TableCell align="right">{t("ngo.report.atRisk")}</TableCell>
                    <TableCell align="right">{t("ngo.report.approved")}</TableCell>
                    <TableCell align="right">{t("ngo.report.used")}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.data.projects.map((p) => (
                    <TableRow key={p.project_id}>
                      <TableCell>
                        <Link component={RouterLink} to={`/ngo/projects/${p.project_id}`}>
                          {p.title}
                        </Link>
                      </TableCell>
                      <TableCell>{p.ngo_name}</TableCell>
                      <TableCell>
                        <ProjectStatusChip status={p.status} />
                      </TableCell>
                      <TableCell align="right">
                        {formatNumber(p.activities_held)} / {formatNumber(p.activities_planned)}
                      </TableCell>
                      <TableCell align="right">{formatNumber(p.participants)}</TableCell>
                      <TableCell align="right">{formatNumber(p.at_risk_participants)}</TableCell>
                      <TableCell align="right">{formatMoney(p.approved_eur)}</TableCell>
                      <TableCell align="right">{formatMoney(p.used_eur)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Paper>
          </>
        ) : null
      }
    </QueryState>
  );
}
