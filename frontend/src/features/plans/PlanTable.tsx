import { Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Schemas } from "../../api/client";
import { formatDateTime } from "../../lib/format";
import { LevelChip, StatusChip, useSemesterLabel } from "./labels";

type PlanSummary = Schemas["PlanSummary"];

/** A short list of plans (home page, approvals inbox). */
export function PlanTable({
  plans,
  empty,
  label,
  institutionName,
  linkText,
}: {
  plans: PlanSummary[];
  empty: string;
  label: string;
  institutionName?: (id: string) => string;
  linkText?: string;
}) {
  const { t } = useTranslation();
  const semesterLabel = useSemesterLabel();
  if (!plans.length) return <Typography>{empty}</Typography>;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{t("plans.code")}</TableCell>
          <TableCell>{t("plans.student")}</TableCell>
          {institutionName ? <TableCell>{t("student.institution")}</TableCell> : null}
          <TableCell>{t("plans.semester")}</TableCell>
          <TableCell>{t("plans.status")}</TableCell>
          <TableCell>{t("plans.riskLevel")}</TableCell>
          <TableCell>{t("plans.changed")}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {plans.map((p) => (
          <TableRow key={p.id}>
            <TableCell>
              <Link component={RouterLink} to={`/plans/${p.id}`} aria-label={linkText ? `${linkText}: ${p.code}` : undefined}>
                {p.code}
              </Link>
            </TableCell>
            <TableCell>{p.student_name}</TableCell>
            {institutionName ? <TableCell>{institutionName(p.institution_id)}</TableCell> : null}
            <TableCell>{semesterLabel(p.semester)}</TableCell>
            <TableCell>
              <StatusChip status={p.status} />
            </TableCell>
            <TableCell>
              <LevelChip level={p.risk_level} />
            </TableCell>
            <TableCell>{formatDateTime(p.status_changed_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
