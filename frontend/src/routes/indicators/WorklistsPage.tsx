import { Paper, Stack, Typography } from "@mui/material";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { canSeeCounts, canSeeEarlyWarning, canSeeUnexcused } from "../../lib/permissions";
import { CountsTable } from "../../features/indicators/CountsTable";
import { UnexcusedTable } from "../../features/indicators/UnexcusedTable";
import { WorklistTable } from "../../features/indicators/WorklistTable";

function Section({ id, title, help, children }: { id: string; title: string; help?: string; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ p: 2 }}>
      <Typography id={id} variant="h6" component="h2">
        {title}
      </Typography>
      {help ? (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          {help}
        </Typography>
      ) : null}
      {children}
    </Paper>
  );
}

/** Early identification: who needs a look now, and why. Flags suggest; a person decides. */
export default function WorklistsPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!canSeeEarlyWarning(me)) return <NotFound />;
  const school = me.current.scope_type === "institution";
  return (
    <Stack spacing={3}>
      <PageHeader title={t("indicators.worklists.title")} subtitle={t("indicators.worklists.subtitle")} />
      {school ? (
        <>
          <Section id="wl-flagged" title={t("indicators.worklists.flagged-without-plan")} help={t("indicators.worklists.flaggedHelp")}>
            <WorklistTable name="flagged-without-plan" />
          </Section>
          <Section id="wl-worsening" title={t("indicators.worklists.plan-worsening")}>
            <WorklistTable name="plan-worsening" />
          </Section>
          <Section id="wl-due" title={t("indicators.worklists.evaluation-due")}>
            <WorklistTable name="evaluation-due" />
          </Section>
        </>
      ) : null}
      {canSeeUnexcused(me) ? (
        <Section id="wl-unexcused" title={t("indicators.worklists.unexcused")} help={t("indicators.worklists.unexcusedHelp")}>
          <UnexcusedTable />
        </Section>
      ) : null}
      {canSeeCounts(me) ? (
        <Section id="wl-counts" title={t("indicators.counts.title")}>
          <CountsTable />
        </Section>
      ) : null}
    </Stack>
  );
}
