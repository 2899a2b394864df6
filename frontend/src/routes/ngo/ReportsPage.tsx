import { Alert, Box, MenuItem, Paper, Table, TableBody, TableCell, TableFooter, TableHead, TableRow, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { schoolYearsQuery } from "../../api/queries/organisation";
import { initiativesReportQuery } from "../../api/queries/ngo";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { formatMoney, formatNumber } from "../../lib/format";

/** Initiative totals per municipality: a coordinator's own, or nationally for IKVD. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const years = useQuery(schoolYearsQuery());
  const [yearId, setYearId] = useState("");
  const report = useQuery(initiativesReportQuery(yearId));

  return (
    <>
      <PageHeader title={t("ngo.report.pageTitle")} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2 }}>
          <TextField
            select
            label={t("ngo.calls.schoolYear")}
            value={yearId}
            onChange={(e) => setYearId(e.target.value)}
            sx={{ minWidth: 200 }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            {(years.data ?? []).map((y) => (
              <MenuItem key={y.id} value={y.id}>
                {y.name}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      </Paper>
      <QueryState isPending={report.isPending} error={report.error}>
        {() =>
          report.data ? (
            <>
              {report.data.suppressed ? (
                <Alert severity="info" sx={{ mb: 2 }}>
                  {t("ngo.report.suppressed")}
                </Alert>
              ) : null}
              <Paper>
                <Table aria-label={t("ngo.report.pageTitle")}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t("ngo.calls.municipality")}</TableCell>
                      <TableCell align="right">{t("ngo.report.calls")}</TableCell>
                      <TableCell align="right">{t("ngo.calls.budget")}</TableCell>
                      <TableCell align="right">{t("ngo.report.projects")}</TableCell>
                      <TableCell align="right">{t("ngo.report.activitiesHeld")}</TableCell>
                      <TableCell align="right">{t("ngo.report.participants")}</TableCell>
                      <TableCell align="right">{t("ngo.report.atRisk")}</TableCell>
                      <TableCell align="right">{t("ngo.report.approved")}</TableCell>
                      <TableCell align="right">{t("ngo.report.used")}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {report.data.municipalities.map((m) => (
                      <TableRow key={m.municipality_id}>
                        <TableCell>{m.municipality_name}</TableCell>
                        <TableCell align="right">{formatNumber(m.calls)}</TableCell>
                        <TableCell align="right">{formatMoney(m.budget_eur)}</TableCell>
                        <TableCell align="right">{formatNumber(m.projects_approved)}</TableCell>
                        <TableCell align="right">{formatNumber(m.activities_held)}</TableCell>
                        <TableCell align="right">{formatNumber(m.participants)}</TableCell>
                        <TableCell align="right">{m.at_risk_participants}</TableCell>
                        <TableCell align="right">{formatMoney(m.approved_eur)}</TableCell>
                        <TableCell align="right">{formatMoney(m.used_eur)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                  <TableFooter>
                    <TableRow>
                      <TableCell>{t("common.total")}</TableCell>
                      <TableCell align="right">{formatNumber(report.data.total.calls)}</TableCell>
                      <TableCell align="right">{formatMoney(report.data.total.budget_eur)}</TableCell>
                      <TableCell align="right">{formatNumber(report.data.total.projects_approved)}</TableCell>
                      <TableCell align="right">{formatNumber(report.data.total.activities_held)}</TableCell>
                      <TableCell align="right">{formatNumber(report.data.total.participants)}</TableCell>
                      <TableCell align="right">{report.data.total.at_risk_participants}</TableCell>
                      <TableCell align="right">{formatMoney(report.data.total.approved_eur)}</TableCell>
                      <TableCell align="right">{formatMoney(report.data.total.used_eur)}</TableCell>
                    </TableRow>
                  </TableFooter>
                </Table>
              </Paper>
            </>
          ) : null
        }
      </QueryState>
    </>
  );
}
