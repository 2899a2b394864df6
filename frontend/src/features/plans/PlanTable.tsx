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
  showInstitution,
  showMunicipality,
  showStep,
  linkText,
}: {
  plans: PlanSummary[];
  empty: string;
  label: string;
  /** Show each plan's institution (for roles over several institutions). */
  showInstitution?: boolean;
  showMunicipality?: boolean;
  /** Show the approval step each plan waits for. */
  showStep?: boolean;
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
          {showInstitution ? <TableCell>{t("plans.institution")}</TableCell> : null}
          {showMunicipality ? <TableCell>{t("plans.municipality")}</TableCell> : null}
          <TableCell>{t("plans.semester")}</TableCell>
          <TableCell>{t("plans.status")}</TableCell>
          <TableCell>{t("plans.riskLevel")}</TableCell>
          {showStep ? <TableCell>{t("approvals.step")}</TableCell> : null}
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
            {showInstitution ? <TableCell>{p.institution_name}</TableCell> : null}
            {showMunicipality ? <TableCell>{p.municipality_name ?? "—"}</TableCell> : null}
            <TableCell>{semesterLabel(p.semester)}</TableCell>
            <TableCell>
              <StatusChip status={p.status} />
            </TableCell>
            <TableCell>
              <LevelChip level={p.risk_level} />
            </TableCell>
            {showStep ? <TableCell>{p.awaiting_step ? t(`steps.${p.awaiting_step}`) : "—"}</TableCell> : null}
            <TableCell>{formatDateTime(p.status_changed_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
