import UploadFile from "@mui/icons-material/UploadFile";
import { Alert, Box, Button, Paper, Stack, Typography } from "@mui/material";
import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { useImportIndicators, type IndicatorImportResult } from "../../api/queries/indicators";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { ErrorMessage } from "../../components/QueryState";
import { canImportIndicators } from "../../lib/permissions";
import { ImportProblems } from "../../features/integrations/ImportProblems";
import { ImportProgress } from "../../features/integrations/ImportProgress";
import { looksLikeCsv, problemsFromError } from "../../features/integrations/importing";

/** School staff load attendance, grades and behaviour from an e-journal's CSV: a dry run, then the import. */
export default function IndicatorImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const institutionId = me.current.scope_id;
  const upload = useImportIndicators();
  const [file, setFile] = useState<File | null>(null);
  const [notCsv, setNotCsv] = useState(false);
  const [checked, setChecked] = useState<IndicatorImportResult | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  if (!canImportIndicators(me) || !institutionId) return <NotFound />;

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    event.target.value = "";
    upload.reset();
    setChecked(null);
    setJobId(null);
    setNotCsv(chosen !== null && !looksLikeCsv(chosen));
    setFile(chosen && looksLikeCsv(chosen) ? chosen : null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    const answer = await upload.mutateAsync({ file, institutionId, dryRun });
    if ("dry_run" in answer) setChecked(answer);
    else setJobId(answer.id);
  };

  const refused = problemsFromError(upload.error);
  const problems = checked?.problems.length ? checked.problems : refused;

  return (
    <Stack spacing={3}>
      <PageHeader title={t("indicators.import.title")} subtitle={t("indicators.import.subtitle")} />
      <Paper component="section" aria-labelledby="indicator-import-title" sx={{ p: 2 }}>
        <Typography id="indicator-import-title" variant="h6" component="h2">
          {t("indicators.import.fileTitle")}
        </Typography>
        <Typography color="text.secondary">{t("indicators.import.columnsRequired")}</Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t("indicators.import.columnsOptional")}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap", mb: 2 }}>
          <Button component="label" variant="outlined" startIcon={<UploadFile />} disabled={upload.isPending}>
            {t("indicators.import.choose")}
            <input type="file" accept=".csv,text/csv" hidden onChange={choose} />
          </Button>
          <Typography>{file ? file.name : t("indicators.import.noFile")}</Typography>
        </Stack>
        {notCsv ? (
          <Alert severity="error" sx={{ mb: 2 }}>
            {t("indicators.import.notCsv")}
          </Alert>
        ) : null}
        <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
          <Button
            variant="outlined"
            disabled={!file || upload.isPending || Boolean(jobId)}
            onClick={() => void send(true).catch(() => undefined)}
          >
            {t("indicators.import.dryRun")}
          </Button>
          <Button
            variant="contained"
            disabled={!checked?.valid || upload.isPending || Boolean(jobId)}
            onClick={() => void send(false).catch(() => undefined)}
          >
            {t("indicators.import.run")}
          </Button>
        </Stack>
        {checked?.valid && !jobId ? (
          <Alert severity="success" sx={{ mb: 2 }}>
            {t("indicators.import.valid", { rows: checked.total_rows })}
          </Alert>
        ) : null}
        {problems.length ? <ImportProblems problems={problems} /> : upload.error ? <ErrorMessage error={upload.error} /> : null}
        {jobId ? (
          <Box sx={{ mt: 2 }}>
            <ImportProgress jobId={jobId} />
          </Box>
        ) : null}
      </Paper>
    </Stack>
  );
}
