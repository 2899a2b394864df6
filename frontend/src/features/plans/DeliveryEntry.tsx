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
import { useEffect, useMemo } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { measureTypesQuery } from "../../api/queries/catalogues";
import { deliveriesQuery, usePlanMutations, type Plan } from "../../api/queries/plans";
import { useMe } from "../../auth/SessionProvider";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, formatMoney, todayIso } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";
import { deliverySchema, emptyDelivery, toDeliveryCreate, type DeliveryValues } from "./validation";
import { confirmationValues } from "../../api/generated/schema";

type Measure = Schemas["MeasureRead"];

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

  const submit = form.handleSubmit(async (values) => {
    await logDelivery.mutateAsync({ measureId: values.measure_id, body: toDeliveryCreate(values) });
    form.reset({ ...emptyDelivery(today), measure_id: values.measure_id, category: values.category });
  });

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
        <TextField type="date" label={t("plans.deliveries.date")} {...form.register("delivered_on")} slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today } }} error={Boolean(errors.delivered_on)} helperText={msg(errors.delivered_on?.message)} />
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
        <TextField type="date" label={t("plans.deliveries.confirmedOn")} {...form.register("confirmed_on")} disabled={!remote} slotProps={{ inputLabel: { shrink: true } }} error={Boolean(errors.confirmed_on)} helperText={msg(errors.confirmed_on?.message)} />
        <TextField label={t("plans.deliveries.note")} {...form.register("note")} />
        <Box sx={{ gridColumn: "1 / -1" }}>
          <ErrorMessage error={logDelivery.error} />
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
    </Paper>
  );
}

function MeasureDeliveries({ measure, name }: { measure: Measure; name: string }) {
  const { t } = useTranslation();
  const deliveries = useQuery(deliveriesQuery(measure.id));
  const rows = deliveries.data ?? [];
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
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={d.id}>
                <TableCell>{formatDate(d.delivered_on)}</TableCell>
                <TableCell>{d.duration_minutes ?? "—"}</TableCell>
                <TableCell>{d.quantity ?? "—"}</TableCell>
                <TableCell>{d.amount_eur !== null ? formatMoney(d.amount_eur) : "—"}</TableCell>
                <TableCell>
                  {d.confirmation ? t(`confirmations.${d.confirmation}`) : "—"}
                  {d.remote ? ` · ${t("plans.deliveries.remote")}` : ""}
                </TableCell>
                <TableCell>{d.evidence_reference ?? "—"}</TableCell>
                <TableCell>{d.note ?? ""}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
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
      {plan.measures.map((m) => (
        <MeasureDeliveries key={m.id} measure={m} name={measureName(m)} />
      ))}
    </Paper>
  );
}
