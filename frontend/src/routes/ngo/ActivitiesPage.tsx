import { Box, MenuItem, Paper, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { activitiesQuery, projectsQuery } from "../../api/queries/ngo";
import { useMe } from "../../auth/SessionProvider";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { canRunProjects, isSchoolStaff } from "../../lib/permissions";
import { ActivityTable } from "../../features/ngo/ActivityTable";
import { ScheduleActivityForm } from "../../features/ngo/ScheduleActivityForm";

/** The NGO's own activities; for school staff, the activities planned for their classes. */
export default function ActivitiesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState<Schemas["ActivityStatus"] | "">("");
  const activities = useQuery(activitiesQuery({ status: status || undefined }));
  const ngo = canRunProjects(me);
  const running = useQuery({ ...projectsQuery({ status: "approved" }), enabled: ngo });
  const title = isSchoolStaff(me) ? t("ngo.activities.forMyClasses") : t("ngo.activities.title");

  return (
    <>
      <PageHeader title={title} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2 }}>
          <TextField
            select
            label={t("ngo.activities.status")}
            value={status}
            onChange={(e) => setStatus(e.target.value as Schemas["ActivityStatus"] | "")}
            sx={{ minWidth: 200 }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            <MenuItem value="planned">{t("ngo.activityStatus.planned")}</MenuItem>
            <MenuItem value="held">{t("ngo.activityStatus.held")}</MenuItem>
            <MenuItem value="cancelled">{t("ngo.activityStatus.cancelled")}</MenuItem>
          </TextField>
        </Box>
      </Paper>
      {ngo && running.data?.items.length ? <ScheduleActivityForm projects={running.data.items} chooseProject /> : null}
      <QueryState isPending={activities.isPending} error={activities.error}>
        {() => (
          <Paper>
            <ActivityTable activities={activities.data?.items ?? []} showProject label={title} />
          </Paper>
        )}
      </QueryState>
    </>
  );
}
