import { Stack } from "@mui/material";
import { useTranslation } from "react-i18next";
import { useImportIndicators } from "../../api/queries/indicators";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { canImportIndicators } from "../../lib/permissions";
import { CsvImportSection } from "../../features/integrations/CsvImportSection";

/** School staff load attendance, grades and behaviour from an e-journal's CSV: a dry run, then the import. */
export default function IndicatorImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const institutionId = me.current.scope_id;
  const upload = useImportIndicators();

  if (!canImportIndicators(me) || !institutionId) return <NotFound />;

  return (
    <Stack spacing={3}>
      <PageHeader title={t("indicators.import.title")} subtitle={t("indicators.import.subtitle")} />
      <CsvImportSection upload={upload} institutionId={institutionId} texts="indicators.import" />
    </Stack>
  );
}
