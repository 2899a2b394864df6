import { Box, Button, Checkbox, Chip, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, TextField, Typography } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { guardianRelationValues } from "../../api/generated/schema";
import { useGuardianConsentMutations } from "../../api/queries/students";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate } from "../../lib/format";

type Guardian = Schemas["GuardianRead"];
type Relation = Schemas["GuardianRelation"];

interface FormState {
  full_name: string;
  relation: Relation;
  phone: string;
  email: string;
  is_legal_representative: boolean;
}

const EMPTY: FormState = { full_name: "", relation: "mother", phone: "", email: "", is_legal_representative: true };

function GuardianDialog({ studentId, guardian, onClose }: { studentId: string; guardian: Guardian | null; onClose: () => void }) {
  const { t } = useTranslation();
  const m = useGuardianConsentMutations(studentId);
  const [form, setForm] = useState<FormState>(
    guardian
      ? {
          full_name: guardian.full_name,
          relation: guardian.relation,
          phone: guardian.phone ?? "",
          email: guardian.email ?? "",
          is_legal_representative: guardian.is_legal_representative,
        }
      : EMPTY,
  );
  const mutation = guardian ? m.updateGuardian : m.addGuardian;
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const save = async () => {
    const body = {
      full_name: form.full_name.trim(),
      relation: form.relation,
      phone: form.phone.trim() || null,
      email: form.email.trim() || null,
      is_legal_representative: form.is_legal_representative,
    };
    if (guardian) await m.updateGuardian.mutateAsync({ guardianId: guardian.id, body });
    else await m.addGuardian.mutateAsync(body);
    onClose();
  };
  const title = guardian ? t("care.guardian.edit") : t("care.guardian.add");
  return (
    <Dialog open onClose={onClose} fullWidth aria-labelledby="guardian-dialog-title">
      <DialogTitle id="guardian-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <TextField label={t("care.guardian.name")} value={form.full_name} onChange={(e) => set({ full_name: e.target.value })} fullWidth margin="dense" required />
        <TextField
          select
          label={t("care.guardian.relation")}
          value={form.relation}
          onChange={(e) => set({ relation: e.target.value as Relation })}
          fullWidth
          margin="dense"
          slotProps={{ select: { native: true } }}
        >
          {guardianRelationValues.map((r) => (
            <option key={r} value={r}>
              {t(`relations.${r}`)}
            </option>
          ))}
        </TextField>
        <TextField label={t("care.guardian.phone")} value={form.phone} onChange={(e) => set({ phone: e.target.value })} fullWidth margin="dense" />
        <TextField label={t("care.guardian.email")} value={form.email} onChange={(e) => set({ email: e.target.value })} fullWidth margin="dense" />
        <FormControlLabel
          control={<Checkbox checked={form.is_legal_representative} onChange={(e) => set({ is_legal_representative: e.target.checked })} />}
          label={t("student.legalRepresentative")}
        />
        <ErrorMessage error={mutation.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button variant="contained" onClick={() => void save().catch(() => undefined)} disabled={mutation.isPending || form.full_name.trim().length < 2}>
          {t("common.save")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A student's guardians (legal representatives and contacts): the school adds, corrects and ends them. */
export function GuardiansSection({ studentId, guardians, canWrite }: { studentId: string; guardians: Guardian[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const m = useGuardianConsentMutations(studentId);
  const [editing, setEditing] = useState<Guardian | "new" | null>(null);
  const [ending, setEnding] = useState<Guardian | null>(null);
  const [reason, setReason] = useState("");
  const current = guardians.filter((g) => !g.ended_on);
  const former = guardians.filter((g) => g.ended_on);
  const closeEnding = () => {
    setEnding(null);
    setReason("");
  };
  return (
    <Box>
      {current.length === 0 ? <Typography>{t("common.none")}</Typography> : null}
      {current.map((g) => (
        <Box key={g.id} sx={{ mb: 1, display: "flex", gap: 1, alignItems: "flex-start", flexWrap: "wrap" }}>
          <Box sx={{ flexGrow: 1 }}>
            <Typography sx={{ fontWeight: 600 }}>
              {g.full_name} · {t(`relations.${g.relation}`)}
              {g.is_legal_representative ? <Chip size="small" sx={{ ml: 1 }} label={t("student.legalRepresentative")} /> : null}
            </Typography>
            <Typography variant="body2">{[g.phone, g.email].filter(Boolean).join(" · ") || "—"}</Typography>
          </Box>
          {canWrite ? (
            <Box sx={{ display: "flex", gap: 1 }}>
              <Button size="small" onClick={() => setEditing(g)} aria-label={`${t("care.guardian.correct")}: ${g.full_name}`}>
                {t("care.guardian.correct")}
              </Button>
              <Button size="small" color="error" onClick={() => setEnding(g)} aria-label={`${t("care.guardian.end")}: ${g.full_name}`}>
                {t("care.guardian.end")}
              </Button>
            </Box>
          ) : null}
        </Box>
      ))}
      {canWrite ? (
        <Button variant="outlined" size="small" sx={{ mt: 1 }} onClick={() => setEditing("new")}>
          {t("care.guardian.add")}
        </Button>
      ) : null}
      {former.length > 0 ? (
        <Box sx={{ mt: 2 }}>
          <Typography component="h3" variant="subtitle2">
            {t("care.guardian.former")}
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {former.map((g) => (
              <li key={g.id}>
                <Typography variant="body2" color="text.secondary">
                  {g.full_name} · {t(`relations.${g.relation}`)} — {t("care.guardian.endedOn", { date: formatDate(g.ended_on) })}
                  {g.end_reason ? `: ${g.end_reason}` : ""}
                </Typography>
              </li>
            ))}
          </Box>
        </Box>
      ) : null}
      {editing ? <GuardianDialog studentId={studentId} guardian={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={ending !== null}
        title={t("care.guardian.endTitle", { name: ending?.full_name ?? "" })}
        confirmLabel={t("care.guardian.end")}
        danger
        pending={m.endGuardian.isPending}
        error={m.endGuardian.error}
        onClose={closeEnding}
        confirmDisabled={reason.trim().length < 3}
        extra={
          <TextField
            label={t("care.guardian.endReason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            margin="dense"
            required
            multiline
          />
        }
        onConfirm={() =>
          void m.endGuardian.mutateAsync({ guardianId: ending!.id, body: { reason: reason.trim() } }).then(closeEnding, () => undefined)
        }
      >
        {t("care.guardian.endBody")}
      </ConfirmDialog>
    </Box>
  );
}
