import { Autocomplete, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { institutionSearchQuery, municipalitiesQuery, schoolYearsQuery } from "../../api/queries/organisation";
import { useMe } from "../../auth/SessionProvider";
import { useDebounced } from "../../lib/useDebounced";

type Institution = Schemas["InstitutionRead"];

export interface ScopeFilter {
  municipalityId: string;
  institution: Institution | null;
  semesterId: string;
}

export const noScopeFilter: ScopeFilter = { municipalityId: "", institution: null, semesterId: "" };

/** The list API's query parameters for the chosen filters. */
export function scopeParams(filter: ScopeFilter) {
  return {
    municipality_id: filter.municipalityId || undefined,
    institution_id: filter.institution?.id,
    semester_id: filter.semesterId || undefined,
  };
}

/** A stable key of the chosen filters, to start paging again when one changes. */
const native = { select: { native: true }, inputLabel: { shrink: true } } as const;

/** Finds institutions by name on the server: the national register is too long for a list. */
function InstitutionPicker({
  value,
  municipalityId,
  onChange,
}: {
  value: Institution | null;
  municipalityId: string;
  onChange: (institution: Institution | null) => void;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState("");
  const q = useDebounced(input.trim(), 300);
  const found = useQuery(institutionSearchQuery(q, municipalityId || undefined));
  return (
    <Autocomplete
      options={found.data?.items ?? []}
      value={value}
      onChange={(_e, next) => onChange(next)}
      onInputChange={(_e, next) => setInput(next)}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(options) => options}
      loading={found.isFetching}
      noOptionsText={t("filters.noInstitution")}
      sx={{ minWidth: 280 }}
      renderInput={(params) => (
        <TextField {...params} label={t("filters.institution")} placeholder={t("filters.anyInstitution")} />
      )}
    />
  );
}

/**
 * Where and when: municipality (IKVD), institution (the municipality and IKVD) and semester.
 * Roles of one institution choose only the semester.
 */
export function ScopeFilters({
  value,
  onChange,
  semesterLabel,
}: {
  value: ScopeFilter;
  onChange: (next: ScopeFilter) => void;
  semesterLabel?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const scope = me.current.scope_type;
  const national = scope === "national";
  const wide = national || scope === "municipality";
  const municipalities = useQuery({ ...municipalitiesQuery(), enabled: national });
  const years = useQuery(schoolYearsQuery());
  const semesters = [...(years.data ?? [])]
    .sort((a, b) => b.starts_on.localeCompare(a.starts_on))
    .flatMap((y) =>
      [...y.semesters]
        .sort((a, b) => b.number - a.number)
        .map((s) => ({ id: s.id, label: t("semester", { year: y.name, number: s.number }) })),
    );
  return (
    <>
      {national ? (
        <TextField
          select
          label={t("filters.municipality")}
          value={value.municipalityId}
          onChange={(e) => onChange({ ...value, municipalityId: e.target.value, institution: null })}
          slotProps={native}
          sx={{ minWidth: 220 }}
        >
          <option value="">{t("common.all")}</option>
          {(municipalities.data?.items ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </TextField>
      ) : null}
      {wide ? (
        <InstitutionPicker
          value={value.institution}
          municipalityId={value.municipalityId}
          onChange={(institution) => onChange({ ...value, institution })}
        />
      ) : null}
      <TextField
        select
        label={semesterLabel ?? t("filters.semester")}
        value={value.semesterId}
        onChange={(e) => onChange({ ...value, semesterId: e.target.value })}
        slotProps={native}
        sx={{ minWidth: 220 }}
      >
        <option value="">{t("common.all")}</option>
        {semesters.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </TextField>
    </>
  );
}
