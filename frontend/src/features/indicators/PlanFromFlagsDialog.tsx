import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  InputLabel,
  List,
  ListItem,
  MenuItem,
  Paper,
  Select,
  Stack,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { suggestionsQuery, usePlanFromFlags } from "../../api/queries/indicators";
import { riskFactorsQuery } from "../../api/queries/catalogues";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { flagReason } from "./reasons";

type Level = "low" | "medium" | "high";

/** Suggested risk factors with the evidence behind each; the teacher confirms or changes each one. */
export function PlanFromFlagsDialog({
  studentId,
  semesterId,
  onClose,
}: {
  studentId: string;
  semesterId: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const suggestions = useQuery(suggestionsQuery(studentId, semesterId));
  const factors = useQuery(riskFactorsQuery());
  const create = usePlanFromFlags();
  const [chosen, setChosen] = useState<Record<string, { on: boolean; level: Level }>>({});

  const factorName = (id: string, code: string) => {
    const f = factors.data?.find((x) => x.id === id);
    if (!f) return code;
    return `${code} · ${i18n.language === "en" ? f.label_en : f.label_lv}`;
  };
  const state = (id: string, level: Level) => chosen[id] ?? { on: true, level };

  const submit = () => {
    const items = suggestions.data?.factors ?? [];
    const body = {
      semester_id: semesterId,
      factors: items
        .map((f) => ({ id: f.risk_factor_id, ...state(f.risk_factor_id, f.suggested_level as Level) }))
        .filter((f) => f.on)
        .map((f) => ({ risk_factor_id: f.id, level: f.level })),
    };
    void create.mutateAsync({ studentId, body }).then(
      (plan) => navigate(`/plans/${plan.plan_id}`),
      () => undefined,
    );
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="plan-from-flags-title" fullWidth maxWidth="md">
      <DialogTitle id="plan-from-flags-title">{t("indicators.plan.title")}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{t("indicators.plan.intro")}</Typography>
        <QueryState isPending={suggestions.isPending} error={suggestions.error}>
          {() => (
            <Stack spacing={2}>
              {suggestions.data!.factors.map((f) => {
                const s = state(f.risk_factor_id, f.suggested_level as Level);
                const name = factorName(f.risk_factor_id, f.code);
                return (
                  <Paper key={f.risk_factor_id} variant="outlined" sx={{ p: 2 }} component="section" aria-label={name}>
                    <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap" }}>
                      <FormControlLabel
                        control={
                          <Checkbox
                            checked={s.on}
                            onChange={(e) => setChosen({ ...chosen, [f.risk_factor_id]: { ...s, on: e.target.checked } })}
                          />
                        }
                        label={name}
                      />
                      <FormControl size="small" sx={{ minWidth: 160 }}>
                        <InputLabel id={`level-${f.risk_factor_id}`}>{t("indicators.plan.level")}</InputLabel>
                        <Select
                          labelId={`level-${f.risk_factor_id}`}
                          label={t("indicators.plan.level")}
                          value={s.level}
                          disabled={!s.on}
                          onChange={(e) =>
                            setChosen({ ...chosen, [f.risk_factor_id]: { ...s, level: e.target.value as Level } })
                          }
                        >
                          {(["low", "medium", "high"] as const).map((l) => (
                            <MenuItem key={l} value={l}>
                              {t(`indicators.riskLevels.${l}`)}
                            </MenuItem>
                          ))}
                        </Select>
                      </FormControl>
                    </Stack>
                    <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
                      {t("indicators.plan.evidence")}
                    </Typography>
                    <List dense disablePadding>
                      {f.evidence.map((e) => (
                        <ListItem key={e.flag_id} disableGutters>
                          {flagReason(t, e)} · {t("indicators.asOf", { date: formatDate(e.as_of) })}
                        </ListItem>
                      ))}
                    </List>
                  </Paper>
                );
              })}
            </Stack>
          )}
        </QueryState>
        {create.error ? <ErrorMessage error={create.error} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button variant="contained" disabled={!suggestions.data || create.isPending} onClick={submit}>
          {t("indicators.plan.create")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
