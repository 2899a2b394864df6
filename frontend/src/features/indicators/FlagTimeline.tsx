import { Box, useTheme } from "@mui/material";
import { useTranslation } from "react-i18next";
import { CartesianGrid, ComposedChart, Bar, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StudentIndicators } from "../../api/queries/indicators";
import { formatDate } from "../../lib/format";

/** Attendance (line, %) and failing subjects (bars) across the semesters; the table beside it has
 * the same figures for screen readers. */
export default function FlagTimeline({ points, describedBy }: { points: StudentIndicators["timeline"]; describedBy: string }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const rows = points.map((p) => ({
    name: formatDate(p.starts_on),
    attendance: p.attendance_rate === null ? null : Number(p.attendance_rate),
    failing: p.failing_subjects,
  }));
  return (
    <Box role="img" aria-label={t("indicators.timeline.label")} aria-describedby={describedBy} sx={{ width: "100%", height: 220 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ left: 0, right: 8, top: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 12, fill: theme.palette.text.primary }} />
          <YAxis yAxisId="rate" domain={[50, 100]} unit="%" tick={{ fontSize: 12, fill: theme.palette.text.primary }} />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={{ fontSize: 12, fill: theme.palette.text.primary }} />
          <Tooltip />
          <Legend formatter={(value: string) => <span style={{ color: theme.palette.text.primary }}>{value}</span>} />
          <Bar yAxisId="count" dataKey="failing" name={t("indicators.timeline.failing")} fill="#ef6c00" isAnimationActive={false} />
          <Line
            yAxisId="rate"
            dataKey="attendance"
            name={t("indicators.timeline.attendance")}
            stroke="#1565c0"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </Box>
  );
}
