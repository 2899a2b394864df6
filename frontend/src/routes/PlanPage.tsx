import { Alert, Box, Link, Paper, Tab, Tabs, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams, useSearchParams } from "react-router";
import { planQuery, planReadinessQuery, type Plan } from "../api/queries/plans";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { ActionBar } from "../features/plans/ActionBar";
import { noteRights, planActions, type PlanAction } from "../features/plans/actions";
import { DocumentsSection } from "../features/documents/DocumentsSection";
import { DecisionPanel } from "../features/plans/DecisionPanel";
import { DeliveryEntry, DeliveryList } from "../features/plans/DeliveryEntry";
import { EvaluationSection } from "../features/plans/EvaluationSection";
import { GoalsForm } from "../features/plans/GoalsForm";
import { HistoryTimeline } from "../features/plans/HistoryTimeline";
import { MeasuresSection } from "../features/plans/MeasuresSection";
import { NotesSection } from "../features/plans/NotesSection";
import { ReadinessChecklist } from "../features/plans/Readiness";
import { RiskAssessmentEditor, RiskAssessmentView } from "../features/plans/RiskAssessmentEditor";
import { UnsavedContext, useLeaveGuard, useUnsavedEdits } from "../features/plans/unsaved";
import { formatDateTime } from "../lib/format";

const TABS = ["plan", "deliveries", "evaluation", "notes", "documents", "history"] as const;
type TabName = (typeof TABS)[number];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ p: 2, mb: 2 }}>
      <Typography variant="h6" component="h2" id={id} gutterBottom>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function PlanTab({ plan, actions }: { plan: Plan; actions: PlanAction[] }) {
  const { t } = useTranslation();
  const editable = actions.includes("edit");
  const writing = plan.status === "draft" || plan.status === "returned";
  const readiness = useQuery({ ...planReadinessQuery(plan.id), enabled: writing });
  return (
    <>
      {writing && readiness.data ? <ReadinessChecklist plan={plan} readiness={readiness.data} /> : null}
      {actions.includes("approve") ? <DecisionPanel plan={plan} /> : null}
      {plan.status === "returned" && plan.approvals.length ? (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {plan.approvals[plan.approvals.length - 1]?.comment}
        </Alert>
      ) : null}
      <Section id="goals-title" title={t("plans.goals")}>
        {editable ? (
          <GoalsForm plan={plan} />
        ) : (
          <Typography sx={{ whiteSpace: "pre-wrap" }}>{plan.goals || "—"}</Typography>
        )}
      </Section>
      <Section id="risk-title" title={t("plans.risk.title")}>
        {editable ? <RiskAssessmentEditor plan={plan} /> : <RiskAssessmentView plan={plan} />}
      </Section>
      <Section id="measures-title" title={t("plans.measures.title")}>
        <MeasuresSection plan={plan} editable={editable} />
      </Section>
      {plan.approvals.length ? (
        <Section id="approvals-title" title={t("plans.approval.approvals")}>
          <Box component="ul" sx={{ m: 0, pl: 3 }}>
            {plan.approvals.map((a, i) => (
              <li key={i}>
                {formatDateTime(a.at)} · {t(`steps.${a.step}`)} · {a.approver_name} {t(`decisions.${a.decision}`)}
                {a.comment ? ` — “${a.comment}”` : ""}
              </li>
            ))}
          </Box>
        </Section>
      ) : null}
    </>
  );
}

export default function PlanPage() {
  const { planId = "" } = useParams();
  const { t } = useTranslation();
  const plan = useQuery(planQuery(planId));
  const [params, setParams] = useSearchParams();
  const tab: TabName = TABS.find((x) => x === params.get("tab")) ?? "plan";
  const [focus, setFocus] = useState(0);
  const setTab = (next: TabName) => setParams(next === "plan" ? {} : { tab: next }, { replace: true });
  const { edits, registry } = useUnsavedEdits();
  const blocker = useLeaveGuard(edits.dirty.length > 0);
  const unsavedNames = edits.dirty.map((k) => t(`care.unsaved.parts.${k}`)).join(", ");

  return (
    <QueryState isPending={plan.isPending} error={plan.error}>
      {() => {
        const p = plan.data!;
        const actions = planActions(p);
        const goTo = (action: PlanAction) => {
          if (action === "log_delivery") setTab("deliveries");
          else if (action === "evaluate") setTab("evaluation");
          else {
            setTab("plan");
            setFocus((n) => n + 1);
            setTimeout(() => document.getElementById("decision")?.scrollIntoView({ behavior: "smooth" }), 50);
          }
        };
        return (
          <UnsavedContext.Provider value={registry}>
          <Box data-focus={focus}>
            <PageHeader
              title={`${t("plans.print.title")} ${p.code}`}
              subtitle={
                <>
                  <Link component={RouterLink} to={`/students/${p.student_id}`}>
                    {p.student_name}
                  </Link>
                  {` · ${t("plans.author")}: ${p.author_name}`}
                </>
              }
            />
            <ActionBar plan={p} actions={actions} onGoTo={goTo} edits={edits} />
            <Tabs value={tab} onChange={(_e, v: TabName) => setTab(v)} sx={{ mb: 2 }} className="no-print">
              {TABS.map((name) => (
                <Tab key={name} value={name} label={t(`plans.tabs.${name}`)} id={`tab-${name}`} aria-controls={`panel-${name}`} />
              ))}
            </Tabs>
            <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {/* Kept mounted on the other tabs: its unsaved edits stay. */}
              <Box hidden={tab !== "plan"}>
                <PlanTab plan={p} actions={actions} />
              </Box>
              {tab === "deliveries" ? (
                <>
                  {actions.includes("log_delivery") ? <DeliveryEntry plan={p} /> : null}
                  {p.status !== "active" ? (
                    <Alert severity="info" sx={{ mb: 2 }}>
                      {t("plans.deliveries.onlyActive")}
                    </Alert>
                  ) : null}
                  <DeliveryList plan={p} />
                </>
              ) : null}
              {tab === "evaluation" ? <EvaluationSection plan={p} canEvaluate={actions.includes("evaluate")} /> : null}
              {tab === "notes" ? (
                <NotesSection
                  plan={p}
                  rights={noteRights(p)}
                />
              ) : null}
              {tab === "documents" ? (
                <DocumentsSection plan={p} canUpload={noteRights(p).write} canRestrict={noteRights(p).writeRestricted} />
              ) : null}
              {tab === "history" ? (
                <Paper sx={{ p: 2 }}>
                  <HistoryTimeline planId={p.id} />
                </Paper>
              ) : null}
            </div>
            <ConfirmDialog
              open={blocker.state === "blocked"}
              title={t("care.unsaved.leaveTitle")}
              confirmLabel={t("care.unsaved.leave")}
              danger
              onClose={() => blocker.reset?.()}
              onConfirm={() => blocker.proceed?.()}
            >
              {t("care.unsaved.leaveBody", { parts: unsavedNames })}
            </ConfirmDialog>
          </Box>
          </UnsavedContext.Provider>
        );
      }}
    </QueryState>
  );
}
