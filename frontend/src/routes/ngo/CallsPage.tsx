import { Button, Chip, Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { callsQuery, type Call } from "../../api/queries/ngo";
import { useMe } from "../../auth/SessionProvider";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { canManageCalls, canReadReports, canRunProjects } from "../../lib/permissions";
import { OpenCallDialog } from "../../features/ngo/OpenCallDialog";
import { SubmitProjectDialog } from "../../features/ngo/SubmitProjectDialog";
import { formatDate, formatMoney } from "../../lib/format";

export default function CallsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const ngo = canRunProjects(me);
  // An NGO looks for calls it can still apply to; the municipality and IKVD follow every call.
  const calls = useQuery(callsQuery(ngo ? { open: true } : {}));
  const [opening, setOpening] = useState(false);
  const [applyingTo, setApplyingTo] = useState<Call | null>(null);
  const withReport = canReadReports(me);

  return (
    <>
      <PageHeader
        title={t("ngo.calls.title")}
        subtitle={ngo ? t("ngo.calls.openOnly") : undefined}
        actions={
          canManageCalls(me) ? (
            <Button variant="contained" onClick={() => setOpening(true)}>
              {t("ngo.calls.open")}
            </Button>
          ) : null
        }
      />
      <QueryState isPending={calls.isPending} error={calls.error}>
        {() => (
          <Paper>
            {calls.data?.items.length ? (
              <Table aria-label={t("ngo.calls.title")}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t("ngo.calls.name")}</TableCell>
                    <TableCell>{t("ngo.calls.municipality")}</TableCell>
                    <TableCell>{t("ngo.calls.schoolYear")}</TableCell>
                    <TableCell align="right">{t("ngo.calls.budget")}</TableCell>
                    <TableCell align="right">{t("ngo.calls.approved")}</TableCell>
                    <TableCell>{t("ngo.calls.deadline")}</TableCell>
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {calls.data.items.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell>
                        {withReport ? (
                          <Link component={RouterLink} to={`/ngo/calls/${c.id}`}>
                            {c.title}
                          </Link>
                        ) : (
                          c.title
                        )}
                      </TableCell>
                      <TableCell>{c.municipality_name}</TableCell>
                      <TableCell>{c.school_year_name}</TableCell>
                      <TableCell align="right">{formatMoney(c.budget_eur)}</TableCell>
                      <TableCell align="right">{formatMoney(c.approved_eur)}</TableCell>
                      <TableCell>{formatDate(c.deadline)}</TableCell>
                      <TableCell>
                        {ngo && c.is_open ? (
                          <Button size="small" variant="outlined" onClick={() => setApplyingTo(c)}>
                            {t("ngo.calls.apply")}
                          </Button>
                        ) : (
                          <Chip
                            size="small"
                            color={c.is_open ? "info" : "default"}
                            label={t(c.is_open ? "ngo.calls.isOpen" : "ngo.calls.closed")}
                          />
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography sx={{ p: 2 }}>{t("ngo.calls.none")}</Typography>
            )}
          </Paper>
        )}
      </QueryState>
      <OpenCallDialog open={opening} onClose={() => setOpening(false)} />
      <SubmitProjectDialog call={applyingTo} onClose={() => setApplyingTo(null)} />
    </>
  );
}
