import { Alert, Box, Breadcrumbs, Button, Link, MenuItem, Paper, Stack, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  exportMonitoring,
  monitoringQuery,
  trendQuery,
  type MonitoringFilters,
  type ReportName,
  type ReportRow,
  type ReportTable,
} from "../api/queries/monitoring";
import { schoolYearsQuery } from "../api/queries/organisation";
import { PageHeader } from "../components/PageHeader";
import { PageLoading } from "../components/PageLoading";
import { QueryState } from "../components/QueryState";
import { saveFile } from "../lib/download";
import { cellNumber } from "../features/reports/monitoring/cells";
import { rowLabel, TableView } from "../features/reports/monitoring/TableView";

const BarsChart = lazy(() => import("../features/reports/monitoring/BarsChart"));

interface Unit {
  id: string;
  label: string;
}

/** Which table of a report is drawn, and which of its columns are bars. */
const CHARTS: Record<ReportName, { table: string; columns: string[]; byColumn?: boolean }> = {
  coverage: {
    table: "funnel",
    columns: ["enrolled", "flagged", "with_plan", "plan_active", "evaluated"],
    byColumn: true,
  },
  risks: { table: "groups", columns: ["low", "medium", "high"] },
  measures: { table: "measure_types", columns: ["measures", "students_reached"] },
  money: { table: "money_by_type", columns: ["planned_eur", "delivered_eur"] },
  outcomes: { table: "level_change_groups", columns: ["before_high", "after_high", "improved"] },
  effect: { table: "by_measure_type", columns: ["absence_change_received", "absence_change_not_received"] },
};
const REPORTS: ReportName[] = ["coverage", "risks", "measures", "money", "outcomes", "effect"];

function chartData(table: ReportTable, columns: string[], byColumn: boolean, label: (r: ReportRow) => string, t: (k: string) => string) {
  if (byColumn) {
    // The funnel: one bar per stage, of the table's total.
    const total = table.total ?? table.rows[0];
    if (!total) return [];
    return columns.map((c) => ({ name: t(`monitoring.col.${c}`), value: cellNumber(total.cells[c]) }));
  }
  return table.rows
    .filter((r) => columns.some((c) => cellNumber(r.cells[c]) !== 0))
    .map((r) => ({ name: label(r), ...Object.fromEntries(columns.map((c) => [c, cellNumber(r.cells[c])])) }));
}

function ReportSection({ report, filters, onDrill }: { report: ReportName; filters: MonitoringFilters; onDrill: (row: ReportRow) => void }) {
  const { t, i18n } = useTranslation();
  const query = useQuery(monitoringQuery(report, filters));
  const [busy, setBusy] = useState(false);
  const heading = `monitoring-${report}`;
  const download = async (format: "xlsx" | "csv") => {
    setBusy(true);
    try {
      const file = await exportMonitoring(report, filters, format, i18n.language === "en" ? "en" : "lv");
      saveFile(file.blob, file.fileName ?? `pumpurs-${report}.${format}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper component="section" aria-labelledby={heading} sx={{ p: 2, mb: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
        <Typography variant="h6" component="h2" id={heading} sx={{ flexGrow: 1 }}>
          {t(`monitoring.report.${report}`)}
        </Typography>
        <Button variant="outlined" size="small" disabled={busy} onClick={() => void download("xlsx")}>
          {t("monitoring.exportXlsx")}
        </Button>
        <Button variant="outlined" size="small" disabled={busy} onClick={() => void download("csv")}>
          {t("monitoring.exportCsv")}
        </Button>
      </Stack>
      <QueryState isPending={query.isPending} error={query.error}>
        {() => {
          const data = query.data!;
          const chart = CHARTS[report];
          const drawn = data.tables.find((x) => x.key === chart.table);
          const label = (r: ReportRow) => rowLabel(r, i18n.language, t);
          const rows = drawn ? chartData(drawn, chart.columns, Boolean(chart.byColumn), label, t) : [];
          const series = chart.byColumn
            ? [{ key: "value", name: t("monitoring.col.students") }]
            : chart.columns.map((c) => ({ key: c, name: t(`monitoring.col.${c}`) }));
          return (
            <>
              {data.notes.map((n) => (
                <Typography key={n} variant="body2" color="text.secondary">
                  {t(`monitoring.note.${n}`)}
                </Typography>
              ))}
              {rows.length ? (
                <Suspense fallback={<PageLoading />}>
                  <BarsChart
                    data={rows}
                    series={series}
                    label={t(`monitoring.chart.${report}`)}
                    describedBy={`${heading}-${chart.table}`}
                  />
                </Suspense>
              ) : (
                <Typography>{t("monitoring.nothingToDraw")}</Typography>
              )}
              {data.tables.map((table) => (
                <Box key={table.key} sx={{ mt: 2 }}>
                  <Typography variant="subtitle1" component="h3">
                    {t(`monitoring.table.${table.key}`)}
                  </Typography>
                  <TableView
                    table={table}
                    id={`${heading}-${table.key}`}
                    caption={t(`monitoring.table.${table.key}`)}
                    onDrill={report === "coverage" ? onDrill : undefined}
                  />
                </Box>
              ))}
              {data.small_cell_suppression ? (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  {t("monitoring.withheldNote")}
                </Typography>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </Paper>
  );
}

/** Coverage semester by semester: the funnel's totals as bars and as a table. */
function CoverageTrend({ filters }: { filters: MonitoringFilters }) {
  const { t } = useTranslation();
  // A trend runs over semesters: the chosen semester narrows nothing, its school year does.
  const rest = Object.fromEntries(Object.entries(filters).filter(([k]) => k !== "semester_id"));
  const trend = useQuery(trendQuery("coverage", rest));
  const heading = "monitoring-trend";
  return (
    <Paper component="section" aria-labelledby={heading} sx={{ p: 2, mb: 2 }}>
      <Typography variant="h6" component="h2" id={heading}>
        {t("monitoring.trend")}
      </Typography>
      <QueryState isPending={trend.isPending} error={trend.error}>
        {() => {
          const data = trend.data!;
          const columns = ["with_plan", "plan_active", "evaluated"];
          const rows = data.rows.map((r) => ({
            name: r.label,
            ...Object.fromEntries(columns.map((c) => [c, cellNumber(r.cells[c])])),
          }));
          return (
            <>
              {rows.length ? (
                <Suspense fallback={<PageLoading />}>
                  <BarsChart
                    data={rows}
                    series={columns.map((c) => ({ key: c, name: t(`monitoring.col.${c}`) }))}
                    label={t("monitoring.trendChart")}
                    describedBy={`${heading}-table`}
                  />
                </Suspense>
              ) : (
                <Typography>{t("monitoring.nothingToDraw")}</Typography>
              )}
              <TableView
                table={{ key: "trend", columns: data.columns, rows: data.rows, total: null }}
                id={`${heading}-table`}
                caption={t("monitoring.trend")}
              />
            </>
          );
        }}
      </QueryState>
    </Paper>
  );
}

/** Programme monitoring for municipal coordinators and IKVD: a period, a drill-down, five reports. */
export default function MonitoringPage() {
  const { t } = useTranslation();
  const years = useQuery(schoolYearsQuery());
  const [period, setPeriod] = useState("");
  const [municipality, setMunicipality] = useState<Unit | null>(null);
  const [institution, setInstitution] = useState<Unit | null>(null);
  const filters: MonitoringFilters = {
    ...(period.startsWith("s:") ? { semester_id: period.slice(2) } : {}),
    ...(period.startsWith("y:") ? { school_year_id: period.slice(2) } : {}),
    ...(municipality ? { municipality_id: municipality.id } : {}),
    ...(institution ? { institution_id: institution.id } : {}),
  };
  const drill = (row: ReportRow) => {
    if (row.kind === "municipality" && row.key !== "state") setMunicipality({ id: row.key, label: row.label });
    if (row.kind === "institution") setInstitution({ id: row.key, label: row.label });
  };
  return (
    <>
      <PageHeader title={t("monitoring.title")} />
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ mb: 2, alignItems: { sm: "center" } }}>
        <TextField
          select
          size="small"
          label={t("monitoring.period")}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          sx={{ minWidth: 260 }}
        >
          <MenuItem value="">{t("monitoring.currentSemester")}</MenuItem>
          {(years.data ?? []).flatMap((y) => [
            <MenuItem key={y.id} value={`y:${y.id}`}>
              {t("monitoring.schoolYear", { name: y.name })}
            </MenuItem>,
            ...y.semesters.map((s) => (
              <MenuItem key={s.id} value={`s:${s.id}`}>
                {t("monitoring.semester", { name: y.name, number: s.number })}
              </MenuItem>
            )),
          ])}
        </TextField>
        <Breadcrumbs aria-label={t("monitoring.drill")}>
          <Link component="button" onClick={() => { setMunicipality(null); setInstitution(null); }}>
            {t("monitoring.allInScope")}
          </Link>
          {municipality ? (
            <Link component="button" onClick={() => setInstitution(null)}>
              {municipality.label}
            </Link>
          ) : null}
          {institution ? <Typography color="text.primary">{institution.label}</Typography> : null}
        </Breadcrumbs>
      </Stack>
      <Alert severity="info" sx={{ mb: 2 }}>
        {t("monitoring.drillHint")}
      </Alert>
      {REPORTS.map((r) => (
        <ReportSection key={r} report={r} filters={filters} onDrill={drill} />
      ))}
      <CoverageTrend filters={filters} />
    </>
  );
}
