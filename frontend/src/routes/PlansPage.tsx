import { Box, Link, Paper, TextField } from "@mui/material";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Schemas } from "../api/client";
import { planListQuery } from "../api/queries/plans";
import { PageHeader } from "../components/PageHeader";
import { ErrorMessage } from "../components/QueryState";
import { ServerTable, type Column } from "../components/ServerTable";
import { useMe } from "../auth/SessionProvider";
import { noScopeFilter, ScopeFilters, scopeParams, type ScopeFilter } from "../features/organisation/ScopeFilters";
import { LevelChip, StatusChip, useSemesterLabel } from "../features/plans/labels";
import { formatDateTime } from "../lib/format";
import { useCursorPages } from "../lib/useCursorPages";
import { useDebounced } from "../lib/useDebounced";
import { planStatusValues, riskLevelValues } from "../api/generated/schema";

type PlanSummary = Schemas["PlanSummary"];

export default function PlansPage() {
  const { t } = useTranslation();
  const semesterLabel = useSemesterLabel();
  const me = useMe();
  const scope = me.current.scope_type;
  const [status, setStatus] = useState("");
  const [level, setLevel] = useState("");
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<ScopeFilter>(noScopeFilter);
  const q = useDebounced(search.trim(), 300);
  const filters = {
    ...scopeParams(filter),
    q: q || undefined,
    status: (status || undefined) as Schemas["PlanStatus"] | undefined,
    risk_level: (level || undefined) as Schemas["RiskLevel"] | undefined,
  };
  const plans = useCursorPages((page) => planListQuery({ ...filters, ...page }), filters);

  const columns = useMemo<Column<PlanSummary>[]>(
    () => [
      {
        field: "code",
        headerName: t("plans.code"),
        width: 190,
        renderCell: ({ row }) => (
          <Link component={RouterLink} to={`/plans/${row.id}`}>
            {row.code}
          </Link>
        ),
      },
      { field: "student_name", headerName: t("plans.student"), flex: 1, minWidth: 180 },
      ...(scope !== "institution"
        ? [{ field: "institution_name", headerName: t("plans.institution"), flex: 1, minWidth: 200 }]
        : []),
      ...(scope === "national"
        ? [
            {
              field: "municipality_name",
              headerName: t("plans.municipality"),
              width: 170,
              valueGetter: (_v: unknown, row: PlanSummary) => row.municipality_name ?? "—",
            },
          ]
        : []),
      {
        field: "semester",
        headerName: t("plans.semester"),
        width: 190,
        valueGetter: (_v, row) => semesterLabel(row.semester),
      },
      {
        field: "status",
        headerName: t("plans.status"),
        width: 210,
        renderCell: ({ row }) => <StatusChip status={row.status} />,
      },
      {
        field: "risk_level",
        headerName: t("plans.riskLevel"),
        width: 130,
        renderCell: ({ row }) => <LevelChip level={row.risk_level} />,
      },
      { field: "author_name", headerName: t("plans.author"), width: 170 },
      {
        field: "status_changed_at",
        headerName: t("plans.changed"),
        width: 160,
        valueFormatter: (value: string) => formatDateTime(value),
      },
    ],
    [t, semesterLabel, scope],
  );

  const native = { select: { native: true }, inputLabel: { shrink: true } } as const;
  return (
    <>
      <PageHeader title={t("plans.title")} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2, flexWrap: "wrap" }}>
          <TextField
            label={t("plans.search")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            sx={{ minWidth: 280, flexGrow: 1 }}
            type="search"
          />
          <ScopeFilters value={filter} onChange={setFilter} />
          <TextField select label={t("plans.filters.status")} value={status} onChange={(e) => setStatus(e.target.value)} slotProps={native} sx={{ minWidth: 220 }}>
            <option value="">{t("common.all")}</option>
            {planStatusValues.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </TextField>
          <TextField select label={t("plans.filters.riskLevel")} value={level} onChange={(e) => setLevel(e.target.value)} slotProps={native} sx={{ minWidth: 160 }}>
            <option value="">{t("common.all")}</option>
            {riskLevelValues.map((l) => (
              <option key={l} value={l}>
                {t(`levels.${l}`)}
              </option>
            ))}
          </TextField>
        </Box>
      </Paper>
      <ErrorMessage error={plans.result.error} />
      <ServerTable<PlanSummary> pages={plans} label={t("plans.title")} columns={columns} />
    </>
  );
}
