import { Box, useTheme } from "@mui/material";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "../../../lib/format";

const COLOURS = ["#1e88e5", "#2e7d32", "#8e24aa", "#ef6c00", "#455a64", "#c62828"];

export interface Series {
  key: string;
  name: string;
}

/**
 * Grouped bars of some columns of a report table. Loaded on its own; the table beside it carries the
 * same figures (withheld ones said to be withheld), so the picture is an image pointing there.
 */
export default function BarsChart({
  data,
  series,
  label,
  describedBy,
}: {
  data: Record<string, number | string>[];
  series: Series[];
  label: string;
  describedBy: string;
}) {
  const theme = useTheme();
  const height = Math.max(180, 28 * data.length * Math.max(1, series.length / 2) + 90);
  return (
    <Box role="img" aria-label={label} aria-describedby={describedBy} sx={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => formatNumber(v)} />
          <YAxis type="category" dataKey="name" width={200} tick={{ fontSize: 12, fill: theme.palette.text.primary }} />
          <Tooltip formatter={(value) => formatNumber(Number(value))} />
          <Legend formatter={(value: string) => <span style={{ color: theme.palette.text.primary }}>{value}</span>} />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
