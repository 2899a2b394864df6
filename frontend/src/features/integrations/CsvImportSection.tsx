import UploadFile from "@mui/icons-material/UploadFile";
import { Alert, Box, Button, Paper, Stack, Typography } from "@mui/material";
import { useId, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ImportProblem } from "../../api/queries/integrations";
import { ErrorMessage } from "../../components/QueryState";
import { ImportProblems } from "./ImportProblems";
import { ImportProgress } from "./ImportProgress";
import { looksLikeCsv, problemsFromError } from "./importing";

/** What a dry run answers: whether the file would be accepted, and every problem by row and column. */
interface DryRunAnswer {
  dry_run: boolean;
  valid: boolean;
  total_rows: number;
  problems: readonly ImportProblem[];
}

interface ImportArgs {
  file: File;
  institutionId: string;
  dryRun: boolean;
}

/** The upload mutation of an import: a dry run answers at once, a real import answers its job. */
interface Upload<A extends DryRunAnswer> {
  mutateAsync: (args: ImportArgs) => Promise<A | { id: string }>;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

interface CsvImportSectionProps<A extends DryRunAnswer> {
  upload: Upload<A>;
  institutionId: string;
  /** The i18n prefix of the section's texts (title, columns, buttons, messages). */
  texts: "integrations.import" | "indicators.import";
}

/** A CSV import in two steps — a dry run that lists every problem, then the all-or-nothing import
 * with its progress bar — used by the student import and the indicator import. */
export function CsvImportSection<A extends DryRunAnswer>({ upload, institutionId, texts }: CsvImportSectionProps<A>) {
  const { t } = useTranslation();
  const titleId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [notCsv, setNotCsv] = useState(false);
  const [checked, setChecked] = useState<A | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    // The same file may be chosen again after it was corrected.
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
    <Paper component="section" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Typography id={titleId} variant="h6" component="h2">
        {t(`${texts}.fileTitle`)}
      </Typography>
      <Typography color="text.secondary">{t(`${texts}.columnsRequired`)}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t(`${texts}.columnsOptional`)}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap", mb: 2 }}>
        <Button component="label" variant="outlined" startIcon={<UploadFile />} disabled={upload.isPending}>
          {t(`${texts}.choose`)}
          <input type="file" accept=".csv,text/csv" hidden onChange={choose} />
        </Button>
        <Typography>{file ? file.name : t(`${texts}.noFile`)}</Typography>
      </Stack>
      {notCsv ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t(`${texts}.notCsv`)}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        <Button
          variant="outlined"
          disabled={!file || upload.isPending || Boolean(jobId)}
          onClick={() => void send(true).catch(() => undefined)}
        >
          {t(`${texts}.dryRun`)}
        </Button>
        <Button
          variant="contained"
          disabled={!checked?.valid || upload.isPending || Boolean(jobId)}
          onClick={() => void send(false).catch(() => undefined)}
        >
          {t(`${texts}.run`)}
        </Button>
      </Stack>
      {checked?.valid && !jobId ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {t(`${texts}.valid`, { rows: checked.total_rows, count: checked.total_rows })}
        </Alert>
      ) : null}
      {problems.length ? (
        <ImportProblems problems={problems} />
      ) : upload.error ? (
        <ErrorMessage error={upload.error} />
      ) : null}
      {jobId ? (
        <Box sx={{ mt: 2 }}>
          <ImportProgress jobId={jobId} />
        </Box>
      ) : null}
    </Paper>
  );
}
