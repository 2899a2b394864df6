import { Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { measureTypesQuery } from "../../api/queries/catalogues";
import { planListQuery, planQuery, type PlanFilters } from "../../api/queries/plans";
import { useMe } from "../../auth/SessionProvider";
import { formatNumber } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";

const OPEN = new Set(["planned", "in_progress"]);

/** Running measures of active plans that the signed-in person logs: the one responsible, or any for the school coordinator. */
export function MeasuresToLog({ filters }: { filters: PlanFilters }) {
  const { t } = useTranslation();
  const me = useMe();
  const label = useCatalogueLabel();
  const types = useQuery(measureTypesQuery());
  const active = useQuery(planListQuery({ ...filters, status: "active", limit: 20 }));
  const plans = useQueries({ queries: (active.data?.items ?? []).map((p) => planQuery(p.id)) });
  const coordinator = me.current.role === "school_coordinator";
  const rows = plans.flatMap((q) =>
    q.data
      ? q.data.measures
          .filter((m) => OPEN.has(m.status) && (coordinator || m.responsible_user_id === me.user.id))
          .map((m) => ({ plan: q.data, measure: m }))
      : [],
  );
  if (active.isSuccess && plans.every((q) => !q.isPending) && rows.length === 0) {
    return <Typography>{t("home.nothing")}</Typography>;
  }
  return (
    <Table size="small" aria-label={t("home.toLog")}>
      <TableHead>
        <TableRow>
          <TableCell>{t("plans.code")}</TableCell>
          <TableCell>{t("plans.student")}</TableCell>
          <TableCell>{t("plans.deliveries.measure")}</TableCell>
          <TableCell align="right">{t("plans.measures.quantity")}</TableCell>
          <TableCell align="right">{t("plans.measures.delivered")}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ plan, measure }) => (
          <TableRow key={measure.id}>
            <TableCell>
              <Link component={RouterLink} to={`/plans/${plan.id}?tab=deliveries`}>
                {plan.code}
              </Link>
            </TableCell>
            <TableCell>{plan.student_name}</TableCell>
            <TableCell>
              {label(types.data?.find((x) => x.id === measure.measure_type_id))}
              {measure.subject ? ` (${measure.subject})` : ""}
            </TableCell>
            <TableCell align="right">
              {measure.planned_quantity !== null ? `${formatNumber(measure.planned_quantity)} ${t(`units.${measure.unit}`)}` : "—"}
            </TableCell>
            <TableCell align="right">{formatNumber(measure.deliveries_count)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
