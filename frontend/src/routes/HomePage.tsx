import { Box, Grid, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQueries, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client";
import { institutionsQuery } from "../api/queries/organisation";
import { planListQuery, type PlanFilters } from "../api/queries/plans";
import { useMe } from "../auth/SessionProvider";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { MeasuresToLog } from "../features/plans/MeasuresToLog";
import { PlanTable } from "../features/plans/PlanTable";
import { useApprovalQueue } from "../features/plans/useApprovalQueue";
import { formatNumber } from "../lib/format";
import { hasPermission } from "../lib/permissions";

const COUNT_LIMIT = 200;
const STATUSES: Schemas["PlanStatus"][] = [
  "draft",
  "submitted",
  "approved_school",
  "approved_municipality",
  "returned",
  "active",
  "evaluated",
  "closed",
  "discontinued",
];

/** A count read from one bounded page: "200+" when there are more. */
function pageCount(page: Schemas["Page_PlanSummary_"] | undefined): string {
  if (!page) return "…";
  return `${formatNumber(page.items.length)}${page.next_cursor ? "+" : ""}`;
}

function Card({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ p: 2, height: "100%", overflowX: "auto" }}>
      <Typography variant="h6" component="h2" id={id} gutterBottom>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function MyPlans({ id, title, filters }: { id: string; title: string; filters: PlanFilters }) {
  const { t } = useTranslation();
  const plans = useQuery(planListQuery({ ...filters, limit: 20 }));
  return (
    <Card id={id} title={title}>
      <QueryState isPending={plans.isPending} error={plans.error}>
        {() => <PlanTable plans={plans.data?.items ?? []} empty={t("home.nothing")} label={title} />}
      </QueryState>
    </Card>
  );
}

function ApprovalQueue() {
  const { t } = useTranslation();
  const queue = useApprovalQueue();
  return (
    <Card id="home-awaiting" title={t("home.awaiting")}>
      <QueryState isPending={queue.isPending} error={queue.error}>
        {() => (
          <PlanTable
            plans={queue.plans.slice(0, 20)}
            empty={t("home.nothing")}
            label={t("home.awaiting")}
            institutionName={queue.institutionName}
          />
        )}
      </QueryState>
    </Card>
  );
}

function Coverage() {
  const { t } = useTranslation();
  const institutions = useQuery(institutionsQuery());
  const items = institutions.data?.items ?? [];
  const active = useQueries({
    queries: items.map((i) => planListQuery({ institution_id: i.id, status: "active", limit: COUNT_LIMIT })),
  });
  const all = useQueries({
    queries: items.map((i) => planListQuery({ institution_id: i.id, limit: COUNT_LIMIT })),
  });
  return (
    <Card id="home-coverage" title={t("home.coverage")}>
      <Table size="small" aria-label={t("home.coverage")}>
        <TableHead>
          <TableRow>
            <TableCell>{t("home.institution")}</TableCell>
            <TableCell align="right">{t("home.plans")}</TableCell>
            <TableCell align="right">{t("home.activePlans")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((i, n) => (
            <TableRow key={i.id}>
              <TableCell>{i.name}</TableCell>
              <TableCell align="right">{pageCount(all[n]?.data)}</TableCell>
              <TableCell align="right">{pageCount(active[n]?.data)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

function Totals() {
  const { t } = useTranslation();
  const counts = useQueries({ queries: STATUSES.map((status) => planListQuery({ status, limit: COUNT_LIMIT })) });
  return (
    <Card id="home-totals" title={t("home.totals")}>
      <Table size="small" aria-label={t("home.totals")}>
        <TableBody>
          {STATUSES.map((s, n) => (
            <TableRow key={s}>
              <TableCell>{t(`status.${s}`)}</TableCell>
              <TableCell align="right">{pageCount(counts[n]?.data)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.current.role;
  const author = hasPermission(me, "plans:write");
  const approver = ["plans:approve_school", "plans:approve_municipality", "plans:approve_national"].some((p) =>
    hasPermission(me, p),
  );
  return (
    <>
      <PageHeader
        title={t("home.greeting", { name: me.user.full_name })}
        subtitle={`${t(`roles.${role}`)}${me.current.scope_name ? ` · ${me.current.scope_name}` : ""}`}
      />
      <Grid container spacing={2}>
        {author ? (
          <>
            <Grid size={12}>
              <MyPlans id="home-drafts" title={t("home.drafts")} filters={{ author_id: me.user.id, status: "draft" }} />
            </Grid>
            <Grid size={12}>
              <MyPlans id="home-returned" title={t("home.returned")} filters={{ author_id: me.user.id, status: "returned" }} />
            </Grid>
          </>
        ) : null}
        {hasPermission(me, "deliveries:write") ? (
          <Grid size={12}>
            <Card id="home-to-log" title={t("home.toLog")}>
              <MeasuresToLog filters={author ? { author_id: me.user.id } : {}} />
            </Card>
          </Grid>
        ) : null}
        {approver ? (
          <Grid size={12}>
            <ApprovalQueue />
          </Grid>
        ) : null}
        {role === "municipal_coordinator" ? (
          <Grid size={{ xs: 12, lg: 6 }}>
            <Coverage />
          </Grid>
        ) : null}
        {role === "ikvd_admin" ? (
          <Grid size={{ xs: 12, lg: 6 }}>
            <Totals />
          </Grid>
        ) : null}
        {!author && !approver && !hasPermission(me, "deliveries:write") ? (
          <Grid size={12}>
            <Box>
              <Paper sx={{ p: 2 }}>
                <Typography>{t("home.intro")}</Typography>
              </Paper>
            </Box>
          </Grid>
        ) : null}
      </Grid>
    </>
  );
}
