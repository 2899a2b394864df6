import { zodResolver } from "@hookform/resolvers/zod";
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { measureTypesQuery } from "../../api/queries/catalogues";
import { usePlanMutations, type Plan } from "../../api/queries/plans";
import { userListQuery } from "../../api/queries/users";
import { useMe } from "../../auth/SessionProvider";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DateField } from "../../components/DateField";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";
import {
  emptyMeasure,
  measureSchema,
  measureValues,
  toMeasureCreate,
  toMeasureUpdate,
  type MeasureValues,
} from "./validation";
import { measureCategoryValues } from "../../api/generated/schema";
import { formatQuantity } from "../../lib/quantity";

type Translate = (key: string, options?: { count: number; n: string }) => string;

type Measure = Schemas["MeasureRead"];

function MeasureDialog({
  plan,
  open,
  onClose,
  measure,
}: {
  plan: Plan;
  open: boolean;
  onClose: () => void;
  /** The measure to edit; adding a new one without it. */
  measure?: Measure;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const label = useCatalogueLabel();
  const types = useQuery(measureTypesQuery());
  const staff = useQuery({ ...userListQuery({ institution_id: plan.institution_id, limit: 200 }), enabled: open });
  const { addMeasure, updateMeasure } = usePlanMutations(plan.id);
  const saving = measure ? updateMeasure : addMeasure;
  const fresh = { ...emptyMeasure, responsible_user_id: me.user.id };
  const form = useForm<MeasureValues>({
    resolver: zodResolver(measureSchema),
    defaultValues: measure ? measureValues(measure) : fresh,
  });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  const typeId = form.watch("measure_type_id");
  const type = types.data?.find((m) => m.id === typeId);
  const rated = plan.risk_assessment.rated_factors.filter((f) => f.risk_factor_id && !f.hidden);
  const others = (staff.data?.items ?? []).filter((u) => u.id !== me.user.id);

  const submit = form.handleSubmit(async (values) => {
    if (measure) {
      await updateMeasure.mutateAsync({ measureId: measure.id, body: toMeasureUpdate(values) });
    } else {
      await addMeasure.mutateAsync(toMeasureCreate(values));
      form.reset(fresh);
    }
    onClose();
  });
  const semester = { starts_on: plan.semester_starts_on, ends_on: plan.semester_ends_on };
  const native = { select: { native: true }, inputLabel: { shrink: true } } as const;

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{measure ? t("plans.measures.editTitle") : t("plans.measures.add")}</DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e).catch(() => undefined)}>
        <DialogContent sx={{ display: "grid", gridTemplateColumns: { md: "1fr 1fr" }, gap: 2 }}>
          <TextField select label={t("plans.measures.type")} {...form.register("measure_type_id")} disabled={Boolean(measure)} slotProps={native} error={Boolean(errors.measure_type_id)} helperText={msg(errors.measure_type_id?.message)}>
            <option value="">—</option>
            {measureCategoryValues.map((category) => (
              <optgroup key={category} label={t(`measureCategories.${category}`)}>
                {(types.data ?? [])
                  .filter((m) => m.active && m.category === category)
                  .map((m) => (
                    <option key={m.id} value={m.id}>
                      {label(m)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </TextField>
          <TextField label={t("plans.measures.subject")} {...form.register("subject")} disabled={type?.category !== "consultation"} error={Boolean(errors.subject)} helperText={msg(errors.subject?.message)} />
          <TextField select label={t("plans.measures.responsible")} {...form.register("responsible_user_id")} slotProps={native} error={Boolean(errors.responsible_user_id)} helperText={msg(errors.responsible_user_id?.message)}>
            <option value="">—</option>
            <option value={me.user.id}>{t("plans.measures.me", { name: me.user.full_name })}</option>
            {others.map((u) => (
              <option key={u.id} value={u.id}>
                {u.full_name}
              </option>
            ))}
          </TextField>
          <TextField label={t("plans.measures.provider")} {...form.register("provider_name")} error={Boolean(errors.provider_name)} helperText={msg(errors.provider_name?.message)} />
          <TextField
            label={`${t("plans.measures.quantity")}${type ? ` (${t(`units.${type.unit}`)})` : ""}`}
            inputMode="numeric"
            {...form.register("planned_quantity")}
            error={Boolean(errors.planned_quantity)}
            helperText={msg(errors.planned_quantity?.message)}
          />
          <TextField label={t("plans.measures.hours")} inputMode="numeric" {...form.register("planned_hours")} error={Boolean(errors.planned_hours)} helperText={msg(errors.planned_hours?.message)} />
          <TextField
            label={t("plans.measures.amount")}
            inputMode="decimal"
            {...form.register("planned_amount_eur")}
            disabled={Boolean(type?.hourly_rate_eur) && Boolean(form.watch("planned_hours"))}
            error={Boolean(errors.planned_amount_eur)}
            helperText={
              type?.hourly_rate_eur
                ? `${formatMoney(type.hourly_rate_eur)} / h`
                : msg(errors.planned_amount_eur?.message)
            }
          />
          <Controller
            control={form.control}
            name="starts_on"
            render={({ field }) => (
              <DateField
                label={t("plans.measures.startsOn")}
                value={field.value}
                onChange={(v) => field.onChange(v ?? "")}
                min={semester.starts_on}
                max={semester.ends_on}
                required
                helperText={t("plans.measures.datesHint", { from: formatDate(semester.starts_on), to: formatDate(semester.ends_on) })}
              />
            )}
          />
          <Controller
            control={form.control}
            name="ends_on"
            render={({ field }) => (
              <DateField
                label={t("plans.measures.endsOn")}
                value={field.value}
                onChange={(v) => field.onChange(v ?? "")}
                min={semester.starts_on}
                max={semester.ends_on}
                required
                error={errors.ends_on?.message ? t(errors.ends_on.message) : undefined}
              />
            )}
          />
          <Box sx={{ gridColumn: "1 / -1" }}>
            <FormLabel component="legend">{t("plans.measures.addressed")}</FormLabel>
            <Controller
              control={form.control}
              name="addressed_factor_ids"
              render={({ field }) => (
                <FormGroup row>
                  {rated.map((f) => {
                    const id = f.risk_factor_id as string;
                    return (
                      <FormControlLabel
                        key={id}
                        label={`${f.code} ${label(f)}`}
                        control={
                          <Checkbox
                            checked={field.value.includes(id)}
                            onChange={(e) =>
                              field.onChange(e.target.checked ? [...field.value, id] : field.value.filter((x) => x !== id))
                            }
                          />
                        }
                      />
                    );
                  })}
                </FormGroup>
              )}
            />
          </Box>
          <Box sx={{ gridColumn: "1 / -1" }}>
            <ErrorMessage error={saving.error} />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {measure ? t("plans.measures.save") : t("common.add")}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

function planned(m: Measure, t: Translate): string {
  const parts = [];
  if (m.planned_quantity !== null) parts.push(formatQuantity(t, m.planned_quantity, m.unit));
  if (m.planned_hours !== null && !m.amount_from_rate) parts.push(`${formatNumber(m.planned_hours)} h`);
  if (m.planned_amount_eur !== null) {
    const rate = m.amount_from_rate ? ` (${t("plans.measures.fromRate", { count: Number(m.planned_hours), n: formatNumber(m.planned_hours ?? 0) })})` : "";
    parts.push(`${formatMoney(m.planned_amount_eur)}${rate}`);
  }
  return parts.join(" · ") || "—";
}

function delivered(m: Measure, t: Translate): string {
  const parts = [];
  if (m.delivered_minutes) parts.push(`${formatNumber(m.delivered_minutes)} min`);
  if (Number(m.delivered_quantity)) parts.push(formatQuantity(t, m.delivered_quantity, m.unit));
  if (Number(m.delivered_amount_eur)) parts.push(formatMoney(m.delivered_amount_eur));
  const count = formatNumber(m.deliveries_count);
  return parts.length ? `${count} (${parts.join(", ")})` : count;
}

/** "start – end", or a dash when neither is set. */
export function period(from: string | null, to: string | null): string {
  return from || to ? `${formatDate(from)} – ${formatDate(to)}` : "—";
}

/** The school director changes a running plan's planned amount or hours, giving the reason the
 * plan's history keeps. */
function AmountsDialog({ plan, measure, onClose }: { plan: Plan; measure: Measure; onClose: () => void }) {
  const { t } = useTranslation();
  const { updateMeasure } = usePlanMutations(plan.id);
  const [amount, setAmount] = useState(measure.planned_amount_eur ?? "");
  const [hours, setHours] = useState(measure.planned_hours === null ? "" : String(measure.planned_hours));
  const [reason, setReason] = useState("");
  const fromRate = measure.amount_from_rate;
  // A compensation is planned in euros; other measures in hours (their amount follows from the
  // type's hourly rate when it has one).
  const money = measure.category === "compensation" || (measure.planned_amount_eur !== null && !fromRate);
  const showHours = fromRate || measure.category !== "compensation";
  const save = () => {
    const body: Schemas["MeasureUpdate"] = { reason: reason.trim() };
    if (showHours) body.planned_hours = hours === "" ? null : Number(hours);
    if (money && !fromRate) body.planned_amount_eur = amount.trim() === "" ? null : amount.trim().replace(",", ".");
    updateMeasure.mutate({ measureId: measure.id, body }, { onSuccess: onClose });
  };
  return (
    <Dialog open onClose={onClose} fullWidth aria-labelledby="amounts-dialog-title">
      <DialogTitle id="amounts-dialog-title">{t("plans.measures.amountsTitle")}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {t("plans.measures.amountsBody")}
        </Typography>
        {showHours ? (
          <TextField label={t("plans.measures.hours")} value={hours} onChange={(e) => setHours(e.target.value)} fullWidth margin="dense" inputMode="decimal" />
        ) : null}
        {money && !fromRate ? (
          <TextField label={t("plans.measures.amount")} value={amount} onChange={(e) => setAmount(e.target.value)} fullWidth margin="dense" inputMode="decimal" />
        ) : null}
        <TextField label={t("plans.measures.amountsReason")} value={reason} onChange={(e) => setReason(e.target.value)} fullWidth margin="dense" required multiline />
        <ErrorMessage error={updateMeasure.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button variant="contained" onClick={save} disabled={updateMeasure.isPending || reason.trim().length < 3}>
          {t("plans.measures.amountsSave")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The plan's measures: type, responsible, planned and delivered; adding and cancelling when editable. */
export function MeasuresSection({ plan, editable }: { plan: Plan; editable: boolean }) {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const types = useQuery(measureTypesQuery());
  const { cancelMeasure } = usePlanMutations(plan.id);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Measure | null>(null);
  const [cancelling, setCancelling] = useState<Measure | null>(null);
  const [changing, setChanging] = useState<Measure | null>(null);
  const changesAmounts = plan.allowed_actions.includes("change_amounts");
  const nameOf = (m: Measure) => `${typeOf(m) ? label(typeOf(m)) : m.measure_type_code}${m.subject ? ` (${m.subject})` : ""}`;
  const typeOf = (m: Measure) => types.data?.find((x) => x.id === m.measure_type_id);
  const factorCode = (id: string) => plan.risk_assessment.rated_factors.find((f) => f.risk_factor_id === id)?.code ?? "";

  return (
    <Box>
      {plan.measures.length === 0 ? <Typography sx={{ mb: 1 }}>{t("plans.measures.none")}</Typography> : null}
      {plan.measures.length > 0 ? (
        <Box sx={{ overflowX: "auto" }}>
          <Table size="small" aria-label={t("plans.measures.title")}>
            <TableHead>
              <TableRow>
                <TableCell>{t("plans.measures.type")}</TableCell>
                <TableCell>{t("plans.measures.responsible")}</TableCell>
                <TableCell>{t("plans.measures.addressed")}</TableCell>
                <TableCell>{t("plans.measures.quantity")}</TableCell>
                <TableCell>{t("plans.measures.delivered")}</TableCell>
                <TableCell>{t("plans.measures.startsOn")}</TableCell>
                <TableCell>{t("plans.measures.status")}</TableCell>
                {editable || changesAmounts ? <TableCell /> : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {plan.measures.map((m) => (
                <TableRow key={m.id}>
                  <TableCell>
                    {typeOf(m) ? label(typeOf(m)) : m.measure_type_code}
                    {m.subject ? ` (${m.subject})` : ""}
                  </TableCell>
                  <TableCell>{m.responsible_name ?? m.provider_name ?? "—"}</TableCell>
                  <TableCell>{m.addressed_factor_ids.map(factorCode).join(", ") || "—"}</TableCell>
                  <TableCell>{planned(m, t)}</TableCell>
                  <TableCell>
                    {delivered(m, t)}
                    {Number(m.over_plan_eur) > 0 ? (
                      <Typography variant="body2" color="warning.main" component="div">
                        {t("plans.measures.overPlan", { amount: formatMoney(m.over_plan_eur), count: m.over_plan_overrides })}
                      </Typography>
                    ) : null}
                  </TableCell>
                  <TableCell>{period(m.starts_on, m.ends_on)}</TableCell>
                  <TableCell>{t(`measureStatus.${m.status}`)}</TableCell>
                  {editable ? (
                    <TableCell>
                      {m.status !== "cancelled" ? (
                        <Box sx={{ display: "flex", gap: 1 }}>
                          <Button size="small" onClick={() => setEditing(m)} aria-label={`${t("plans.measures.edit")}: ${nameOf(m)}`}>
                            {t("plans.measures.edit")}
                          </Button>
                          <Button size="small" color="warning" onClick={() => setCancelling(m)} aria-label={`${t("plans.measures.cancel")}: ${nameOf(m)}`}>
                            {t("plans.measures.cancel")}
                          </Button>
                        </Box>
                      ) : null}
                    </TableCell>
                  ) : changesAmounts ? (
                    <TableCell>
                      {m.status === "planned" || m.status === "in_progress" ? (
                        <Button size="small" onClick={() => setChanging(m)} aria-label={`${t("plans.measures.amountsChange")}: ${nameOf(m)}`}>
                          {t("plans.measures.amountsChange")}
                        </Button>
                      ) : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : null}
      {changing ? <AmountsDialog key={changing.id} plan={plan} measure={changing} onClose={() => setChanging(null)} /> : null}
      {editable ? (
        <>
          <Button variant="outlined" sx={{ mt: 2 }} onClick={() => setAdding(true)}>
            {t("plans.measures.add")}
          </Button>
          <MeasureDialog plan={plan} open={adding} onClose={() => setAdding(false)} />
          {editing ? <MeasureDialog key={editing.id} plan={plan} open measure={editing} onClose={() => setEditing(null)} /> : null}
          <ConfirmDialog
            open={cancelling !== null}
            title={t("plans.measures.cancelTitle")}
            confirmLabel={t("plans.measures.cancelConfirm")}
            danger
            pending={cancelMeasure.isPending}
            error={cancelMeasure.error}
            onClose={() => {
              cancelMeasure.reset();
              setCancelling(null);
            }}
            onConfirm={() => {
              if (cancelling) cancelMeasure.mutate(cancelling.id, { onSuccess: () => setCancelling(null) });
            }}
          >
            {cancelling ? t("plans.measures.cancelBody", { name: nameOf(cancelling) }) : null}
          </ConfirmDialog>
        </>
      ) : null}
    </Box>
  );
}
