import { Alert, Box, LinearProgress, Stack, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { importJobQuery } from "../../api/queries/integrations";
import { ErrorMessage } from "../../components/QueryState";
import { formatNumber } from "../../lib/format";
import { ImportProblems } from "./ImportProblems";
import { progressPercent } from "./importing";

/** Follows a running import until it ends: a progress bar, then the counts. */
export function ImportProgress({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const job = useQuery(importJobQuery(jobId));
  if (job.error) return <ErrorMessage error={job.error} />;
  if (!job.data) return <LinearProgress aria-label={t("integrations.import.progress")} />;

  const { status, processed_rows, total_rows, created_rows } = job.data;
  const percent = progressPercent(job.data);
  return (
    <Stack spacing={2}>
      <Box>
        <LinearProgress
          variant="determinate"
          value={percent}
          color={status === "failed" ? "error" : "primary"}
          aria-label={t("integrations.import.progress")}
          sx={{ height: 10, borderRadius: 1 }}
        />
        <Typography sx={{ mt: 1 }} role="status">
          {t("integrations.import.processed", {
            processed: formatNumber(processed_rows),
            total: formatNumber(total_rows),
            percent,
          })}
        </Typography>
      </Box>
      {status === "succeeded" ? (
        <Alert severity="success">
          {t("integrations.import.succeeded", { created: formatNumber(created_rows), total: formatNumber(total_rows) })}
        </Alert>
      ) : null}
      {status === "failed" ? (
        <>
          <Alert severity="error">{t("integrations.import.failed", { error: job.data.error ?? "" })}</Alert>
          {job.data.problems.length ? <ImportProblems problems={job.data.problems} /> : null}
        </>
      ) : null}
    </Stack>
  );
}
