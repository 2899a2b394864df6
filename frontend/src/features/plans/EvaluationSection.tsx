import { Alert, Box, Button, Checkbox, FormControlLabel, Paper, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Schemas } from "../../api/client";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, formatDateTime, todayIso } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";
import { LevelChip } from "./labels";
import { evaluationSchema } from "./validation";
import { riskLevelValues } from "../../api/generated/schema";
import { outcomeValues } from "../../api/generated/schema";

type RiskLevel = Schemas["RiskLevel"];

function EvaluationView({ plan, evaluation }: { plan: Plan; evaluation: NonNullable<Plan["evaluation"]> }) {
  const { t } = useTranslation();
  return (
    <Box>
      <Typography>
        <strong>{t("plans.evaluation.outcome")}:</strong> {t(`outcomes.${evaluation.outcome}`)} · {formatDateTime(evaluation.at)}
      </Typography>
      <Typography sx={{ my: 1 }} component="div">
        <strong>{t("plans.evaluation.levelOverall")}:</strong> <LevelChip level={plan.risk_level_after} />
      </Typography>
      {evaluation.early_reason ? (
        <Typography sx={{ my: 1 }}>{t("plans.evaluation.earlyShown", { reason: evaluation.early_reason })}</Typography>
      ) : null}
      {evaluation.narrative ? <Typography sx={{ my: 1 }}>{evaluation.narrative}</Typography> : null}
      <Typography>
        {t("plans.evaluation.continue")}: {evaluation.continue_next ? t("common.yes") : t("common.no")}
      </Typography>
      <Table size="small" sx={{ mt: 1 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t("plans.risk.factor")}</TableCell>
            <TableCell>{t("plans.evaluation.levelBefore")}</TableCell>
            <TableCell>{t("plans.evaluation.levelAfter")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {evaluation.levels.map((l, i) => (
            <TableRow key={l.risk_factor_id ?? i}>
              <TableCell>{l.hidden ? t("plans.risk.hidden") : l.code}</TableCell>
              <TableCell>
                <LevelChip level={l.level_before} />
              </TableCell>
              <TableCell>
                <LevelChip level={l.level_after} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function EvaluationForm({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const { evaluate } = usePlanMutations(plan.id);
  const rated = plan.risk_assessment.rated_factors.filter((f) => f.risk_factor_id && !f.hidden);
  const [outcome, setOutcome] = useState("");
  const [narrative, setNarrative] = useState("");
  const [continueNext, setContinueNext] = useState(false);
  const [levels, setLevels] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [continuation, setContinuation] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [earlyReason, setEarlyReason] = useState("");
  const early = todayIso() < plan.evaluation_opens_on;

  const ask = () => {
    const check = evaluationSchema.safeParse({ outcome, narrative, continue_next: continueNext, levels });
    if (!check.success) {
      setProblem(check.error.issues[0]?.message ?? "validation.required");
      return;
    }
    if (early && earlyReason.trim().length < 3) {
      setProblem("validation.required");
      return;
    }
    setProblem(null);
    setConfirming(true);
  };

  const save = async () => {
    const result = await evaluate.mutateAsync({
      outcome: outcome as Schemas["Outcome"],
      continue_next: continueNext,
      narrative: narrative.trim() || null,
      early_reason: early ? earlyReason.trim() : null,
      levels_after: rated.map((f) => ({
        risk_factor_id: f.risk_factor_id as string,
        level_after: (levels[f.risk_factor_id as string] || null) as RiskLevel | null,
      })),
    });
    setConfirming(false);
    setContinuation(result.next_plan_id ?? null);
  };

  return (
    <Box>
      <TextField
        select
        label={t("plans.evaluation.outcome")}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
        error={Boolean(problem)}
        helperText={problem ? t(problem) : " "}
        sx={{ minWidth: 280, mb: 1 }}
      >
        <option value="">—</option>
        {outcomeValues.map((o) => (
          <option key={o} value={o}>
            {t(`outcomes.${o}`)}
          </option>
        ))}
      </TextField>
      <Table size="small" sx={{ mb: 2 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t("plans.risk.factor")}</TableCell>
            <TableCell>{t("plans.evaluation.levelBefore")}</TableCell>
            <TableCell>{t("plans.evaluation.levelAfter")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rated.map((f) => {
            const id = f.risk_factor_id as string;
            return (
              <TableRow key={id}>
                <TableCell>
                  {f.code} {label(f)}
                </TableCell>
                <TableCell>
                  <LevelChip level={f.level} />
                </TableCell>
                <TableCell>
                  <TextField
                    select
                    size="small"
                    value={levels[id] ?? ""}
                    onChange={(e) => setLevels((l) => ({ ...l, [id]: e.target.value }))}
                    slotProps={{ select: { native: true }, htmlInput: { "aria-label": `${f.code} ${t("plans.evaluation.levelAfter")}` } }}
                  >
                    <option value="">{t("plans.risk.notRated")}</option>
                    {riskLevelValues.map((l) => (
                      <option key={l} value={l}>
                        {t(`levels.${l}`)}
                      </option>
                    ))}
                  </TextField>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <TextField label={t("plans.evaluation.narrative")} value={narrative} onChange={(e) => setNarrative(e.target.value)} multiline minRows={3} fullWidth />
      <FormControlLabel
        control={<Checkbox checked={continueNext} onChange={(e) => setContinueNext(e.target.checked)} />}
        label={t("plans.evaluation.continue")}
      />
      {early ? (
        <Box sx={{ my: 1 }}>
          <Alert severity="info" sx={{ mb: 1 }}>
            {t("plans.evaluation.early")} ({formatDate(plan.evaluation_opens_on)})
          </Alert>
          <TextField
            label={t("plans.evaluation.earlyReason")}
            value={earlyReason}
            onChange={(e) => setEarlyReason(e.target.value)}
            required
            fullWidth
            error={problem !== null && earlyReason.trim().length < 3}
          />
        </Box>
      ) : null}
      {confirming ? null : <ErrorMessage error={evaluate.error} />}
      {continuation ? (
        <Alert severity="success" sx={{ my: 1 }}>
          <RouterLink to={`/plans/${continuation}`}>{t("plans.evaluation.continuation")}</RouterLink>
        </Alert>
      ) : null}
      <Box>
        <Button variant="contained" onClick={ask} disabled={evaluate.isPending}>
          {t("plans.evaluation.save")}
        </Button>
      </Box>
      <ConfirmDialog
        open={confirming}
        title={t("plans.evaluation.confirmTitle")}
        confirmLabel={t("plans.evaluation.confirm")}
        pending={evaluate.isPending}
        error={evaluate.error}
        onConfirm={() => void save().catch(() => undefined)}
        onClose={() => {
          evaluate.reset();
          setConfirming(false);
        }}
      >
        {t("plans.evaluation.confirmBody")}
      </ConfirmDialog>
    </Box>
  );
}

/** The support specialist or the director records the levels after of the sensitive factors. */
function SensitiveLevelsForm({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const { setSensitiveLevels } = usePlanMutations(plan.id);
  const sensitive = plan.risk_assessment.rated_factors.filter((f) => f.risk_factor_id && f.sensitive);
  const after = new Map((plan.evaluation?.levels ?? []).map((l) => [l.risk_factor_id, l.level_after]));
  const [levels, setLevels] = useState<Record<string, string>>(() =>
    Object.fromEntries(sensitive.map((f) => [f.risk_factor_id as string, after.get(f.risk_factor_id) ?? ""])),
  );
  if (!sensitive.length) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {t("plans.evaluation.sensitiveTitle")}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t("plans.evaluation.sensitiveHint")}
      </Typography>
      {sensitive.map((f) => {
        const id = f.risk_factor_id as string;
        return (
          <TextField
            key={id}
            select
            size="small"
            label={`${f.code} ${label(f)}`}
            value={levels[id] ?? ""}
            onChange={(e) => setLevels((l) => ({ ...l, [id]: e.target.value }))}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            sx={{ minWidth: 280, mr: 2, mb: 1 }}
          >
            <option value="">{t("plans.risk.notRated")}</option>
            {riskLevelValues.map((l) => (
              <option key={l} value={l}>
                {t(`levels.${l}`)}
              </option>
            ))}
          </TextField>
        );
      })}
      <ErrorMessage error={setSensitiveLevels.error} />
      {setSensitiveLevels.isSuccess ? (
        <Alert severity="success" sx={{ my: 1 }}>
          {t("plans.evaluation.sensitiveSaved")}
        </Alert>
      ) : null}
      <Box>
        <Button
          variant="outlined"
          disabled={setSensitiveLevels.isPending}
          onClick={() =>
            setSensitiveLevels.mutate({
              levels_after: sensitive.map((f) => ({
                risk_factor_id: f.risk_factor_id as string,
                level_after: (levels[f.risk_factor_id as string] || null) as RiskLevel | null,
              })),
            })
          }
        >
          {t("plans.evaluation.sensitiveSave")}
        </Button>
      </Box>
    </Box>
  );
}

export function EvaluationSection({ plan, canEvaluate }: { plan: Plan; canEvaluate: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper component="section" sx={{ p: 2 }} aria-labelledby="evaluation-title">
      <Typography variant="h6" component="h2" id="evaluation-title" gutterBottom>
        {t("plans.evaluation.title")}
      </Typography>
      {plan.evaluation ? <EvaluationView plan={plan} evaluation={plan.evaluation} /> : null}
      {plan.evaluation && plan.allowed_actions.includes("evaluate_sensitive") ? <SensitiveLevelsForm plan={plan} /> : null}
      {!plan.evaluation && canEvaluate ? <EvaluationForm plan={plan} /> : null}
      {!plan.evaluation && !canEvaluate ? <Typography>{t("common.none")}</Typography> : null}
    </Paper>
  );
}
