import { Box, useTheme } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "../../lib/format";
import { STATUSES, type ChartRow, type Status } from "./figures";

// One colour per status, from "being written" to "finished"; distinguishable in the legend and tooltip.
const COLOURS: Record<Status, string> = {
  draft: "#9e9e9e",
  submitted: "#64b5f6",
  approved_school: "#1e88e5",
  approved_municipality: "#0d47a1",
  returned: "#ef6c00",
  active: "#2e7d32",
  evaluated: "#8e24aa",
  closed: "#455a64",
  discontinued: "#c62828",
};

/**
 * Plans by status per institution as stacked bars. Loaded on its own (Recharts stays out of the first
 * page); the table next to it carries the same figures for screen readers, so the picture is an image
 * with a label pointing there.
 */
export default function PlansByStatusChart({ rows, describedBy }: { rows: ChartRow[]; describedBy: string }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const height = Math.max(160, 48 * rows.length + 80);
  return (
    <Box role="img" aria-label={t("home.report.chartLabel")} aria-describedby={describedBy} sx={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
          <YAxis type="category" dataKey="name" width={180} tick={{ fontSize: 12, fill: theme.palette.text.primary }} />
          <Tooltip formatter={(value) => formatNumber(Number(value))} />
          <Legend
            itemSorter={null}
            formatter={(value: string) => <span style={{ color: theme.palette.text.primary }}>{value}</span>}
          />
          {STATUSES.map((s) => (
            <Bar key={s} dataKey={s} name={t(`status.${s}`)} stackId="plans" fill={COLOURS[s]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
