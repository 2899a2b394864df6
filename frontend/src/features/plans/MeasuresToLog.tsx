import { Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { measureTypesQuery } from "../../api/queries/catalogues";
import { measuresInScopeQuery } from "../../api/queries/plans";
import { QueryState } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import { useCatalogueLabel } from "../../lib/label";
import { formatQuantity } from "../../lib/quantity";

/**
 * Running measures of active plans that the signed-in person logs: those they are responsible for, on
 * anyone's plan; the school coordinator logs any of the school's.
 */
export function MeasuresToLog({ all }: { all: boolean }) {
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const types = useQuery(measureTypesQuery());
  const measures = useQuery(
    measuresInScopeQuery({ ...(all ? {} : { responsible: "me" }), plan_status: "active", running: true, limit: 50 }),
  );
  return (
    <QueryState isPending={measures.isPending} error={measures.error}>
      {() => {
        const rows = measures.data?.items ?? [];
        if (!rows.length) return <Typography>{t("home.nothing")}</Typography>;
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
              {rows.map((measure) => (
                <TableRow key={measure.id}>
                  <TableCell>
                    <Link component={RouterLink} to={`/plans/${measure.plan_id}?tab=deliveries`}>
                      {measure.plan_code}
                    </Link>
                  </TableCell>
                  <TableCell>{measure.student_name}</TableCell>
                  <TableCell>
                    {label(types.data?.find((x) => x.id === measure.measure_type_id))}
                    {measure.subject ? ` (${measure.subject})` : ""}
                  </TableCell>
                  <TableCell align="right">
                    {measure.planned_quantity !== null
                      ? formatQuantity(t, measure.planned_quantity, measure.unit)
                      : "—"}
                  </TableCell>
                  <TableCell align="right">{formatNumber(measure.deliveries_count)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        );
      }}
    </QueryState>
  );
}
