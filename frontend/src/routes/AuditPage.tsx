import Download from "@mui/icons-material/Download";
import { Autocomplete, Box, Button, Link, Paper, TextField } from "@mui/material";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useSearchParams } from "react-router";
import type { Schemas } from "../api/client";
import { auditEventsQuery, exportAuditCsv } from "../api/queries/audit";
import { studentListQuery, studentQuery } from "../api/queries/students";
import { userListQuery } from "../api/queries/users";
import { PageHeader } from "../components/PageHeader";
import { ErrorMessage } from "../components/QueryState";
import { ServerTable, type Column } from "../components/ServerTable";
import { auditQuery, EMPTY_FILTERS, type AuditFilterInput } from "../features/audit/filters";
import { saveFile } from "../lib/download";
import { DateField } from "../components/DateField";
import { formatDateTime } from "../lib/format";
import { useCursorPages } from "../lib/useCursorPages";
import { useDebounced } from "../lib/useDebounced";
import { auditActionValues } from "../api/generated/schema";

type AuditEvent = Schemas["AuditEventRead"];
type Student = Schemas["StudentRead"];
type User = Schemas["UserRead"];

const RESOURCE_TYPES = [
  "student",
  "guardian",
  "consent",
  "enrollment",
  "support_plan",
  "plan_status",
  "plan_history",
  "plan_note",
  "risk_assessment",
  "measure",
  "delivery",
  "activity_measure_link",
  "user",
  "role_assignment",
  "api_client",
  "audit_events",
];

const studentLabel = (s: Student) => `${s.family_name} ${s.given_name}${s.class_label ? ` (${s.class_label})` : ""}`;

/** Picks one student in scope by name, or shows the one named in the address. */
function StudentPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 300);
  const options = useQuery({ ...studentListQuery({ q: q || undefined, limit: 20 }), enabled: q.length >= 2 });
  const chosen = useQuery({ ...studentQuery(value ?? ""), enabled: Boolean(value) });
  const selected = value ? (chosen.data ?? null) : null;
  return (
    <Autocomplete<Student>
      sx={{ minWidth: 280, flex: 1 }}
      options={options.data?.items ?? []}
      value={selected}
      filterOptions={(x) => x}
      getOptionLabel={studentLabel}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={options.isFetching}
      onInputChange={(_e, next) => setText(next)}
      onChange={(_e, next) => onChange(next?.id ?? null)}
      noOptionsText={q.length >= 2 ? t("audit.noMatch") : t("audit.typeToSearch")}
      renderInput={(params) => <TextField {...params} label={t("audit.filters.student")} />}
    />
  );
}

function UserPicker({ onChange }: { onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 300);
  const options = useQuery({ ...userListQuery({ q: q || undefined, limit: 20 }), enabled: q.length >= 2 });
  return (
    <Autocomplete<User>
      sx={{ minWidth: 240, flex: 1 }}
      options={options.data?.items ?? []}
      filterOptions={(x) => x}
      getOptionLabel={(u) => `${u.full_name} (${u.email})`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={options.isFetching}
      onInputChange={(_e, next) => setText(next)}
      onChange={(_e, next) => onChange(next?.id ?? null)}
      noOptionsText={q.length >= 2 ? t("audit.noMatch") : t("audit.typeToSearch")}
      renderInput={(params) => <TextField {...params} label={t("audit.filters.user")} />}
    />
  );
}

/** Who read or changed what: the audit trail in the caller's scope, filtered, paged and exportable. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<AuditFilterInput>({
    ...EMPTY_FILTERS,
    studentId: params.get("student_id"),
  });
  const set = (patch: Partial<AuditFilterInput>) => setFilters((current) => ({ ...current, ...patch }));
  const query = useMemo(() => auditQuery(filters), [filters]);
  const events = useCursorPages((page) => auditEventsQuery({ ...query, ...page }), query);
  useEffect(() => {
    setParams(filters.studentId ? { student_id: filters.studentId } : {}, { replace: true });
  }, [filters.studentId, setParams]);
  const download = useMutation({
    mutationFn: async () => {
      const file = await exportAuditCsv(query);
      saveFile(file.blob, file.fileName ?? "audit.csv");
    },
  });

  const columns = useMemo<Column<AuditEvent>[]>(
    () => [
      {
        field: "at",
        headerName: t("audit.at"),
        width: 150,
        valueFormatter: (value: string) => formatDateTime(value),
      },
      {
        field: "actor_name",
        headerName: t("audit.actor"),
        flex: 1,
        minWidth: 170,
        valueGetter: (_v, row) => row.actor_name ?? (row.actor_client_id ? t("audit.apiClient") : t("audit.system")),
      },
      {
        field: "actor_role",
        headerName: t("audit.role"),
        width: 170,
        valueGetter: (_v, row) => (row.actor_role ? t(`roles.${row.actor_role}`, row.actor_role) : "—"),
      },
      {
        field: "action",
        headerName: t("audit.action"),
        width: 110,
        valueGetter: (_v, row) => t(`audit.actions.${row.action}`),
      },
      {
        field: "resource_type",
        headerName: t("audit.resource"),
        width: 160,
        valueGetter: (_v, row) => t(`audit.resources.${row.resource_type}`, row.resource_type),
      },
      {
        field: "student_id",
        headerName: t("audit.student"),
        width: 120,
        renderCell: ({ row }) =>
          row.student_id ? (
            <Link component={RouterLink} to={`/students/${row.student_id}`}>
              {t("audit.openStudent")}
            </Link>
          ) : (
            "—"
          ),
      },
      { field: "detail", headerName: t("audit.detail"), flex: 1, minWidth: 150 },
      { field: "client_address", headerName: t("audit.address"), width: 130 },
    ],
    [t],
  );

  const native = { select: { native: true }, inputLabel: { shrink: true } } as const;
  return (
    <>
      <PageHeader
        title={t("audit.title")}
        subtitle={t("audit.intro")}
        actions={
          <Button
            variant="outlined"
            startIcon={<Download />}
            disabled={download.isPending}
            onClick={() => download.mutate()}
          >
            {t("audit.exportCsv")}
          </Button>
        }
      />
      <Paper component="section" aria-label={t("audit.filters.title")} sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2, flexWrap: "wrap" }}>
          <StudentPicker value={filters.studentId} onChange={(studentId) => set({ studentId })} />
          <UserPicker onChange={(userId) => set({ userId })} />
          <TextField
            select
            label={t("audit.filters.action")}
            value={filters.action}
            onChange={(e) => set({ action: e.target.value })}
            slotProps={native}
            sx={{ minWidth: 150 }}
          >
            <option value="">{t("common.all")}</option>
            {auditActionValues.map((a) => (
              <option key={a} value={a}>
                {t(`audit.actions.${a}`)}
              </option>
            ))}
          </TextField>
          <TextField
            select
            label={t("audit.filters.resource")}
            value={filters.resourceType}
            onChange={(e) => set({ resourceType: e.target.value })}
            slotProps={native}
            sx={{ minWidth: 180 }}
          >
            <option value="">{t("common.all")}</option>
            {RESOURCE_TYPES.map((r) => (
              <option key={r} value={r}>
                {t(`audit.resources.${r}`)}
              </option>
            ))}
          </TextField>
          {/* A date still being typed (or impossible) leaves the filter as it was. */}
          <DateField
            label={t("audit.filters.from")}
            value={filters.from}
            onChange={(from) => {
              if (from !== null) set({ from });
            }}
          />
          <DateField
            label={t("audit.filters.to")}
            value={filters.to}
            onChange={(to) => {
              if (to !== null) set({ to });
            }}
          />
        </Box>
      </Paper>
      <ErrorMessage error={events.result.error ?? download.error} />
      <ServerTable<AuditEvent> pages={events} label={t("audit.title")} columns={columns} />
    </>
  );
}
