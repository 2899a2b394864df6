import { Alert, Box, Chip, Grid, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { classGroupsQuery, institutionsQuery } from "../api/queries/organisation";
import { consentsQuery, enrollmentsQuery, guardiansQuery, studentQuery } from "../api/queries/students";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { StudentRecordActions } from "../features/audit/StudentRecordActions";
import { StudentFlags } from "../features/indicators/StudentFlags";
import { StudentPlans } from "../features/plans/StudentPlans";
import { formatDate } from "../lib/format";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper component="section" sx={{ p: 2, height: "100%" }} aria-label={title}>
      <Typography variant="h6" component="h2" gutterBottom>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

export default function StudentPage() {
  const { studentId = "" } = useParams();
  const { t } = useTranslation();
  const student = useQuery(studentQuery(studentId));
  const guardians = useQuery({ ...guardiansQuery(studentId), enabled: student.isSuccess });
  const consents = useQuery({ ...consentsQuery(studentId), enabled: student.isSuccess });
  const enrollments = useQuery({ ...enrollmentsQuery(studentId), enabled: student.isSuccess });
  const institutions = useQuery(institutionsQuery());
  const classGroups = useQuery({ ...classGroupsQuery(student.data?.institution_id), enabled: student.isSuccess });
  const institutionName = (id: string) => institutions.data?.items.find((i) => i.id === id)?.name ?? "—";
  const classLabel = (id: string | null) => classGroups.data?.items.find((c) => c.id === id)?.label ?? "—";

  return (
    <QueryState isPending={student.isPending} error={student.error}>
      {() => {
        const s = student.data!;
        return (
          <>
            <PageHeader
              title={`${s.given_name} ${s.family_name}`}
              subtitle={[s.class_label, s.institution_name]
                .filter(Boolean)
                .join(" · ")}
              actions={<StudentRecordActions studentId={s.id} />}
            />
            {(s.warnings ?? []).map((w) => (
              <Alert key={w} severity="warning" sx={{ mb: 2 }}>
                {w}
              </Alert>
            ))}
            <Grid container spacing={2}>
              <Grid size={{ xs: 12, md: 6 }}>
                <Section title={t("student.details")}>
                  <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: 1, m: 0 }}>
                    <dt>{t("students.personalCode")}</dt>
                    <dd style={{ margin: 0 }}>{s.personal_code}</dd>
                    <dt>{t("students.dateOfBirth")}</dt>
                    <dd style={{ margin: 0 }}>{formatDate(s.date_of_birth)}</dd>
                    <dt>{t("student.language")}</dt>
                    <dd style={{ margin: 0 }}>{t(`languages.${s.language}`, { defaultValue: s.language })}</dd>
                    <dt>{t("students.class")}</dt>
                    <dd style={{ margin: 0 }}>{s.class_label ?? "—"}</dd>
                  </Box>
                </Section>
              </Grid>
              <Grid size={{ xs: 12, md: 6 }}>
                <Section title={t("student.enrollments")}>
                  <Table size="small">
                    <TableHead>
                      <TableRow>
                        <TableCell>{t("student.institution")}</TableCell>
                        <TableCell>{t("students.class")}</TableCell>
                        <TableCell>{t("student.from")}</TableCell>
                        <TableCell>{t("student.to")}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {(enrollments.data ?? []).map((e) => (
                        <TableRow key={e.id}>
                          <TableCell>{institutionName(e.institution_id)}</TableCell>
                          <TableCell>{classLabel(e.class_group_id)}</TableCell>
                          <TableCell>{formatDate(e.from_date)}</TableCell>
                          <TableCell>
                            {formatDate(e.to_date)}
                            {e.exit_reason ? ` (${t(`exitReasons.${e.exit_reason}`)})` : ""}
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </Section>
              </Grid>
              <Grid size={{ xs: 12, md: 6 }}>
                <Section title={t("student.guardians")}>
                  {(guardians.data ?? []).length === 0 ? <Typography>{t("common.none")}</Typography> : null}
                  {(guardians.data ?? []).map((g) => (
                    <Box key={g.id} sx={{ mb: 1 }}>
                      <Typography sx={{ fontWeight: 600 }}>
                        {g.full_name} · {t(`relations.${g.relation}`)}
                        {g.is_legal_representative ? (
                          <Chip size="small" sx={{ ml: 1 }} label={t("student.legalRepresentative")} />
                        ) : null}
                      </Typography>
                      <Typography variant="body2">{[g.phone, g.email].filter(Boolean).join(" · ") || "—"}</Typography>
                    </Box>
                  ))}
                </Section>
              </Grid>
              <Grid size={{ xs: 12, md: 6 }}>
                <Section title={t("student.consents")}>
                  {(consents.data ?? []).length === 0 ? <Typography>{t("student.noConsent")}</Typography> : null}
                  {(consents.data ?? []).map((c) => (
                    <Box key={c.id} sx={{ mb: 1, display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap" }}>
                      <Chip
                        size="small"
                        color={c.valid ? "success" : "default"}
                        label={c.valid ? t("student.consentValid") : t("student.consentWithdrawn")}
                      />
                      <Typography variant="body2">
                        {formatDate(c.given_on)} · {c.document_reference} ·{" "}
                        {c.given_by_student ? t("student.givenByStudent") : t("student.givenByGuardian")}
                      </Typography>
                    </Box>
                  ))}
                </Section>
              </Grid>
              <Grid size={12}>
                <StudentFlags studentId={s.id} />
              </Grid>
              <Grid size={12}>
                <StudentPlans student={s} />
              </Grid>
            </Grid>
          </>
        );
      }}
    </QueryState>
  );
}
