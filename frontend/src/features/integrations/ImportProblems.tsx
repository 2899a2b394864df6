import { Alert, Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useTranslation } from "react-i18next";
import type { ImportProblem } from "../../api/queries/integrations";
import { rowsWithProblems, sortProblems } from "./importing";

/** Every problem of a checked file, in the order of the file. */
export function ImportProblems({ problems }: { problems: readonly ImportProblem[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Alert severity="error" sx={{ mb: 2 }}>
        {t("integrations.import.problemsSummary", { problems: problems.length, rows: rowsWithProblems(problems) })}
      </Alert>
      <Table size="small" aria-label={t("integrations.import.problems")}>
        <TableHead>
          <TableRow>
            <TableCell align="right">{t("integrations.import.row")}</TableCell>
            <TableCell>{t("integrations.import.column")}</TableCell>
            <TableCell>{t("integrations.import.message")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sortProblems(problems).map((p, i) => (
            <TableRow key={`${p.row}-${p.column ?? ""}-${i}`}>
              <TableCell align="right">{p.row}</TableCell>
              <TableCell>{p.column ?? t("integrations.import.wholeRow")}</TableCell>
              <TableCell>{p.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
