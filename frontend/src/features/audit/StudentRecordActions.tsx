import Download from "@mui/icons-material/Download";
import ManageSearch from "@mui/icons-material/ManageSearch";
import { Button } from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { subjectAccessFile } from "../../api/queries/audit";
import { useMe } from "../../auth/SessionProvider";
import { ErrorMessage } from "../../components/QueryState";
import { saveFile } from "../../lib/download";
import { canExportSubjectAccess, canReadAudit } from "../../lib/permissions";

/** On a student's page: the student's audit trail, and the subject-access export (GDPR Art. 15). */
export function StudentRecordActions({ studentId }: { studentId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const download = useMutation({
    mutationFn: async (format: "pdf" | "json") => {
      const file = await subjectAccessFile(studentId, format);
      saveFile(file.blob, file.fileName ?? `subject-access.${format}`);
    },
  });
  return (
    <>
      {canReadAudit(me) ? (
        <Button component={RouterLink} to={`/audit?student_id=${studentId}`} startIcon={<ManageSearch />}>
          {t("audit.studentTrail")}
        </Button>
      ) : null}
      {canExportSubjectAccess(me)
        ? (["pdf", "json"] as const).map((format) => (
            <Button
              key={format}
              variant="outlined"
              startIcon={<Download />}
              disabled={download.isPending}
              onClick={() => download.mutate(format)}
            >
              {t(format === "pdf" ? "audit.subjectAccessPdf" : "audit.subjectAccessJson")}
            </Button>
          ))
        : null}
      <ErrorMessage error={download.error} />
    </>
  );
}
