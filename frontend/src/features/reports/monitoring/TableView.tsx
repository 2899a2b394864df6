import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useTranslation } from "react-i18next";
import type { ReportRow, ReportTable } from "../../../api/queries/monitoring";
import { cellText } from "./cells";

export function rowLabel(row: ReportRow, lang: string, t: (k: string) => string): string {
  if (row.kind === "total") return t("monitoring.total");
  if (row.kind === "outcome") return t(`monitoring.outcome.${row.label}`);
  if (row.kind === "all" || row.kind === "students") return t(`monitoring.rowKind.${row.kind}`);
  if (row.key === "state") return t("monitoring.stateInstitutions");
  return lang === "en" && row.label_en ? row.label_en : row.label;
}

/** A report table: the text alternative of its chart, withheld cells said to be withheld. */
export function TableView({
  table,
  id,
  caption,
  onDrill,
}: {
  table: ReportTable;
  id: string;
  caption: string;
  onDrill?: (row: ReportRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const rows = [...table.rows, ...(table.total ? [table.total] : [])];
  const withheld = t("monitoring.withheld");
  return (
    <Box sx={{ overflowX: "auto", mt: 1 }}>
      <Table size="small" id={id} aria-label={caption}>
        <TableHead>
          <TableRow>
            <TableCell>{t("monitoring.row")}</TableCell>
            {table.columns.map((c) => (
              <TableCell key={c.key} align="right">
                {t(`monitoring.col.${c.key}`, { defaultValue: c.key })}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const total = row.kind === "total";
            const label = rowLabel(row, i18n.language, t);
            return (
              <TableRow key={row.key} data-row={row.key}>
                <TableCell component="th" scope="row" sx={total ? { fontWeight: 700 } : undefined}>
                  {onDrill && !total && (row.kind === "municipality" || row.kind === "institution") ? (
                    <Button size="small" onClick={() => onDrill(row)} sx={{ textTransform: "none", p: 0 }}>
                      {label}
                    </Button>
                  ) : (
                    label
                  )}
                </TableCell>
                {table.columns.map((c) => (
                  <TableCell key={c.key} align="right" data-col={c.key} sx={total ? { fontWeight: 700 } : undefined}>
                    {cellText(row.cells[c.key], c.kind, withheld)}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
