import { Alert, Box, Button, Checkbox, FormControlLabel, Paper, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { riskFactorsQuery, riskGroupsQuery } from "../../api/queries/catalogues";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { ErrorMessage } from "../../components/QueryState";
import { useCatalogueLabel } from "../../lib/label";
import { LevelChip } from "./labels";
import { useUnsavedEdit } from "./unsaved";
import { riskLevelValues } from "../../api/generated/schema";

type RiskLevel = Schemas["RiskLevel"];
interface Rating {
  level: RiskLevel | "";
  note: string;
}

function initialRatings(plan: Plan): Record<string, Rating> {
  const ratings: Record<string, Rating> = {};
  for (const f of plan.risk_assessment.rated_factors) {
    if (f.risk_factor_id && !f.hidden) ratings[f.risk_factor_id] = { level: f.level ?? "", note: f.note ?? "" };
  }
  return ratings;
}

interface EditorState {
  ratings: Record<string, Rating>;
  protective: string;
  override: boolean;
  overrideLevel: RiskLevel | "";
  overrideReason: string;
}

function bodyOf(s: EditorState): Schemas["RiskAssessmentIn"] {
  return {
    rated_factors: Object.entries(s.ratings)
      .filter(([, r]) => r.level)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, r]) => ({ risk_factor_id: id, level: r.level as RiskLevel, note: r.note.trim() || null })),
    protective_factors: s.protective.trim() || null,
    override_level: s.override && s.overrideLevel ? s.overrideLevel : null,
    override_reason: s.override && s.overrideLevel ? s.overrideReason.trim() || null : null,
  };
}

function savedBody(plan: Plan): Schemas["RiskAssessmentIn"] {
  const ra = plan.risk_assessment;
  return bodyOf({
    ratings: initialRatings(plan),
    protective: ra.protective_factors ?? "",
    override: Boolean(ra.override_level),
    overrideLevel: ra.override_level ?? "",
    overrideReason: ra.override_reason ?? "",
  });
}

/** The highest rated level, as the API computes it. */
function highestLevel(levels: (RiskLevel | "")[]): RiskLevel | null {
  for (const level of ["high", "medium", "low"] as const) if (levels.includes(level)) return level;
  return null;
}

/** Rated factors grouped by risk group, read-only. */
export function RiskAssessmentView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const groups = useQuery(riskGroupsQuery());
  const ra = plan.risk_assessment;
  const byGroup = (code: string | null) => ra.rated_factors.filter((f) => f.group === code);
  const hidden = ra.rated_factors.filter((f) => f.hidden);
  return (
    <Box>
      {(groups.data ?? []).map((g) =>
        byGroup(g.code).filter((f) => !f.hidden).length ? (
          <Box key={g.id} sx={{ mb: 2 }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              {label(g)}
            </Typography>
            <Box component="ul" sx={{ m: 0, pl: 3 }}>
              {byGroup(g.code)
                .filter((f) => !f.hidden)
                .map((f) => (
                  <li key={f.risk_factor_id ?? f.code}>
                    {f.code} {label(f)} — <LevelChip level={f.level} />
                    {f.note ? ` — ${f.note}` : ""}
                  </li>
                ))}
            </Box>
          </Box>
        ) : null,
      )}
      {hidden.length ? (
        <Typography color="text.secondary">
          {hidden.length} × {t("plans.risk.hidden")}
        </Typography>
      ) : null}
      {ra.protective_factors ? (
        <Typography sx={{ mt: 1 }}>
          <strong>{t("plans.risk.protective")}:</strong> {ra.protective_factors}
        </Typography>
      ) : null}
      <Typography sx={{ mt: 1 }}>
        <strong>{t("plans.risk.overall")}:</strong> <LevelChip level={ra.overall_level} />
        {ra.override_reason ? ` (${ra.override_reason})` : ""}
      </Typography>
    </Box>
  );
}

/** Level and note per factor, grouped by risk group; protective factors; the overall level. */
export function RiskAssessmentEditor({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const groups = useQuery(riskGroupsQuery());
  const factors = useQuery(riskFactorsQuery());
  const { setRiskAssessment } = usePlanMutations(plan.id);
  const [ratings, setRatings] = useState<Record<string, Rating>>(() => initialRatings(plan));
  const [protective, setProtective] = useState(plan.risk_assessment.protective_factors ?? "");
  const [override, setOverride] = useState(Boolean(plan.risk_assessment.override_level));
  const [overrideLevel, setOverrideLevel] = useState<RiskLevel | "">(plan.risk_assessment.override_level ?? "");
  const [overrideReason, setOverrideReason] = useState(plan.risk_assessment.override_reason ?? "");
  const [saved, setSaved] = useState(false);

  const computed = useMemo(() => highestLevel(Object.values(ratings).map((r) => r.level)), [ratings]);
  const rated = Object.values(ratings).filter((r) => r.level).length;
  const setRating = (id: string, patch: Partial<Rating>) => {
    setSaved(false);
    setRatings((r) => ({ ...r, [id]: { level: "", note: "", ...r[id], ...patch } }));
  };

  const body = bodyOf({ ratings, protective, override, overrideLevel, overrideReason });
  const dirty = JSON.stringify(body) !== JSON.stringify(savedBody(plan));
  const saveOnto = async (onto: Plan) => {
    const next = await setRiskAssessment.mutateAsync({ plan: onto, body });
    setSaved(true);
    return next;
  };
  const save = () => saveOnto(plan);
  useUnsavedEdit("risk", dirty, saveOnto);

  const active = (factors.data ?? []).filter((f) => f.active || ratings[f.id]);
  return (
    <Box>
      {(groups.data ?? []).map((group) => (
        <Paper key={group.id} component="fieldset" variant="outlined" sx={{ p: 2, mb: 2, border: 1, borderColor: "divider" }}>
          <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, px: 1 }}>
            {label(group)}
          </Typography>
          {active
            .filter((f) => f.group_id === group.id)
            .map((f) => {
              const rating = ratings[f.id] ?? { level: "", note: "" };
              const name = `${f.code} ${label(f)}`;
              return (
                <Box
                  key={f.id}
                  sx={{ display: "grid", gridTemplateColumns: { md: "minmax(220px, 2fr) 160px 3fr" }, gap: 1, alignItems: "center", py: 0.5 }}
                >
                  <Typography component="span" id={`factor-${f.id}`}>
                    {name}
                    {f.sensitive ? ` (${t("plans.risk.sensitive")})` : ""}
                  </Typography>
                  <TextField
                    select
                    size="small"
                    value={rating.level}
                    onChange={(e) => setRating(f.id, { level: e.target.value as RiskLevel | "" })}
                    slotProps={{ select: { native: true }, htmlInput: { "aria-label": `${name}: ${t("plans.risk.level")}` } }}
                  >
                    <option value="">{t("plans.risk.notRated")}</option>
                    {riskLevelValues.map((l) => (
                      <option key={l} value={l}>
                        {t(`levels.${l}`)}
                      </option>
                    ))}
                  </TextField>
                  <TextField
                    size="small"
                    value={rating.note}
                    disabled={!rating.level}
                    onChange={(e) => setRating(f.id, { note: e.target.value })}
                    slotProps={{ htmlInput: { "aria-label": `${name}: ${t("plans.risk.note")}`, maxLength: 2000 } }}
                  />
                </Box>
              );
            })}
        </Paper>
      ))}
      <TextField
        label={t("plans.risk.protective")}
        helperText={t("plans.risk.protectiveHelp")}
        value={protective}
        onChange={(e) => {
          setSaved(false);
          setProtective(e.target.value);
        }}
        multiline
        minRows={2}
        fullWidth
        sx={{ mb: 2 }}
      />
      <Box sx={{ display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap", mb: 2 }}>
        <Typography>
          {t("plans.risk.overall")} ({t("plans.risk.computed")}): <LevelChip level={computed} /> ·{" "}
          {t("plans.risk.rated", { count: rated })}
        </Typography>
        <FormControlLabel
          control={<Checkbox checked={override} onChange={(e) => setOverride(e.target.checked)} />}
          label={t("plans.risk.override")}
        />
        {override ? (
          <>
            <TextField
              select
              size="small"
              label={t("plans.risk.overall")}
              value={overrideLevel}
              onChange={(e) => setOverrideLevel(e.target.value as RiskLevel | "")}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="">—</option>
              {riskLevelValues.map((l) => (
                <option key={l} value={l}>
                  {t(`levels.${l}`)}
                </option>
              ))}
            </TextField>
            <TextField
              size="small"
              label={t("plans.risk.overrideReason")}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.target.value)}
              required
            />
          </>
        ) : null}
      </Box>
      <ErrorMessage error={setRiskAssessment.error} />
      {saved ? (
        <Alert severity="success" sx={{ mb: 1 }}>
          {t("common.saved")}
        </Alert>
      ) : null}
      <Button variant="contained" onClick={() => void save().catch(() => undefined)} disabled={setRiskAssessment.isPending}>
        {t("plans.risk.save")}
      </Button>
    </Box>
  );
}
