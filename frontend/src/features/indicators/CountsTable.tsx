import { Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { countsQuery } from "../../api/queries/indicators";
import { QueryState } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";

/** Per institution: students flagged, flagged without a plan, with a plan (no names). */
export function CountsTable() {
  const { t } = useTranslation();
  const counts = useQuery(countsQuery());
  return (
    <QueryState isPending={counts.isPending} error={counts.error}>
      {() => (
        <Table size="small" aria-label={t("indicators.counts.title")}>
          <TableHead>
            <TableRow>
              <TableCell>{t("indicators.counts.institution")}</TableCell>
              <TableCell align="right">{t("indicators.counts.flagged")}</TableCell>
              <TableCell align="right">{t("indicators.counts.withoutPlan")}</TableCell>
              <TableCell align="right">{t("indicators.counts.withPlan")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {counts.data!.institutions.map((c) => (
              <TableRow key={c.institution_id}>
                <TableCell>{c.institution_name}</TableCell>
                <TableCell align="right">{formatNumber(c.flagged)}</TableCell>
                <TableCell align="right">{formatNumber(c.flagged_without_plan)}</TableCell>
                <TableCell align="right">{formatNumber(c.with_plan)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </QueryState>
  );
}
