import { Box, Paper, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { activitiesQuery, projectQuery, projectReportQuery, type Project } from "../../api/queries/ngo";
import { useMe } from "../../auth/SessionProvider";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { canManageCalls, canRunProjects } from "../../lib/permissions";
import { ActivityTable } from "../../features/ngo/ActivityTable";
import { CompleteProjectForm } from "../../features/ngo/CompleteProjectForm";
import { DecisionPanel } from "../../features/ngo/DecisionPanel";
import { ProjectStatusChip } from "../../features/ngo/labels";
import { ReportFigures } from "../../features/ngo/ReportFigures";
import { ScheduleActivityForm } from "../../features/ngo/ScheduleActivityForm";
import { formatDate, formatDateTime, formatMoney } from "../../lib/format";

function Details({ project }: { project: Project }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t("ngo.projects.ngo"), project.ngo_name],
    [t("ngo.projects.call"), project.call_title],
    [t("ngo.projects.period"), `${formatDate(project.starts_on)} – ${formatDate(project.ends_on)}`],
    [t("ngo.projects.amount"), formatMoney(project.amount_eur)],
    [t("ngo.projects.institutions"), project.institutions.map((i) => i.name).join(", ")],
  ];
  if (project.decided_at) {
    rows.push([t("ngo.projects.decision"), `${formatDateTime(project.decided_at)} ${project.decision_comment ?? ""}`]);
  }
  if (project.report) rows.push([t("ngo.complete.report"), project.report]);
  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }}>
      <Typography sx={{ mb: 2, whiteSpace: "pre-line" }}>{project.description}</Typography>
      <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 3, rowGap: 1, m: 0 }}>
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: "contents" }}>
            <Typography component="dt" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

export default function ProjectPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { projectId = "" } = useParams();
  const project = useQuery(projectQuery(projectId));
  const report = useQuery(projectReportQuery(projectId));
  const activities = useQuery(activitiesQuery({ project_id: projectId }));
  const ngo = canRunProjects(me);

  return (
    <QueryState isPending={project.isPending} error={project.error}>
      {() =>
        project.data ? (
          <>
            <PageHeader title={project.data.title} actions={<ProjectStatusChip status={project.data.status} />} />
            <Details project={project.data} />
            {canManageCalls(me) && project.data.status === "submitted" ? <DecisionPanel project={project.data} /> : null}
            {report.data ? (
              <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="project-report-title">
                <Typography variant="h6" component="h2" id="project-report-title" gutterBottom>
                  {t("ngo.report.title")}
                </Typography>
                <ReportFigures figures={report.data} />
              </Paper>
            ) : null}
            <Paper component="section" sx={{ mb: 2 }} aria-labelledby="project-activities-title">
              <Typography variant="h6" component="h2" id="project-activities-title" sx={{ p: 2, pb: 0 }}>
                {t("ngo.activities.title")}
              </Typography>
              <ActivityTable activities={activities.data?.items ?? []} label={t("ngo.activities.title")} />
            </Paper>
            {ngo && project.data.status === "approved" ? (
              <>
                <ScheduleActivityForm projects={[project.data]} />
                {project.data.can_complete ? (
                  <CompleteProjectForm project={project.data} />
                ) : (
                  <Typography color="text.secondary" sx={{ mb: 2 }}>
                    {t("ngo.complete.notYet", { date: formatDate(project.data.ends_on) })}
                  </Typography>
                )}
              </>
            ) : null}
          </>
        ) : null
      }
    </QueryState>
  );
}
