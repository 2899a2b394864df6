import { Box, Paper, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "../../lib/format";

interface Figures {
  activities_planned?: number;
  activities_held: number;
  participants: number | null;
  at_risk_participants: number | null;
  approved_eur: string;
  used_eur: string;
}

/** The headline numbers of a project, call or municipality. */
export function ReportFigures({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  // A withheld count (null) is said to be withheld, never shown as a number (DESIGN §4).
  const shown = (n: number | null) => (n === null ? t("monitoring.withheld") : formatNumber(n));
  const items: [string, string][] = [
    [t("ngo.report.activitiesHeld"), formatNumber(figures.activities_held)],
    ...(figures.activities_planned !== undefined
      ? ([[t("ngo.report.activitiesPlanned"), formatNumber(figures.activities_planned)]] as [string, string][])
      : []),
    [t("ngo.report.participants"), shown(figures.participants)],
    [t("ngo.report.atRisk"), shown(figures.at_risk_participants)],
    [t("ngo.report.approved"), formatMoney(figures.approved_eur)],
    [t("ngo.report.used"), formatMoney(figures.used_eur)],
  ];
  return (
    <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(170px, 1fr))", gap: 2, m: 0 }}>
      {items.map(([label, value]) => (
        <Paper key={label} variant="outlined" sx={{ p: 1.5 }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography component="dd" variant="h6" sx={{ m: 0 }}>
            {value}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}
