import { Box, Checkbox, Chip, FormControlLabel, Link, MenuItem, Paper, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";
import type { Schemas } from "../api/client";
import { classGroupsQuery } from "../api/queries/organisation";
import { studentListQuery, type StudentFilters } from "../api/queries/students";
import { useMe } from "../auth/SessionProvider";
import { PageHeader } from "../components/PageHeader";
import { ErrorMessage } from "../components/QueryState";
import { ServerTable, type Column } from "../components/ServerTable";
import { noScopeFilter, ScopeFilters, scopeParams, type ScopeFilter } from "../features/organisation/ScopeFilters";
import { useCursorPages } from "../lib/useCursorPages";
import { useDebounced } from "../lib/useDebounced";
import { formatDate } from "../lib/format";
import { searchParams } from "../features/students/search";
import { canReadPersonalCodes, canSeeFlags } from "../lib/permissions";
import { riskLevelValues } from "../api/generated/schema";

type Student = Schemas["StudentListItem"];
const GRADES = Array.from({ length: 12 }, (_, i) => i + 1);

/** The filters kept in the page's address, so Back (and a shared link) restores them. */
type Kept = "q" | "class" | "grade" | "plan" | "risk" | "atRisk" | "municipality" | "semester";

function useKeptFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: Kept) => params.get(key) ?? "";
  const set = useCallback(
    (changes: Partial<Record<Kept, string>>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { get, set };
}

export default function StudentsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const kept = useKeptFilters();
  const keep = kept.set;
  const [search, setSearchText] = useState(kept.get("q"));
  const setSearch = useCallback(
    (value: string) => {
      setSearchText(value);
      keep({ q: value });
    },
    [keep],
  );
  const classGroupId = kept.get("class");
  const grade = kept.get("grade");
  const hasPlan = kept.get("plan");
  const riskLevel = kept.get("risk");
  const atRisk = kept.get("atRisk") === "1";
  const showFlags = canSeeFlags(me);
  // The institution filter needs the chosen institution's name: it stays on the page alone.
  const [institution, setInstitution] = useState<ScopeFilter["institution"]>(null);
  const municipalityId = kept.get("municipality");
  const semesterId = kept.get("semester");
  const scopeFilter = useMemo<ScopeFilter>(
    () => ({ ...noScopeFilter, municipalityId, semesterId, institution }),
    [municipalityId, semesterId, institution],
  );
  const setScopeFilter = useCallback(
    (next: ScopeFilter) => {
      setInstitution(next.institution);
      keep({ municipality: next.municipalityId, semester: next.semesterId });
    },
    [keep],
  );
  const scope = me.current.scope_type;
  const debouncedSearch = useDebounced(search.trim(), 300);

  const institutionId = me.current.scope_type === "institution" ? me.current.scope_id : null;
  const classGroups = useQuery({ ...classGroupsQuery(institutionId), enabled: institutionId !== null });

  const filters: Omit<StudentFilters, "limit" | "cursor"> = {
    ...searchParams(debouncedSearch, canReadPersonalCodes(me)),
    ...scopeParams(scopeFilter),
    class_group_id: classGroupId || undefined,
    grade: grade ? Number(grade) : undefined,
    has_plan: hasPlan && !atRisk ? hasPlan === "yes" : undefined,
    risk_level: (riskLevel || undefined) as StudentFilters["risk_level"],
    at_risk_without_plan: atRisk && showFlags ? true : undefined,
  };
  const students = useCursorPages((page) => studentListQuery({ ...filters, ...page }), filters);

  const columns = useMemo<Column<Student>[]>(
    () => [
      {
        field: "name",
        headerName: t("students.name"),
        flex: 1,
        minWidth: 200,
        valueGetter: (_value, row) => `${row.family_name} ${row.given_name}`,
        renderCell: ({ row }) => (
          <Link component={RouterLink} to={`/students/${row.id}`}>
            {row.family_name} {row.given_name}
          </Link>
        ),
      },
      ...(scope !== "institution"
        ? [{ field: "institution_name", headerName: t("students.institution"), flex: 1, minWidth: 200 }]
        : []),
      ...(scope === "national"
        ? [
            {
              field: "municipality_name",
              headerName: t("students.municipality"),
              width: 170,
              valueGetter: (_v: unknown, row: Student) => row.municipality_name ?? "—",
            },
          ]
        : []),
      { field: "class_label", headerName: t("students.class"), width: 110 },
      {
        field: "grade",
        headerName: t("students.grade"),
        width: 110,
        valueGetter: (_value, row) => row.grade ?? (row.course ? t("students.course", { course: row.course }) : ""),
      },
      {
        field: "date_of_birth",
        headerName: t("students.dateOfBirth"),
        width: 140,
        valueFormatter: (value: string) => formatDate(value),
      },
      { field: "personal_code", headerName: t("students.personalCode"), width: 150 },
      {
        field: "open_plan_status",
        headerName: t("students.openPlan"),
        width: 200,
        valueGetter: (_value, row) => (row.open_plan_status ? t(`status.${row.open_plan_status}`) : t("students.noPlan")),
        renderCell: ({ row }) =>
          row.open_plan_id && row.open_plan_status ? (
            <Link component={RouterLink} to={`/plans/${row.open_plan_id}`}>
              {t(`status.${row.open_plan_status}`)}
            </Link>
          ) : (
            t("students.noPlan")
          ),
      },
      {
        field: "risk_level",
        headerName: t("students.riskLevel"),
        width: 190,
        valueGetter: (_value, row) => (row.risk_level ? t(`levels.${row.risk_level}`) : "—"),
        renderCell: ({ row }) => (
          <Box sx={{ display: "flex", gap: 0.5, alignItems: "center", height: "100%" }}>
            {row.risk_level ? t(`levels.${row.risk_level}`) : "—"}
            {row.flag_level ? (
              <Chip
                size="small"
                variant="outlined"
                color={row.flag_level === "alert" ? "error" : "warning"}
                label={t(`indicators.levels.${row.flag_level}`)}
                title={t("students.flagTitle")}
              />
            ) : null}
          </Box>
        ),
      },
    ],
    [t, scope],
  );

  // The filters render again only when one of them changes, not each time a page of the list (or
  // another query of the page) arrives: on a slow phone each render of the fields is a long task.
  const readsCodes = canReadPersonalCodes(me);
  const classGroupItems = classGroups.data?.items;
  const filterBar = useMemo(
    () => (
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2, flexWrap: "wrap" }}>
          <TextField
            label={t("students.search")}
            helperText={readsCodes ? t("students.searchHelp") : " "}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            sx={{ minWidth: 280, flexGrow: 1 }}
            type="search"
          />
          <ScopeFilters value={scopeFilter} onChange={setScopeFilter} semesterLabel={t("filters.planSemester")} />
          {institutionId ? (
            <TextField
              select
              label={t("students.class")}
              value={classGroupId}
              onChange={(e) => keep({ class: e.target.value })}
              sx={{ minWidth: 140 }}
            >
              <MenuItem value="">{t("common.all")}</MenuItem>
              {(classGroupItems ?? []).map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.label}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          <TextField
            select
            label={t("students.grade")}
            value={grade}
            onChange={(e) => keep({ grade: e.target.value })}
            sx={{ minWidth: 120 }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            {GRADES.map((g) => (
              <MenuItem key={g} value={String(g)}>
                {g}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={t("students.hasPlan")}
            value={atRisk ? "no" : hasPlan}
            onChange={(e) => keep({ plan: e.target.value })}
            disabled={atRisk}
            sx={{ minWidth: 140 }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            <MenuItem value="yes">{t("common.yes")}</MenuItem>
            <MenuItem value="no">{t("common.no")}</MenuItem>
          </TextField>
          <TextField
            select
            label={t("students.riskLevel")}
            value={riskLevel}
            onChange={(e) => keep({ risk: e.target.value })}
            sx={{ minWidth: 150 }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            {riskLevelValues.map((l) => (
              <MenuItem key={l} value={l}>
                {t(`levels.${l}`)}
              </MenuItem>
            ))}
          </TextField>
          {showFlags ? (
            <FormControlLabel
              control={
                <Checkbox checked={atRisk} onChange={(e) => keep({ atRisk: e.target.checked ? "1" : "" })} />
              }
              label={t("students.atRiskWithoutPlan")}
            />
          ) : null}
        </Box>
      </Paper>
    ),
    [t, search, setSearch, readsCodes, scopeFilter, setScopeFilter, institutionId, classGroupId, keep, classGroupItems, grade, atRisk, hasPlan, riskLevel, showFlags],
  );

  return (
    <>
      <PageHeader title={t("students.title")} />
      {filterBar}
      <ErrorMessage error={students.result.error} />
      <ServerTable<Student> pages={students} label={t("students.title")} columns={columns} />
    </>
  );
}
