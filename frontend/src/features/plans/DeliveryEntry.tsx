import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ApiError, type Schemas } from "../../api/client";
import { measureTypesQuery } from "../../api/queries/catalogues";
import { deliveriesQuery, usePlanMutations, type Plan } from "../../api/queries/plans";
import { useMe } from "../../auth/SessionProvider";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DateField } from "../../components/DateField";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, formatDateTime, formatMoney, todayIso } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";
import { deliverySchema, emptyDelivery, toDeliveryCreate, type DeliveryValues } from "./validation";
import { confirmationValues } from "../../api/generated/schema";

type Measure = Schemas["MeasureRead"];
type Delivery = Schemas["backend__plans__measures__schemas__DeliveryRead"];

/** The server refused a payment over the measure's plan: it asks for the reason. */
function overPlanRefusal(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const found = error.fieldErrors.find((e) => e.loc.includes("over_plan_reason"));
  return found ? found.msg : null;
}

/** Asks for the reason of a payment over the plan, saying why the server refused it. */
function OverPlanDialog({
  detail,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  detail: string | null;
  pending: boolean;
  error: unknown;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  return (
    <ConfirmDialog
      open={detail !== null}
      title={t("plans.deliveries.overPlanTitle")}
      confirmLabel={t("plans.deliveries.overPlanConfirm")}
      pending={pending}
      error={error}
      confirmDisabled={reason.trim().length < 3}
      onConfirm={() => onConfirm(reason.trim())}
      onClose={() => {
        setReason("");
        onClose();
      }}
      extra={
        <TextField
          label={t("plans.deliveries.overPlanReason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          fullWidth
          multiline
          sx={{ mt: 2 }}
        />
      }
    >
      {t("plans.deliveries.overPlanBody", { detail: detail ?? "" })}
    </ConfirmDialog>
  );
}

function useMeasureName() {
  const label = useCatalogueLabel();
  const types = useQuery(measureTypesQuery());
  return (m: Measure) => {
    const type = types.data?.find((x) => x.id === m.measure_type_id);
    return `${type ? label(type) : m.measure_type_code}${m.subject ? ` (${m.subject})` : ""}`;
  };
}

/** Quick entry of one session or compensation on a measure of an active plan. */
export function DeliveryEntry({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const me = useMe();
  const measureName = useMeasureName();
  const { logDelivery } = usePlanMutations(plan.id);
  const today = todayIso();
  const schema = useMemo(() => deliverySchema(today), [today]);
  // The measure's responsible staff member logs it; the school coordinator may log any.
  const mine = plan.measures.filter(
    (m) => m.status !== "cancelled" && (me.current.role === "school_coordinator" || m.responsible_user_id === me.user.id),
  );
  const form = useForm<DeliveryValues>({
    resolver: zodResolver(schema),
    defaultValues: { ...emptyDelivery(today), measure_id: mine[0]?.id ?? "", category: mine[0]?.category ?? "consultation" },
  });
  const { errors } = form.formState;
  const msg = (m?: string) => (m ? t(m) : " ");
  const measureId = form.watch("measure_id");
  const remote = form.watch("remote");
  const measure = mine.find((m) => m.id === measureId);
  const category = measure?.category ?? "consultation";
  useEffect(() => form.setValue("category", category), [category, form]);

  const [overPlan, setOverPlan] = useState<{ detail: string; values: DeliveryValues } | null>(null);
  const send = async (values: DeliveryValues, overPlanReason?: string) => {
    try {
      await logDelivery.mutateAsync({
        measureId: values.measure_id,
        body: { ...toDeliveryCreate(values), over_plan_reason: overPlanReason ?? null },
      });
    } catch (error) {
      const detail = overPlanRefusal(error);
      if (detail && !overPlanReason) setOverPlan({ detail, values });
      throw error;
    }
    setOverPlan(null);
    form.reset({ ...emptyDelivery(today), measure_id: values.measure_id, category: values.category });
  };
  const submit = form.handleSubmit((values) => send(values));

  if (!mine.length) return null;
  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="delivery-title">
      <Typography variant="h6" component="h2" id="delivery-title" gutterBottom>
        {t("plans.deliveries.title")}
      </Typography>
      <Box
        component="form"
        noValidate
        onSubmit={(e) => void submit(e).catch(() => undefined)}
        sx={{ display: "grid", gridTemplateColumns: { md: "2fr 1fr 1fr 1fr" }, gap: 2, alignItems: "start" }}
      >
        <TextField select label={t("plans.deliveries.measure")} {...form.register("measure_id")} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }} error={Boolean(errors.measure_id)} helperText={msg(errors.measure_id?.message)}>
          {mine.map((m) => (
            <option key={m.id} value={m.id}>
              {measureName(m)}
            </option>
          ))}
        </TextField>
        <Controller
          control={form.control}
          name="delivered_on"
          render={({ field }) => (
            <DateField
              label={t("plans.deliveries.date")}
              value={field.value}
              onChange={(v) => field.onChange(v ?? "")}
              max={today}
              required
              error={errors.delivered_on?.message ? t(errors.delivered_on.message) : undefined}
            />
          )}
        />
        {category === "compensation" ? (
          <>
            <TextField label={t("plans.deliveries.amount")} inputMode="decimal" {...form.register("amount_eur")} error={Boolean(errors.amount_eur)} helperText={msg(errors.amount_eur?.message)} />
            <TextField label={t("plans.deliveries.evidence")} {...form.register("evidence_reference")} error={Boolean(errors.evidence_reference)} helperText={msg(errors.evidence_reference?.message)} />
          </>
        ) : (
          <>
            <TextField label={t("plans.deliveries.minutes")} inputMode="numeric" {...form.register("duration_minutes")} error={Boolean(errors.duration_minutes)} helperText={msg(errors.duration_minutes?.message)} />
            <TextField label={t("plans.deliveries.quantity")} inputMode="numeric" {...form.register("quantity")} error={Boolean(errors.quantity)} helperText={msg(errors.quantity?.message)} />
          </>
        )}
        <Controller
          control={form.control}
          name="remote"
          render={({ field }) => (
            <FormControlLabel control={<Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />} label={t("plans.deliveries.remote")} />
          )}
        />
        <TextField select label={t("plans.deliveries.confirmation")} {...form.register("confirmation")} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }} error={Boolean(errors.confirmation)} helperText={msg(errors.confirmation?.message)}>
          <option value="">—</option>
          {confirmationValues.map((c) => (
            <option key={c} value={c}>
              {t(`confirmations.${c}`)}
            </option>
          ))}
        </TextField>
        <Controller
          control={form.control}
          name="confirmed_on"
          render={({ field }) => (
            <DateField
              label={t("plans.deliveries.confirmedOn")}
              value={field.value}
              onChange={(v) => field.onChange(v ?? "")}
              disabled={!remote}
              error={errors.confirmed_on?.message ? t(errors.confirmed_on.message) : undefined}
            />
          )}
        />
        <TextField label={t("plans.deliveries.note")} {...form.register("note")} />
        <Box sx={{ gridColumn: "1 / -1" }}>
          {overPlan ? null : <ErrorMessage error={logDelivery.error} />}
          {logDelivery.isSuccess && !form.formState.isDirty ? (
            <Alert severity="success" sx={{ mb: 1 }}>
              {t("plans.deliveries.logged")}
            </Alert>
          ) : null}
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("plans.deliveries.log")}
          </Button>
        </Box>
      </Box>
      <OverPlanDialog
        detail={overPlan?.detail ?? null}
        pending={logDelivery.isPending}
        error={overPlan && logDelivery.error && !overPlanRefusal(logDelivery.error) ? logDelivery.error : null}
        onConfirm={(reason) => {
          if (overPlan) void send(overPlan.values, reason).catch(() => undefined);
        }}
        onClose={() => setOverPlan(null)}
      />
    </Paper>
  );
}

/** Correcting a delivery (its fields and a reason) or voiding it (a reason). */
function CorrectDialog({ plan, delivery, category, onClose }: { plan: Plan; delivery: Delivery; category: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { correctDelivery } = usePlanMutations(plan.id);
  const [day, setDay] = useState(delivery.delivered_on);
  const [minutes, setMinutes] = useState(delivery.duration_minutes === null ? "" : String(delivery.duration_minutes));
  const [quantity, setQuantity] = useState(delivery.quantity === null ? "" : String(delivery.quantity));
  const [amount, setAmount] = useState(delivery.amount_eur ?? "");
  const [evidence, setEvidence] = useState(delivery.evidence_reference ?? "");
  const [reason, setReason] = useState("");
  const [overPlanReason, setOverPlanReason] = useState(delivery.over_plan_reason ?? "");
  const save = () =>
    correctDelivery.mutate(
      {
        deliveryId: delivery.id,
        body: {
          delivered_on: day,
          duration_minutes: minutes ? Number(minutes) : null,
          quantity: quantity ? Number(quantity) : null,
          amount_eur: amount ? amount.replace(",", ".") : null,
          evidence_reference: evidence.trim() || null,
          provider_name: delivery.provider_name,
          remote: delivery.remote,
          confirmation: delivery.confirmation,
          confirmed_on: delivery.remote ? delivery.confirmed_on : null,
          note: delivery.note,
          over_plan_reason: overPlanReason.trim() || null,
          reason: reason.trim(),
        },
      },
      { onSuccess: onClose },
    );
  return (
    <ConfirmDialog
      open
      title={t("plans.deliveries.correctTitle")}
      confirmLabel={t("plans.deliveries.correctConfirm")}
      pending={correctDelivery.isPending}
      error={correctDelivery.error}
      confirmDisabled={reason.trim().length < 3 || !day}
      onConfirm={save}
      onClose={onClose}
      extra={
        <Box sx={{ display: "grid", gap: 2, mt: 2 }}>
          <DateField label={t("plans.deliveries.date")} value={day} onChange={(v) => setDay(v ?? "")} required />
          {category === "compensation" ? (
            <>
              <TextField label={t("plans.deliveries.amount")} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
              <TextField label={t("plans.deliveries.evidence")} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
              <TextField label={t("plans.deliveries.overPlanReason")} value={overPlanReason} onChange={(e) => setOverPlanReason(e.target.value)} />
            </>
          ) : (
            <>
              <TextField label={t("plans.deliveries.minutes")} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
              <TextField label={t("plans.deliveries.quantity")} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
            </>
          )}
          <TextField label={t("plans.deliveries.reason")} value={reason} onChange={(e) => setReason(e.target.value)} required multiline />
        </Box>
      }
    >
      {t("plans.deliveries.correctBody")}
    </ConfirmDialog>
  );
}

function VoidDialog({ plan, delivery, onClose }: { plan: Plan; delivery: Delivery; onClose: () => void }) {
  const { t } = useTranslation();
  const { voidDelivery } = usePlanMutations(plan.id);
  const [reason, setReason] = useState("");
  return (
    <ConfirmDialog
      open
      danger
      title={t("plans.deliveries.voidTitle")}
      confirmLabel={t("plans.deliveries.voidConfirm")}
      pending={voidDelivery.isPending}
      error={voidDelivery.error}
      confirmDisabled={reason.trim().length < 3}
      onConfirm={() => voidDelivery.mutate({ deliveryId: delivery.id, reason: reason.trim() }, { onSuccess: onClose })}
      onClose={onClose}
      extra={
        <TextField label={t("plans.deliveries.reason")} value={reason} onChange={(e) => setReason(e.target.value)} required fullWidth multiline sx={{ mt: 2 }} />
      }
    >
      {t("plans.deliveries.voidBody", { date: formatDate(delivery.delivered_on) })}
    </ConfirmDialog>
  );
}

function MeasureDeliveries({ plan, measure, name }: { plan: Plan; measure: Measure; name: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const deliveries = useQuery(deliveriesQuery(measure.id));
  const rows = deliveries.data ?? [];
  const [correcting, setCorrecting] = useState<Delivery | null>(null);
  const [voiding, setVoiding] = useState<Delivery | null>(null);
  // The author of an entry or the school coordinator corrects it, while the plan runs or awaits closing.
  const open = plan.status === "active" || plan.status === "evaluated";
  const mayCorrect = (d: Delivery) =>
    open && d.voided_at === null && (d.recorded_by_id === me.user.id || me.current.role === "school_coordinator");
  const anyActions = rows.some(mayCorrect);
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {name}
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="body2">{t("plans.deliveries.none")}</Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t("plans.deliveries.date")}</TableCell>
              <TableCell>{t("plans.deliveries.minutes")}</TableCell>
              <TableCell>{t("plans.deliveries.quantity")}</TableCell>
              <TableCell>{t("plans.deliveries.amount")}</TableCell>
              <TableCell>{t("plans.deliveries.confirmation")}</TableCell>
              <TableCell>{t("plans.deliveries.evidence")}</TableCell>
              <TableCell>{t("plans.deliveries.note")}</TableCell>
              {anyActions ? <TableCell>{t("plans.deliveries.actions")}</TableCell> : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={d.id} sx={d.voided_at ? { "& td": { color: "text.secondary" } } : undefined}>
                <TableCell>
                  <Box component="span" sx={d.voided_at ? { textDecoration: "line-through" } : undefined}>
                    {formatDate(d.delivered_on)}
                  </Box>
                  {d.voided_at ? (
                    <Typography variant="body2" component="div">
                      {t("plans.deliveries.voided", { reason: d.void_reason ?? "" })}
                    </Typography>
                  ) : null}
                  {d.corrected_at ? (
                    <Typography variant="body2" component="div">
                      {t("plans.deliveries.corrected", { date: formatDateTime(d.corrected_at) })}
                    </Typography>
                  ) : null}
                </TableCell>
                <TableCell>{d.duration_minutes ?? "—"}</TableCell>
                <TableCell>{d.quantity ?? "—"}</TableCell>
                <TableCell>{d.amount_eur !== null ? formatMoney(d.amount_eur) : "—"}</TableCell>
                <TableCell>
                  {d.confirmation ? t(`confirmations.${d.confirmation}`) : "—"}
                  {d.remote ? ` · ${t("plans.deliveries.remote")}` : ""}
                </TableCell>
                <TableCell>{d.evidence_reference ?? "—"}</TableCell>
                <TableCell>
                  {d.note ?? ""}
                  {d.over_plan_reason ? (
                    <Typography variant="body2" color="warning.main" component="div">
                      {t("plans.deliveries.overPlanShown", { reason: d.over_plan_reason })}
                    </Typography>
                  ) : null}
                </TableCell>
                {anyActions ? (
                  <TableCell>
                    {mayCorrect(d) ? (
                      <Box sx={{ display: "flex", gap: 1 }}>
                        <Button size="small" onClick={() => setCorrecting(d)} aria-label={`${t("plans.deliveries.correct")}: ${formatDate(d.delivered_on)}`}>
                          {t("plans.deliveries.correct")}
                        </Button>
                        <Button size="small" color="warning" onClick={() => setVoiding(d)} aria-label={`${t("plans.deliveries.void")}: ${formatDate(d.delivered_on)}`}>
                          {t("plans.deliveries.void")}
                        </Button>
                      </Box>
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {correcting ? <CorrectDialog plan={plan} delivery={correcting} category={measure.category} onClose={() => setCorrecting(null)} /> : null}
      {voiding ? <VoidDialog plan={plan} delivery={voiding} onClose={() => setVoiding(null)} /> : null}
    </Box>
  );
}

/** Everything logged so far, per measure. */
export function DeliveryList({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const measureName = useMeasureName();
  return (
    <Paper component="section" sx={{ p: 2 }} aria-labelledby="delivery-list">
      <Typography variant="h6" component="h2" id="delivery-list" gutterBottom>
        {t("plans.deliveries.list")}
      </Typography>
      {/* A cancelled measure nothing was logged on is not listed: it was replaced, not run. */}
      {plan.measures
        .filter((m) => m.status !== "cancelled" || m.deliveries_count > 0)
        .map((m) => (
          <MeasureDeliveries key={m.id} plan={plan} measure={m} name={`${measureName(m)}${m.status === "cancelled" ? ` · ${t("measureStatus.cancelled")}` : ""}`} />
        ))}
    </Paper>
  );
}
