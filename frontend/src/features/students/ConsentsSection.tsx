import { Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { schoolYearsQuery } from "../../api/queries/organisation";
import { useGuardianConsentMutations } from "../../api/queries/students";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DateField } from "../../components/DateField";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, formatDateTime, todayIso } from "../../lib/format";

type Guardian = Schemas["GuardianRead"];
type Consent = Schemas["ConsentRead"];

const BY_STUDENT = "student";

function RecordConsentDialog({ studentId, guardians, onClose }: { studentId: string; guardians: Guardian[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { addConsent } = useGuardianConsentMutations(studentId);
  const years = useQuery(schoolYearsQuery());
  const representatives = guardians.filter((g) => g.is_legal_representative && !g.ended_on);
  const today = todayIso();
  const currentYear = (years.data ?? []).find((y) => y.starts_on <= today && today <= y.ends_on);
  const [signer, setSigner] = useState(representatives[0]?.id ?? BY_STUDENT);
  const [givenOn, setGivenOn] = useState<string | null>(today);
  const [yearId, setYearId] = useState("");
  const [document, setDocument] = useState("");
  const chosenYear = yearId || currentYear?.id || "";
  const save = async () => {
    await addConsent.mutateAsync({
      guardian_id: signer === BY_STUDENT ? null : signer,
      given_by_student: signer === BY_STUDENT,
      given_on: givenOn!,
      school_year_id: chosenYear,
      document_reference: document.trim(),
    });
    onClose();
  };
  return (
    <Dialog open onClose={onClose} fullWidth aria-labelledby="consent-dialog-title">
      <DialogTitle id="consent-dialog-title">{t("care.consent.record")}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t("care.consent.recordHelp")}
        </Typography>
        <TextField
          select
          label={t("care.consent.signer")}
          value={signer}
          onChange={(e) => setSigner(e.target.value)}
          fullWidth
          margin="dense"
          slotProps={{ select: { native: true } }}
        >
          {representatives.map((g) => (
            <option key={g.id} value={g.id}>
              {g.full_name} ({t(`relations.${g.relation}`)})
            </option>
          ))}
          <option value={BY_STUDENT}>{t("care.consent.adultStudent")}</option>
        </TextField>
        <Box sx={{ my: 1 }}>
          <DateField label={t("care.consent.givenOn")} value={givenOn ?? ""} onChange={setGivenOn} max={today} required fullWidth />
        </Box>
        <TextField
          select
          label={t("care.consent.schoolYear")}
          value={chosenYear}
          onChange={(e) => setYearId(e.target.value)}
          fullWidth
          margin="dense"
          slotProps={{ select: { native: true } }}
        >
          {(years.data ?? []).map((y) => (
            <option key={y.id} value={y.id}>
              {y.name}
            </option>
          ))}
        </TextField>
        <TextField
          label={t("care.consent.document")}
          helperText={t("care.consent.documentHelp")}
          value={document}
          onChange={(e) => setDocument(e.target.value)}
          fullWidth
          margin="dense"
          required
        />
        <ErrorMessage error={addConsent.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button
          variant="contained"
          onClick={() => void save().catch(() => undefined)}
          disabled={addConsent.isPending || !givenOn || !chosenYear || !document.trim()}
        >
          {t("care.consent.save")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A student's consents, withdrawn ones included (the history); the school records and withdraws them. */
export function ConsentsSection({
  studentId,
  consents,
  guardians,
  canWrite,
}: {
  studentId: string;
  consents: Consent[];
  guardians: Guardian[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { withdrawConsent } = useGuardianConsentMutations(studentId);
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const [reason, setReason] = useState("");
  const hasValid = consents.some((c) => c.valid);
  return (
    <Box>
      {!hasValid ? (
        <Typography sx={{ mb: 1 }} color="warning.main">
          {t("student.noConsent")}
        </Typography>
      ) : null}
      <Box component="ul" sx={{ m: 0, p: 0, listStyle: "none" }} aria-label={t("care.consent.history")}>
        {consents.map((c) => (
          <Box component="li" key={c.id} sx={{ mb: 1.5 }}>
            <Box sx={{ display: "flex", gap: 1, alignItems: "center", flexWrap: "wrap" }}>
              <Chip size="small" color={c.valid ? "success" : "default"} label={c.valid ? t("student.consentValid") : t("student.consentWithdrawn")} />
              <Typography variant="body2">
                {c.school_year_name ?? ""} · {formatDate(c.given_on)} · {c.document_reference} ·{" "}
                {c.given_by_student ? t("student.givenByStudent") : t("student.givenByGuardian")}
                {c.given_by_name ? ` (${c.given_by_name})` : ""}
              </Typography>
              {canWrite && c.valid ? (
                <Button size="small" color="warning" onClick={() => setWithdrawing(c)}>
                  {t("care.consent.withdraw")}
                </Button>
              ) : null}
            </Box>
            {c.withdrawn_at ? (
              <Typography variant="body2" color="text.secondary">
                {t("care.consent.withdrawnOn", { at: formatDateTime(c.withdrawn_at) })}
                {c.withdrawal_reason ? ` — ${c.withdrawal_reason}` : ""}
              </Typography>
            ) : null}
          </Box>
        ))}
      </Box>
      {canWrite ? (
        <Button variant="contained" size="small" sx={{ mt: 1 }} onClick={() => setRecording(true)}>
          {t("care.consent.record")}
        </Button>
      ) : null}
      {recording ? <RecordConsentDialog studentId={studentId} guardians={guardians} onClose={() => setRecording(false)} /> : null}
      <ConfirmDialog
        open={withdrawing !== null}
        title={t("care.consent.withdrawTitle")}
        confirmLabel={t("care.consent.withdraw")}
        danger
        pending={withdrawConsent.isPending}
        error={withdrawConsent.error}
        confirmDisabled={reason.trim().length < 3}
        onClose={() => {
          setWithdrawing(null);
          setReason("");
        }}
        onConfirm={() =>
          void withdrawConsent.mutateAsync({ consentId: withdrawing!.id, reason: reason.trim() }).then(() => {
            setWithdrawing(null);
            setReason("");
          }, () => undefined)
        }
        extra={
          <TextField
            label={t("care.consent.reason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            multiline
            margin="dense"
            required
          />
        }
      >
        {t("care.consent.withdrawBody")}
      </ConfirmDialog>
    </Box>
  );
}
