import { Alert, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { unexcusedQuery, useMarkReported } from "../../api/queries/indicators";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { formatDate } from "../../lib/format";

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** More than 20 unexcused lessons in the semester: the list the school must report to the municipality. */
export function UnexcusedTable() {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = useQuery(unexcusedQuery(cursors[cursors.length - 1]));
  const mark = useMarkReported();
  return (
    <QueryState isPending={page.isPending} error={page.error}>
      {() => {
        const { items, next_cursor } = page.data!;
        if (items.length === 0) return <Alert severity="success">{t("indicators.worklists.empty")}</Alert>;
        return (
          <>
            {mark.error ? <ErrorMessage error={mark.error} /> : null}
            <Table size="small" aria-label={t("indicators.worklists.unexcused")}>
              <TableHead>
                <TableRow>
                  <TableCell>{t("indicators.worklists.student")}</TableCell>
                  <TableCell align="right">{t("indicators.worklists.unexcusedLessons")}</TableCell>
                  <TableCell>{t("indicators.student.asOf")}</TableCell>
                  <TableCell>{t("indicators.worklists.reported")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((i) => (
                  <TableRow key={i.student_id}>
                    <TableCell>
                      <RouterLink to={`/students/${i.student_id}`}>
                        {i.family_name} {i.given_name}
                      </RouterLink>
                    </TableCell>
                    <TableCell align="right">{Number(i.unexcused)}</TableCell>
                    <TableCell>{formatDate(i.as_of)}</TableCell>
                    <TableCell>
                      {i.reported_on ? (
                        formatDate(i.reported_on)
                      ) : (
                        <Button
                          size="small"
                          disabled={mark.isPending}
                          aria-label={t("indicators.worklists.markReportedFor", { name: `${i.family_name} ${i.given_name}` })}
                          onClick={() =>
                            void mark
                              .mutateAsync({ studentId: i.student_id, semesterId: i.semester_id, reportedOn: today() })
                              .catch(() => undefined)
                          }
                        >
                          {t("indicators.worklists.markReported")}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                {t("indicators.worklists.previous")}
              </Button>
              <Button disabled={!next_cursor} onClick={() => next_cursor && setCursors([...cursors, next_cursor])}>
                {t("indicators.worklists.next")}
              </Button>
            </Stack>
          </>
        );
      }}
    </QueryState>
  );
}
