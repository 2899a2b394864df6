import { Box, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { planHistoryQuery } from "../../api/queries/plans";
import { QueryState } from "../../components/QueryState";
import { formatDateTime, formatMoney } from "../../lib/format";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Field names and coded values in the reader's language where we know them, as sent otherwise. */
function useChangeText() {
  const { t } = useTranslation();
  return {
    field: (field: string) => t(`plans.history.fields.${field.replace(/\./g, "_")}`, { defaultValue: field }),
    value: (field: string, value: unknown) => {
      const text = show(value);
      if (text === "—") return text;
      // Money is kept in cents: shown in euros.
      if (field.endsWith("_cents") && typeof value === "number") return formatMoney((value / 100).toFixed(2));
      if (field === "status" || field === "measure.status") {
        return t(`status.${text}`, { defaultValue: t(`measureStatus.${text}`, { defaultValue: text }) });
      }
      if (field === "risk_level" || field === "override_level" || (field.startsWith("rated_factors.") && !field.endsWith(".note"))) {
        return t(`levels.${text}`, { defaultValue: text });
      }
      return text;
    },
  };
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
