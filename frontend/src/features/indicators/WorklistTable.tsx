import { Alert, Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { worklistQuery, type Worklist } from "../../api/queries/indicators";
import { QueryState } from "../../components/QueryState";
import { formatDate } from "../../lib/format";
import { flagReason } from "./reasons";

/** One worklist, a page at a time (keyset cursors from the API), each student with the reasons. */
export function WorklistTable({ name }: { name: Worklist }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery(worklistQuery(name, cursor));
  return (
    <QueryState isPending={page.isPending} error={page.error}>
      {() => {
        const { items, next_cursor } = page.data!;
        if (items.length === 0) return <Alert severity="success">{t("indicators.worklists.empty")}</Alert>;
        return (
          <>
            <Table size="small" aria-label={t(`indicators.worklists.${name}`)}>
              <TableHead>
                <TableRow>
                  <TableCell>{t("indicators.worklists.student")}</TableCell>
                  <TableCell>{t("indicators.worklists.reasons")}</TableCell>
                  {name !== "flagged-without-plan" ? <TableCell>{t("indicators.worklists.plan")}</TableCell> : null}
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((i) => (
                  <TableRow key={`${i.student_id}-${i.plan_id ?? ""}`}>
                    <TableCell>
                      <RouterLink to={`/students/${i.student_id}`}>
                        {i.family_name} {i.given_name}
                      </RouterLink>
                    </TableCell>
                    <TableCell>
                      {i.flags.length ? (
                        <Stack component="ul" sx={{ m: 0, pl: 2 }}>
                          {i.flags.map((f) => (
                            <li key={f.id}>
                              <Typography variant="body2">
                                {t(`indicators.levels.${f.level}`)}: {flagReason(t, f)}
                              </Typography>
                            </li>
                          ))}
                        </Stack>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    {name !== "flagged-without-plan" ? (
                      <TableCell>
                        {i.plan_id ? <RouterLink to={`/plans/${i.plan_id}`}>{i.plan_code}</RouterLink> : null}
                        {i.semester_ends_on ? ` · ${t("indicators.worklists.ends", { date: formatDate(i.semester_ends_on) })}` : ""}
                      </TableCell>
                    ) : null}
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
