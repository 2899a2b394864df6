import { Stack } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useImportStudents } from "../../api/queries/integrations";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { canImportStudents } from "../../lib/permissions";
import { CsvImportSection } from "../../features/integrations/CsvImportSection";
import { ExportButtons } from "../../features/integrations/ExportButtons";

/** School staff import students from an e-journal's CSV: a dry run first, then the real import. */
export default function StudentImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const institutionId = me.current.scope_id;
  const upload = useImportStudents();

  if (!canImportStudents(me) || !institutionId) return <NotFound />;

  return (
    <Stack spacing={3}>
      <PageHeader title={t("integrations.import.title")} subtitle={t("integrations.import.subtitle")} />
      <CsvImportSection upload={upload} institutionId={institutionId} texts="integrations.import" />
      <ExportButtons />
    </Stack>
  );
}
