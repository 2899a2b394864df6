import { Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Activity } from "../../api/queries/ngo";
import { formatDate, formatNumber } from "../../lib/format";
import { ActivityStatusChip } from "./labels";

interface Props {
  activities: Activity[];
  /** Show which NGO and project runs each activity (for schools and coordinators). */
  showProject?: boolean;
  label: string;
}

export function ActivityTable({ activities, showProject = false, label }: Props) {
  const { t } = useTranslation();
  if (!activities.length) return <Typography sx={{ p: 2 }}>{t("ngo.activities.none")}</Typography>;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{t("ngo.activities.date")}</TableCell>
          <TableCell>{t("ngo.activities.activity")}</TableCell>
          {showProject ? <TableCell>{t("ngo.activities.ngo")}</TableCell> : null}
          <TableCell>{t("ngo.activities.institution")}</TableCell>
          <TableCell>{t("ngo.activities.classes")}</TableCell>
          <TableCell>{t("ngo.activities.status")}</TableCell>
          <TableCell align="right">{t("ngo.activities.participants")}</TableCell>
          <TableCell align="right">{t("ngo.activities.atRisk")}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {activities.map((a) => (
          <TableRow key={a.id}>
            <TableCell>{formatDate(a.held_on)}</TableCell>
            <TableCell>
              <Link component={RouterLink} to={`/ngo/activities/${a.id}`}>
                {a.title}
              </Link>
              <Typography variant="body2" color="text.secondary">
                {t(`ngo.activityType.${a.type}`)}
              </Typography>
            </TableCell>
            {showProject ? (
              <TableCell>
                {a.ngo_name}
                <Typography variant="body2" color="text.secondary">
                  {a.project_title}
                </Typography>
              </TableCell>
            ) : null}
            <TableCell>{a.institution_name}</TableCell>
            <TableCell>{a.class_groups.map((g) => g.label).join(", ")}</TableCell>
            <TableCell>
              <ActivityStatusChip status={a.status} />
            </TableCell>
            <TableCell align="right">
              {a.status === "held" ? formatNumber(a.actual_participants) : formatNumber(a.planned_participants)}
            </TableCell>
            <TableCell align="right">{formatNumber(a.at_risk_participants)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
