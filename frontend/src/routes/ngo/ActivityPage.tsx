import { Box, Link, Paper, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";
import { activityQuery, projectQuery, type Activity } from "../../api/queries/ngo";
import { useMe } from "../../auth/SessionProvider";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { canLinkMeasures, canRunProjects } from "../../lib/permissions";
import { ActivityActions, ActivityTrail } from "../../features/ngo/ActivityChanges";
import { ActivityStatusChip } from "../../features/ngo/labels";
import { MeasureLinks } from "../../features/ngo/MeasureLinks";
import { OutcomeForm } from "../../features/ngo/OutcomeForm";
import { formatDate, formatDateTime, formatNumber, todayIso } from "../../lib/format";

function Details({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t("ngo.activities.date"), formatDate(activity.held_on)],
    [t("ngo.activities.type"), t(`ngo.activityType.${activity.type}`)],
    [
      t("ngo.activities.project"),
      <Link key="project" component={RouterLink} to={`/ngo/projects/${activity.project_id}`}>
        {activity.project_title}
      </Link>,
    ],
    [t("ngo.activities.ngo"), activity.ngo_name],
    [t("ngo.activities.institution"), activity.institution_name],
    [t("ngo.activities.classes"), activity.class_groups.map((g) => g.label).join(", ")],
    [t("ngo.activities.plannedParticipants"), formatNumber(activity.planned_participants)],
  ];
  if (activity.status === "cancelled") {
    rows.push(
      [t("ngo.activities.cancelReason"), activity.cancel_reason ?? "—"],
      [t("ngo.activities.cancelledAt"), formatDateTime(activity.cancelled_at)],
    );
  }
  if (activity.status === "held") {
    rows.push(
      [t("ngo.activities.participants"), formatNumber(activity.actual_participants)],
      [t("ngo.activities.atRisk"), formatNumber(activity.at_risk_participants)],
      [t("ngo.activities.feedback"), activity.feedback ?? "—"],
      [t("ngo.activities.recordedAt"), formatDateTime(activity.recorded_at)],
    );
  }
  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }}>
      <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 3, rowGap: 1, m: 0 }}>
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: "contents" }}>
            <Typography component="dt" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" sx={{ m: 0, whiteSpace: "pre-line" }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

export default function ActivityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { activityId = "" } = useParams();
  const activity = useQuery(activityQuery(activityId));
  const ngo = canRunProjects(me);
  const project = useQuery({ ...projectQuery(activity.data?.project_id ?? ""), enabled: ngo && !!activity.data });
  // Outcomes are recorded after the day, while the project runs.
  const running = ngo && project.data?.status === "approved";
  const planned = activity.data?.status === "planned";
  const canRecord = running && !!activity.data && activity.data.status !== "cancelled" && activity.data.held_on <= todayIso();

  return (
    <QueryState isPending={activity.isPending} error={activity.error}>
      {() =>
        activity.data ? (
          <>
            <PageHeader title={activity.data.title} actions={<ActivityStatusChip status={activity.data.status} />} />
            <Details activity={activity.data} />
            {canRecord ? <OutcomeForm activity={activity.data} /> : null}
            {running && planned && project.data ? (
              <ActivityActions key={activity.data.held_on + activity.data.title} activity={activity.data} project={project.data} />
            ) : null}
            {canLinkMeasures(me) ? <MeasureLinks activity={activity.data} /> : null}
            {ngo && planned && !canRecord && activity.data.held_on > todayIso() ? (
              <Typography color="text.secondary" sx={{ mb: 2 }}>
                {t("ngo.outcome.notYet")}
              </Typography>
            ) : null}
            <ActivityTrail activityId={activity.data.id} />
          </>
        ) : null
      }
    </QueryState>
  );
}
