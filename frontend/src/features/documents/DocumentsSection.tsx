import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  MenuItem,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import {
  downloadDocument,
  planDocumentsQuery,
  useDocumentMutations,
  type DocumentKind,
  type DocumentRead,
} from "../../api/queries/documents";
import { deliveriesQuery, type Plan } from "../../api/queries/plans";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { formatDate, formatDateTime } from "../../lib/format";

const KINDS: DocumentKind[] = ["signed_plan", "specialist_summary", "consent", "receipt", "ticket", "other"];
const MAX_MB = 10;

function useDeliveries(plan: Plan) {
  const results = useQueries({ queries: plan.measures.map((m) => deliveriesQuery(m.id)) });
  return results.flatMap((r) => r.data ?? []);
}

function UploadForm({ plan, canRestrict }: { plan: Plan; canRestrict: boolean }) {
  const { t } = useTranslation();
  const { upload } = useDocumentMutations(plan.id);
  const deliveries = useDeliveries(plan);
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<DocumentKind>("signed_plan");
  const [deliveryId, setDeliveryId] = useState("");
  const [restricted, setRestricted] = useState(false);
  const [tooLarge, setTooLarge] = useState(false);

  const submit = async () => {
    if (!file) return;
    await upload.mutateAsync({ file, kind, restricted, deliveryId: deliveryId || undefined });
    setFile(null);
    setRestricted(false);
    if (fileRef.current) fileRef.current.value = "";
  };
  const fileError =
    upload.error instanceof ApiError ? upload.error.fieldErrors.find((e) => e.loc.includes("file"))?.msg : undefined;

  return (
    <Box
      component="form"
      noValidate
      aria-labelledby="document-upload-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit().catch(() => undefined);
      }}
      sx={{ display: "flex", gap: 2, flexWrap: "wrap", alignItems: "center", mb: 2 }}
    >
      <Typography id="document-upload-title" variant="subtitle1" component="h3" sx={{ width: "100%", fontWeight: 600 }}>
        {t("documents.upload")}
      </Typography>
      <Button variant="outlined" component="label">
        {t("documents.chooseFile")}
        <input
          ref={fileRef}
          hidden
          type="file"
          accept="application/pdf,image/jpeg,image/png"
          aria-label={t("documents.file")}
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            setTooLarge(Boolean(chosen && chosen.size > MAX_MB * 1024 * 1024));
            setFile(chosen);
          }}
        />
      </Button>
      <Typography variant="body2" data-testid="chosen-file">
        {file ? file.name : t("documents.noFile")}
      </Typography>
      <TextField select size="small" label={t("documents.kind")} value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)} sx={{ minWidth: 220 }}>
        {KINDS.map((k) => (
          <MenuItem key={k} value={k}>
            {t(`documents.kinds.${k}`)}
          </MenuItem>
        ))}
      </TextField>
      {deliveries.length ? (
        <TextField select size="small" label={t("documents.delivery")} value={deliveryId} onChange={(e) => setDeliveryId(e.target.value)} sx={{ minWidth: 220 }}>
          <MenuItem value="">{t("documents.wholePlan")}</MenuItem>
          {deliveries.map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {formatDate(d.delivered_on)}
              {d.evidence_reference ? ` · ${d.evidence_reference}` : ""}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      {canRestrict ? (
        <FormControlLabel
          control={<Checkbox checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />}
          label={t("documents.restricted")}
        />
      ) : null}
      <Button type="submit" variant="contained" disabled={!file || tooLarge || upload.isPending}>
        {t("documents.uploadButton")}
      </Button>
      {tooLarge ? <Alert severity="error">{t("documents.tooLarge", { mb: MAX_MB })}</Alert> : null}
      {fileError ? (
        <Alert severity="error" role="alert" sx={{ width: "100%" }}>
          {t("documents.refused")}
        </Alert>
      ) : (
        <ErrorMessage error={upload.error} />
      )}
      {upload.isSuccess ? <Alert severity="success">{t("documents.uploaded")}</Alert> : null}
    </Box>
  );
}

function DocumentRow({ doc, plan, canRemove }: { doc: DocumentRead; plan: Plan; canRemove: boolean }) {
  const { t } = useTranslation();
  const { remove } = useDocumentMutations(plan.id);
  const [failed, setFailed] = useState(false);
  const removed = doc.removed_at !== null;
  return (
    <TableRow>
      <TableCell>{removed ? <s>{doc.filename}</s> : doc.filename}</TableCell>
      <TableCell>{t(`documents.kinds.${doc.kind}`)}</TableCell>
      <TableCell>{formatDateTime(doc.created_at)}</TableCell>
      <TableCell>
        {removed ? t("documents.removedAt", { at: formatDateTime(doc.removed_at!) }) : doc.restricted ? t("documents.restrictedShort") : ""}
      </TableCell>
      <TableCell align="right">
        {removed ? null : (
          <>
            <Button size="small" onClick={() => void downloadDocument(doc).catch(() => setFailed(true))}>
              {t("documents.download")}
              <Box component="span" sx={visuallyHidden}>{` ${doc.filename}`}</Box>
            </Button>
            {canRemove ? (
              <Button size="small" color="error" onClick={() => remove.mutate(doc.id)} disabled={remove.isPending}>
                {t("documents.remove")}
                <Box component="span" sx={visuallyHidden}>{` ${doc.filename}`}</Box>
              </Button>
            ) : null}
          </>
        )}
        {failed ? <Typography role="alert" color="error" variant="body2">{t("errors.unexpected")}</Typography> : null}
      </TableCell>
    </TableRow>
  );
}

const visuallyHidden = {
  border: 0,
  clip: "rect(0 0 0 0)",
  height: "1px",
  margin: "-1px",
  overflow: "hidden",
  padding: 0,
  position: "absolute",
  whiteSpace: "nowrap",
  width: "1px",
} as const;

/** The plan's paper trail: documents of the plan, its deliveries and consent; removed ones stay
 * as history. */
export function DocumentsSection({ plan, canUpload, canRestrict }: { plan: Plan; canUpload: boolean; canRestrict: boolean }) {
  const { t } = useTranslation();
  const docs = useQuery(planDocumentsQuery(plan.id));
  return (
    <Paper component="section" aria-labelledby="documents-title" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" id="documents-title" gutterBottom>
        {t("documents.title")}
      </Typography>
      {canUpload && plan.status !== "closed" ? <UploadForm plan={plan} canRestrict={canRestrict} /> : null}
      <QueryState isPending={docs.isPending} error={docs.error}>
        {() =>
          docs.data!.length === 0 ? (
            <Typography color="text.secondary">{t("documents.none")}</Typography>
          ) : (
            <Table size="small" aria-labelledby="documents-title">
              <TableHead>
                <TableRow>
                  <TableCell>{t("documents.file")}</TableCell>
                  <TableCell>{t("documents.kind")}</TableCell>
                  <TableCell>{t("documents.uploadedAt")}</TableCell>
                  <TableCell>{t("documents.state")}</TableCell>
                  <TableCell align="right">{t("documents.actions")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {docs.data!.map((doc) => (
                  <DocumentRow key={doc.id} doc={doc} plan={plan} canRemove={canUpload} />
                ))}
              </TableBody>
            </Table>
          )
        }
      </QueryState>
    </Paper>
  );
}
