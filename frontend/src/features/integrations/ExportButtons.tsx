import Download from "@mui/icons-material/Download";
import { Button, Paper, Stack, Typography } from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { exportCsv, type ExportKind } from "../../api/queries/integrations";
import { useMe } from "../../auth/SessionProvider";
import { ErrorMessage } from "../../components/QueryState";
import { canExportPlanStatuses, canExportStudents } from "../../lib/permissions";
import { saveFile } from "../../lib/download";

/** Downloads of the caller's scope as CSV: students (audited as an export) and plan statuses. */
export function ExportButtons() {
  const { t } = useTranslation();
  const me = useMe();
  const download = useMutation({
    mutationFn: async (kind: ExportKind) => {
      const file = await exportCsv(kind);
      saveFile(file.blob, file.fileName ?? `${kind}.csv`);
    },
  });
  const kinds: ExportKind[] = [
    ...(canExportStudents(me) ? (["students"] as const) : []),
    ...(canExportPlanStatuses(me) ? (["plan-statuses"] as const) : []),
  ];
  if (!kinds.length) return null;

  return (
    <Paper component="section" aria-labelledby="exports-title" sx={{ p: 2 }}>
      <Typography id="exports-title" variant="h6" component="h2">
        {t("integrations.exports.title")}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t("integrations.exports.help")}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap" }}>
        {kinds.map((kind) => (
          <Button
            key={kind}
            variant="outlined"
            startIcon={<Download />}
            disabled={download.isPending}
            onClick={() => download.mutate(kind)}
          >
            {t(kind === "students" ? "integrations.exports.students" : "integrations.exports.planStatuses")}
          </Button>
        ))}
      </Stack>
      <ErrorMessage error={download.error} />
    </Paper>
  );
}
