import { Box, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { planHistoryQuery } from "../../api/queries/plans";
import { QueryState } from "../../components/QueryState";
import { measureTypesQuery, riskFactorsQuery } from "../../api/queries/catalogues";
import { formatDate, formatDateTime, formatMoney } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";

// What the trail writes in place of a sensitive factor's name.
const SENSITIVE = "sensitive factor";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && ISO_DAY.test(value)) return formatDate(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The trail's field names (`rated_factors.EC02.note`, `measures.psychologist`, `measure.ends_on`)
 * and coded values as people say them, in the reader's language; dates as dd.mm.gggg. */
function useChangeText() {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const factors = useQuery(riskFactorsQuery());
  const types = useQuery(measureTypesQuery());
  const factor = (code: string) => {
    const found = factors.data?.find((f) => f.code === code);
    return found ? `${code} ${label(found)}` : code;
  };
  const measureType = (code: string) => {
    const found = types.data?.find((m) => m.code === code);
    return found ? label(found) : code;
  };
  // Field names with dots (delivery.duration_minutes) have their label under underscores.
  const plain = (field: string) => t(`plans.history.fields.${field.replace(/\./g, "_")}`, { defaultValue: field });
  const known = (field: string) => t(`plans.history.fields.${field.replace(/\./g, "_")}`, { defaultValue: "" });
  const field = (name: string): string => {
    if (name === SENSITIVE) return t("plans.history.fields.sensitive");
    const rated = /^rated_factors\.([^.]+)(\.note)?$/.exec(name);
    if (rated) return t(rated[2] ? "plans.history.fields.factorNote" : "plans.history.fields.factor", { name: factor(rated[1] ?? "") });
    const added = /^measures\.(.+)$/.exec(name);
    if (added) return t("plans.history.fields.measureAdded", { name: measureType(added[1] ?? "") });
    const delivery = /^deliveries\.(.+)$/.exec(name);
    if (delivery) return t("plans.history.fields.delivery", { name: measureType(delivery[1] ?? "") });
    if (known(name)) return known(name);
    const measure = /^measure\.(.+)$/.exec(name);
    if (measure) return `${t("plans.history.fields.measure")}: ${plain(measure[1] ?? "").toLocaleLowerCase()}`;
    return plain(name);
  };
  const value = (name: string, raw: unknown): string => {
    const text = show(raw);
    if (text === "—") return text;
    if (name === "status" || name === "measure.status" || name.startsWith("measures.")) {
      return t(`status.${text}`, { defaultValue: t(`measureStatus.${text}`, { defaultValue: text }) });
    }
    // Money is kept in cents: shown in euros.
    if (name.endsWith("_cents") && typeof raw === "number") return formatMoney(raw / 100);
    if (name === "risk_level" || name === "override_level" || (name.startsWith("rated_factors.") && !name.endsWith(".note"))) {
      return t(`levels.${text}`, { defaultValue: text });
    }
    return text;
  };
  return { field, value };
}

/** Every change of the plan, newest first: who, when, what, and status transitions. */
export function HistoryTimeline({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const history = useQuery(planHistoryQuery(planId));
  const change = useChangeText();
  return (
    <QueryState isPending={history.isPending} error={history.error}>
      {() => {
        const entries = [...(history.data ?? [])].reverse();
        if (!entries.length) return <Typography>{t("plans.history.empty")}</Typography>;
        return (
          <Box component="ol" sx={{ listStyle: "none", m: 0, p: 0, borderLeft: 2, borderColor: "divider" }}>
            {entries.map((e, i) => (
              <Box component="li" key={`${e.at}-${i}`} sx={{ pl: 2, pb: 2, position: "relative" }}>
                <Typography variant="body2" color="text.secondary">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.actor_name ?? "—"}
                  {e.actor_role ? ` (${t(`roles.${e.actor_role}`, { defaultValue: e.actor_role })})` : ""}
                </Typography>
                <Typography sx={{ fontWeight: 600 }}>
                  {t(`plans.history.kinds.${e.kind}`)}
                  {e.from_status && e.to_status
                    ? `: ${t(`status.${e.from_status}`)} → ${t(`status.${e.to_status}`)}`
                    : ""}
                  {e.approval_step ? ` · ${t(`steps.${e.approval_step}`)}` : ""}
                </Typography>
                {e.changes.map((c) => (
                  <Typography key={c.field} variant="body2">
                    {change.field(c.field)}: {change.value(c.field, c.old)} → {change.value(c.field, c.new)}
                  </Typography>
                ))}
                {e.comment ? (
                  <Typography variant="body2" sx={{ fontStyle: "italic" }}>
                    “{e.comment}”
                  </Typography>
                ) : null}
              </Box>
            ))}
          </Box>
        );
      }}
    </QueryState>
  );
}
