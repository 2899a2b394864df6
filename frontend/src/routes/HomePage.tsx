import { Box, Grid, Link, Paper, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { planListQuery, type PlanFilters } from "../api/queries/plans";
import { useMe } from "../auth/SessionProvider";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { NgoHome } from "../features/ngo/NgoHome";
import { MeasuresToLog } from "../features/plans/MeasuresToLog";
import { PlanTable } from "../features/plans/PlanTable";
import { useApprovalQueue } from "../features/plans/useApprovalQueue";
import { PlanReport } from "../features/reports/PlanReport";
import { canApprove, canLogDeliveries, canWritePlans } from "../lib/permissions";

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
  const me = useMe();
  const queue = useApprovalQueue({}, 20);
  return (
    <Card id="home-awaiting" title={t("home.awaiting")}>
      <QueryState isPending={queue.isPending} error={queue.error}>
        {() => (
          <>
            <PlanTable
              plans={queue.plans}
              empty={t("home.nothing")}
              label={t("home.awaiting")}
              showInstitution={me.current.scope_type !== "institution"}
            />
            {queue.hasMore ? (
              <Link component={RouterLink} to="/approvals" sx={{ display: "inline-block", mt: 1 }}>
                {t("home.allAwaiting")}
              </Link>
            ) : null}
          </>
        )}
      </QueryState>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const role = me.current.role;
  const author = canWritePlans(me);
  const approver = canApprove(me);
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
        {canLogDeliveries(me) ? (
          <Grid size={12}>
            <Card id="home-to-log" title={t("home.toLog")}>
              <MeasuresToLog all={role === "school_coordinator"} />
            </Card>
          </Grid>
        ) : null}
        {approver ? (
          <Grid size={12}>
            <ApprovalQueue />
          </Grid>
        ) : null}
        {role === "municipal_coordinator" || role === "ikvd_admin" ? (
          <Grid size={12}>
            <Card
              id="home-report"
              title={role === "ikvd_admin" ? t("home.totals") : t("home.coverage")}
            >
              <PlanReport id="home-report" />
            </Card>
          </Grid>
        ) : null}
        {role === "ngo_manager" ? (
          <Grid size={12}>
            <NgoHome />
          </Grid>
        ) : null}
        {!author && !approver && !canLogDeliveries(me) && role !== "ngo_manager" ? (
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
