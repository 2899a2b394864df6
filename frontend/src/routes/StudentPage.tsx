import { Alert, Box, Grid, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useParams } from "react-router";
import { classGroupsQuery, institutionsQuery } from "../api/queries/organisation";
import { consentsQuery, enrollmentsQuery, guardiansQuery, studentQuery } from "../api/queries/students";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { StudentRecordActions } from "../features/audit/StudentRecordActions";
import { StudentFlags } from "../features/indicators/StudentFlags";
import { StudentPlans } from "../features/plans/StudentPlans";
import { ConsentsSection } from "../features/students/ConsentsSection";
import { GuardiansSection } from "../features/students/GuardiansSection";
import { useMe } from "../auth/SessionProvider";
import { canWriteGuardiansConsents } from "../lib/permissions";
import { formatDate } from "../lib/format";

function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <Paper component="section" sx={{ p: 2, height: "100%", scrollMarginTop: 80 }} aria-label={title} id={id}>
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
  const me = useMe();
  const mayWrite = canWriteGuardiansConsents(me);
  const student = useQuery(studentQuery(studentId));
  const guardians = useQuery({ ...guardiansQuery(studentId), enabled: student.isSuccess });
  const consents = useQuery({ ...consentsQuery(studentId), enabled: student.isSuccess });
  const enrollments = useQuery({ ...enrollmentsQuery(studentId), enabled: student.isSuccess });
  const institutions = useQuery(institutionsQuery());
  const { hash } = useLocation();
  const loaded = guardians.isSuccess && consents.isSuccess;
  useEffect(() => {
    // A link to "#consents" (from a plan's checklist) lands on the section once it is there.
    if (loaded && hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [loaded, hash]);
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
                <Section title={t("student.guardians")} id="guardians">
                  <GuardiansSection studentId={s.id} guardians={guardians.data ?? []} canWrite={mayWrite} />
                </Section>
              </Grid>
              <Grid size={{ xs: 12, md: 6 }}>
                <Section title={t("student.consents")} id="consents">
                  <ConsentsSection
                    studentId={s.id}
                    consents={consents.data ?? []}
                    guardians={guardians.data ?? []}
                    canWrite={mayWrite}
                  />
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
