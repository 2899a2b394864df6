import { Box, Button, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";
import { measureTypesQuery, riskGroupsQuery } from "../api/queries/catalogues";
import { planQuery } from "../api/queries/plans";
import { guardiansQuery, studentQuery } from "../api/queries/students";
import { QueryState } from "../components/QueryState";
import { useSemesterLabel } from "../features/plans/labels";
import { period } from "../features/plans/MeasuresSection";
import { formatDate, formatDateTime, formatMoney } from "../lib/format";
import { useCatalogueLabel } from "../lib/label";
import { formatQuantity } from "../lib/quantity";

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" sx={{ mb: 3 }}>
      <Typography variant="h6" component="h2" sx={{ borderBottom: 1, borderColor: "divider", mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** The plan as a document a parent can be handed: plain layout, print stylesheet, signature lines. */
export default function PlanPrintPage() {
  const { planId = "" } = useParams();
  const { t } = useTranslation();
  const label = useCatalogueLabel();
  const semesterLabel = useSemesterLabel();
  const plan = useQuery(planQuery(planId));
  const groups = useQuery(riskGroupsQuery());
  const types = useQuery(measureTypesQuery());
  const studentId = plan.data?.student_id ?? "";
  const student = useQuery({ ...studentQuery(studentId), enabled: Boolean(studentId) });
  const guardians = useQuery({ ...guardiansQuery(studentId), enabled: Boolean(studentId) });

  return (
    <QueryState isPending={plan.isPending} error={plan.error}>
      {() => {
        const p = plan.data!;
        const ra = p.risk_assessment;
        const measures = p.measures.filter((m) => m.status !== "cancelled");
        const s = student.data;
        const representatives = (guardians.data ?? []).filter((g) => g.is_legal_representative && !g.ended_on);
        // The director's approval: the latest approval of the school step.
        const schoolApproval = [...p.approvals].reverse().find((a) => a.step === "school" && a.decision === "approved");
        const evaluation = p.status === "closed" || p.status === "evaluated" ? p.evaluation : null;
        return (
          <>
            <Box className="no-print" sx={{ display: "flex", gap: 1, mb: 2 }}>
              <Button variant="contained" onClick={() => window.print()}>
                {t("common.print")}
              </Button>
              <Button component={RouterLink} to={`/plans/${p.id}`}>
                {t("common.back")}
              </Button>
            </Box>
            <Paper className="print-page" sx={{ p: 4, maxWidth: 900 }}>
              <Typography variant="body2" color="text.secondary">
                {t("plans.print.programme")}
              </Typography>
              <Typography variant="h4" component="h1" sx={{ my: 1 }}>
                {t("plans.print.title")}
              </Typography>
              <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 2, rowGap: 0.5, mb: 3 }}>
                <dt>{t("plans.code")}</dt>
                <dd style={{ margin: 0 }}>{p.code}</dd>
                <dt>{t("plans.student")}</dt>
                <dd style={{ margin: 0 }}>{p.student_name}</dd>
                <dt>{t("students.class")}</dt>
                <dd style={{ margin: 0 }}>{s?.class_label ?? "—"}</dd>
                <dt>{t("students.dateOfBirth")}</dt>
                <dd style={{ margin: 0 }}>{s ? formatDate(s.date_of_birth) : "—"}</dd>
                <dt>{t("student.legalRepresentative")}</dt>
                <dd style={{ margin: 0 }}>{representatives.map((g) => g.full_name).join(", ") || "—"}</dd>
                <dt>{t("student.institution")}</dt>
                <dd style={{ margin: 0 }}>{p.institution_name}</dd>
                <dt>{t("plans.semester")}</dt>
                <dd style={{ margin: 0 }}>{semesterLabel(p.semester)}</dd>
                <dt>{t("plans.author")}</dt>
                <dd style={{ margin: 0 }}>{p.author_name}</dd>
                <dt>{t("plans.status")}</dt>
                <dd style={{ margin: 0 }}>{t(`status.${p.status}`)}</dd>
              </Box>
              <Block title={t("plans.goals")}>
                <Typography sx={{ whiteSpace: "pre-wrap" }}>{p.goals || "—"}</Typography>
              </Block>
              <Block title={t("plans.risk.title")}>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t("plans.risk.factor")}</TableCell>
                      <TableCell>{t("plans.risk.level")}</TableCell>
                      <TableCell>{t("plans.risk.note")}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {ra.rated_factors.map((f, i) => (
                      <TableRow key={f.risk_factor_id ?? i}>
                        <TableCell>
                          {f.hidden
                            ? t("plans.risk.hidden")
                            : `${label(groups.data?.find((g) => g.code === f.group))}: ${label(f)}`}
                        </TableCell>
                        <TableCell>{f.level ? t(`levels.${f.level}`) : "—"}</TableCell>
                        <TableCell>{f.note ?? ""}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                <Typography sx={{ mt: 1 }}>
                  <strong>{t("plans.risk.protective")}:</strong> {ra.protective_factors || "—"}
                </Typography>
                <Typography>
                  <strong>{t("plans.risk.overall")}:</strong> {ra.overall_level ? t(`levels.${ra.overall_level}`) : "—"}
                </Typography>
              </Block>
              <Block title={t("plans.measures.title")}>
                <Table size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>{t("plans.measures.type")}</TableCell>
                      <TableCell>{t("plans.measures.responsible")}</TableCell>
                      <TableCell>{t("plans.measures.quantity")}</TableCell>
                      <TableCell>{t("plans.measures.startsOn")}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {measures.map((m) => (
                      <TableRow key={m.id}>
                        <TableCell>
                          {label(types.data?.find((x) => x.id === m.measure_type_id))}
                          {m.subject ? ` (${m.subject})` : ""}
                        </TableCell>
                        <TableCell>{m.responsible_name ?? m.provider_name ?? "—"}</TableCell>
                        <TableCell>
                          {m.planned_quantity !== null ? formatQuantity(t, m.planned_quantity, m.unit) : ""}
                          {m.planned_amount_eur !== null ? ` ${formatMoney(m.planned_amount_eur)}` : ""}
                        </TableCell>
                        <TableCell>{period(m.starts_on, m.ends_on)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Block>
              {p.approvals.length ? (
                <Block title={t("plans.approval.approvals")}>
                  {p.approvals.map((a, i) => (
                    <Typography key={i} variant="body2">
                      {formatDateTime(a.at)} · {t(`steps.${a.step}`)} · {a.approver_name} {t(`decisions.${a.decision}`)}
                    </Typography>
                  ))}
                </Block>
              ) : null}
              {evaluation ? (
                <Block title={t("plans.evaluation.title")}>
                  <Typography>
                    <strong>{t("plans.evaluation.outcome")}:</strong> {t(`outcomes.${evaluation.outcome}`)} ·{" "}
                    {formatDate(evaluation.at)}
                  </Typography>
                  {evaluation.narrative ? <Typography sx={{ whiteSpace: "pre-wrap", mt: 1 }}>{evaluation.narrative}</Typography> : null}
                </Block>
              ) : null}
              <Block title={t("care.print.directorApproval")}>
                <Typography data-testid="director-approval">
                  {schoolApproval
                    ? t("care.print.approvedBy", { name: schoolApproval.approver_name, date: formatDate(schoolApproval.at) })
                    : t("care.print.notApproved")}
                </Typography>
                <Box sx={{ borderBottom: 1, height: 32, maxWidth: 360 }} />
                <Typography variant="body2">
                  {t("care.print.director")} · {t("plans.print.date")}
                </Typography>
              </Block>
              <Block title={t("plans.print.signatures")}>
                <Box sx={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 4, mt: 3 }}>
                  {(["signAuthor", "signStudent", "signGuardian"] as const).map((who) => (
                    <Box key={who}>
                      <Box sx={{ borderBottom: 1, height: 32 }} />
                      <Typography variant="body2">
                        {t(`plans.print.${who}`)} · {t("plans.print.date")}
                      </Typography>
                      {who === "signGuardian" && representatives.length ? (
                        <Typography variant="body2">{representatives.map((g) => g.full_name).join(", ")}</Typography>
                      ) : null}
                    </Box>
                  ))}
                </Box>
              </Block>
            </Paper>
          </>
        );
      }}
    </QueryState>
  );
}
