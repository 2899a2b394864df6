import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { useInviteUser } from "../../api/queries/accounts";
import { institutionsQuery, municipalitiesQuery } from "../../api/queries/organisation";
import { ErrorMessage } from "../../components/QueryState";

type Role = Schemas["Role"];
type ScopeType = Schemas["ScopeType"];

interface InviteUserDialogProps {
  open: boolean;
  onClose: () => void;
  /** The roles the signed-in person may grant, as the API's role rules say. */
  grantable: readonly Role[];
  /** The scope a role is granted in, as the API's role rules say. */
  scopeOf: (role: Role) => ScopeType | undefined;
  /** The scope chosen at first (the institution or municipality whose page the dialog opens on). */
  defaultScopeId?: string;
}

/** A new user without a password: they get an e-mail with a link to set one. */
export function InviteUserDialog({ open, onClose, grantable, scopeOf, defaultScopeId = "" }: InviteUserDialogProps) {
  const { t } = useTranslation();
  const invite = useInviteUser();
  const institutions = useQuery(institutionsQuery());
  const municipalities = useQuery(municipalitiesQuery());
  const roles = grantable;
  const [fullName, setFullName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [scopeId, setScopeId] = useState(defaultScopeId);
  const scope = role ? scopeOf(role) : null;
  const scopes =
    scope === "institution"
      ? (institutions.data?.items ?? [])
      : scope === "municipality"
        ? (municipalities.data?.items ?? [])
        : [];

  const close = () => {
    invite.reset();
    setFullName("");
    setEmail("");
    setRole("");
    setScopeId(defaultScopeId);
    onClose();
  };

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
      <DialogTitle>{t("accounts.invite.title")}</DialogTitle>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!role) return;
          invite.mutate({
            full_name: fullName,
            email,
            assignment: { role, scope_id: scope === "national" ? null : scopeId || null },
          });
        }}
      >
        <DialogContent>
          {invite.isSuccess ? (
            <Alert severity="success" role="status">
              {t("accounts.invite.sent", { email: invite.data.email })}
            </Alert>
          ) : (
            <>
              <ErrorMessage error={invite.error} />
              <TextField label={t("users.fullName")} fullWidth margin="dense" value={fullName} onChange={(e) => setFullName(e.target.value)} />
              <TextField label={t("auth.email")} type="email" fullWidth margin="dense" value={email} onChange={(e) => setEmail(e.target.value)} />
              <TextField select label={t("users.role")} fullWidth margin="dense" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((r) => (
                  <MenuItem key={r} value={r}>
                    {t(`roles.${r}`)}
                  </MenuItem>
                ))}
              </TextField>
              {scopes.length ? (
                <TextField select label={t("users.scope")} fullWidth margin="dense" value={scopeId} onChange={(e) => setScopeId(e.target.value)}>
                  {scopes.map((s) => (
                    <MenuItem key={s.id} value={s.id}>
                      {s.name}
                    </MenuItem>
                  ))}
                </TextField>
              ) : null}
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{invite.isSuccess ? t("common.close") : t("common.cancel")}</Button>
          {invite.isSuccess ? null : (
            <Button type="submit" variant="contained" disabled={!role || invite.isPending}>
              {t("accounts.invite.submit")}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
