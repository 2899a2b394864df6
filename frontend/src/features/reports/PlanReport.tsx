import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { planReportQuery } from "../../api/queries/reports";
import { PageLoading } from "../../components/PageLoading";
import { QueryState } from "../../components/QueryState";
import { chartRow, chartRows, countText, moneyText, STATUSES } from "./figures";

const PlansByStatusChart = lazy(() => import("./PlansByStatusChart"));

type Counts = Schemas["ReportCounts"];
interface Row {
  key: string;
  name: string;
  counts: Counts;
  total?: boolean;
}

function HeaderCell({ row }: { row: Row }) {
  return (
    <TableCell component="th" scope="row" sx={row.total ? { fontWeight: 700 } : undefined}>
      {row.name}
    </TableCell>
  );
}

function Figure({ children, total }: { children: string; total?: boolean }) {
  return (
    <TableCell align="right" sx={total ? { fontWeight: 700 } : undefined}>
      {children}
    </TableCell>
  );
}

/** Plans per institution in scope: a stacked bar chart by status, and the same figures in tables. */
export function PlanReport({ id }: { id: string }) {
  const { t } = useTranslation();
  const report = useQuery(planReportQuery());
  const statusTable = `${id}-by-status`;
  const withheld = t("monitoring.withheld");
  return (
    <QueryState isPending={report.isPending} error={report.error}>
      {() => {
        const data = report.data!;
        const rows: Row[] = [
          ...data.institutions.map((i) => ({ key: i.institution_id, name: i.institution_name, counts: i })),
          { key: "total", name: t("home.report.total"), counts: data.totals, total: true },
        ];
        // At the national level most per-school counts are withheld: the country's total leads the chart.
        const total = data.small_cell_suppression ? chartRow(t("home.report.total"), data.totals) : undefined;
        const chart = chartRows(data.institutions, total);
        return (
          <>
            {chart.length ? (
              <Suspense fallback={<PageLoading />}>
                <PlansByStatusChart rows={chart} describedBy={statusTable} />
              </Suspense>
            ) : (
              <Typography>{data.totals.plans === 0 ? t("home.report.noPlans") : t("home.report.nothingToDraw")}</Typography>
            )}
            <Box sx={{ overflowX: "auto", mt: 2 }}>
              <Table size="small" id={statusTable} aria-label={t("home.report.byStatus")}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t("home.institution")}</TableCell>
                    {STATUSES.map((s) => (
                      <TableCell key={s} align="right">
                        {t(`status.${s}`)}
                      </TableCell>
                    ))}
                    <TableCell align="right">{t("home.plans")}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={row.key}>
                      <HeaderCell row={row} />
                      {STATUSES.map((s) => (
                        <Figure key={s} total={row.total}>
                          {countText(row.counts.plans_by_status[s], withheld)}
                        </Figure>
                      ))}
                      <Figure total={row.total}>{countText(row.counts.plans, withheld)}</Figure>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
            <Box sx={{ overflowX: "auto", mt: 2 }}>
              <Table size="small" aria-label={t("home.report.coverage")}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t("home.institution")}</TableCell>
                    <TableCell align="right">{t("home.report.enrolled")}</TableCell>
                    <TableCell align="right">{t("home.report.withPlan")}</TableCell>
                    <TableCell align="right">{t("home.report.highRisk")}</TableCell>
                    <TableCell align="right">{t("home.report.measuresPlanned")}</TableCell>
                    <TableCell align="right">{t("home.report.measuresDelivered")}</TableCell>
                    <TableCell align="right">{t("home.report.deliveries")}</TableCell>
                    <TableCell align="right">{t("home.report.plannedEur")}</TableCell>
                    <TableCell align="right">{t("home.report.deliveredEur")}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={row.key}>
                      <HeaderCell row={row} />
                      <Figure total={row.total}>{countText(row.counts.students_enrolled, withheld)}</Figure>
                      <Figure total={row.total}>{countText(row.counts.students_with_plan, withheld)}</Figure>
                      <Figure total={row.total}>{countText(row.counts.plans_by_risk_level.high, withheld)}</Figure>
                      <Figure total={row.total}>{countText(row.counts.measures_planned, withheld)}</Figure>
                      <Figure total={row.total}>{countText(row.counts.measures_delivered, withheld)}</Figure>
                      <Figure total={row.total}>{countText(row.counts.deliveries, withheld)}</Figure>
                      <Figure total={row.total}>{moneyText(row.counts.planned_amount_eur, withheld)}</Figure>
                      <Figure total={row.total}>{moneyText(row.counts.delivered_amount_eur, withheld)}</Figure>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
            {data.small_cell_suppression ? (
              <Typography variant="body2" sx={{ mt: 1 }}>
                {t("home.report.suppressed")}
              </Typography>
            ) : null}
          </>
        );
      }}
    </QueryState>
  );
}
