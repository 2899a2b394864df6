import { Box, Chip, Paper, Switch, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  measureTypesQuery,
  riskFactorsQuery,
  riskGroupsQuery,
  useUpdateMeasureType,
  useUpdateRiskFactor,
} from "../api/queries/catalogues";
import { PageHeader } from "../components/PageHeader";
import { ErrorMessage } from "../components/QueryState";

/** A label that saves when the field loses focus with a changed value. */
function LabelField({ label, value, onSave }: { label: string; value: string; onSave: (v: string) => void }) {
  const [text, setText] = useState(value);
  return (
    <TextField
      size="small"
      fullWidth
      label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        const trimmed = text.trim();
        if (trimmed && trimmed !== value) onSave(trimmed);
      }}
    />
  );
}

function RiskFactors() {
  const { t } = useTranslation();
  const groups = useQuery(riskGroupsQuery());
  const factors = useQuery(riskFactorsQuery());
  const update = useUpdateRiskFactor();
  return (
    <>
      <ErrorMessage error={factors.error ?? update.error} />
      {(groups.data ?? []).map((group) => (
        <Box key={group.id} component="section" sx={{ mb: 3 }}>
          <Typography variant="h6" component="h2" gutterBottom>
            {t("catalogues.group")}: {group.label_lv} / {group.label_en}
          </Typography>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t("catalogues.code")}</TableCell>
                <TableCell>{t("catalogues.labelLv")}</TableCell>
                <TableCell>{t("catalogues.labelEn")}</TableCell>
                <TableCell>{t("catalogues.sensitive")}</TableCell>
                <TableCell>{t("catalogues.active")}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(factors.data ?? [])
                .filter((f) => f.group_id === group.id)
                .map((f) => (
                  <TableRow key={f.id}>
                    <TableCell>{f.code}</TableCell>
                    <TableCell>
                      <LabelField label={`${f.code} ${t("catalogues.labelLv")}`} value={f.label_lv} onSave={(v) => update.mutate({ id: f.id, body: { label_lv: v } })} />
                    </TableCell>
                    <TableCell>
                      <LabelField label={`${f.code} ${t("catalogues.labelEn")}`} value={f.label_en} onSave={(v) => update.mutate({ id: f.id, body: { label_en: v } })} />
                    </TableCell>
                    <TableCell>
                      <Switch
                        checked={f.sensitive}
                        slotProps={{ input: { "aria-label": `${f.code} ${t("catalogues.sensitive")}` } }}
                        onChange={(e) => update.mutate({ id: f.id, body: { sensitive: e.target.checked } })}
                      />
                    </TableCell>
                    <TableCell>
                      <Switch
                        checked={f.active}
                        slotProps={{ input: { "aria-label": `${f.code} ${t("catalogues.active")}` } }}
                        onChange={(e) => update.mutate({ id: f.id, body: { active: e.target.checked } })}
                      />
                    </TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </Box>
      ))}
    </>
  );
}

function MeasureTypes() {
  const { t } = useTranslation();
  const types = useQuery(measureTypesQuery());
  const update = useUpdateMeasureType();
  return (
    <>
      <ErrorMessage error={types.error ?? update.error} />
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t("catalogues.code")}</TableCell>
            <TableCell>{t("catalogues.category")}</TableCell>
            <TableCell>{t("catalogues.labelLv")}</TableCell>
            <TableCell>{t("catalogues.labelEn")}</TableCell>
            <TableCell>{t("catalogues.unit")}</TableCell>
            <TableCell>{t("catalogues.active")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(types.data ?? []).map((m) => (
            <TableRow key={m.id}>
              <TableCell>{m.code}</TableCell>
              <TableCell>
                <Chip size="small" label={t(`measureCategories.${m.category}`)} />
              </TableCell>
              <TableCell>
                <LabelField label={`${m.code} ${t("catalogues.labelLv")}`} value={m.label_lv} onSave={(v) => update.mutate({ id: m.id, body: { label_lv: v } })} />
              </TableCell>
              <TableCell>
                <LabelField label={`${m.code} ${t("catalogues.labelEn")}`} value={m.label_en} onSave={(v) => update.mutate({ id: m.id, body: { label_en: v } })} />
              </TableCell>
              <TableCell>{t(`units.${m.unit}`)}</TableCell>
              <TableCell>
                <Switch
                  checked={m.active}
                  slotProps={{ input: { "aria-label": `${m.code} ${t("catalogues.active")}` } }}
                  onChange={(e) => update.mutate({ id: m.id, body: { active: e.target.checked } })}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

export default function CataloguesPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState(0);
  return (
    <>
      <PageHeader title={t("catalogues.title")} />
      <Paper sx={{ p: 2 }}>
        <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} sx={{ mb: 2 }}>
          <Tab label={t("catalogues.riskFactors")} id="tab-risk" aria-controls="panel-risk" />
          <Tab label={t("catalogues.measureTypes")} id="tab-measures" aria-controls="panel-measures" />
        </Tabs>
        <div role="tabpanel" id={tab === 0 ? "panel-risk" : "panel-measures"} aria-labelledby={tab === 0 ? "tab-risk" : "tab-measures"}>
          {tab === 0 ? <RiskFactors /> : <MeasureTypes />}
        </div>
      </Paper>
    </>
  );
}
