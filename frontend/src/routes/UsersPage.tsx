import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Paper,
  TextField,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../api/client";
import { institutionsQuery, municipalitiesQuery } from "../api/queries/organisation";
import { useCreateUser, useEndRole, useGrantRole, userListQuery } from "../api/queries/users";
import { PageHeader } from "../components/PageHeader";
import { ErrorMessage } from "../components/QueryState";
import { ServerTable, type Column } from "../components/ServerTable";
import { InviteUserDialog } from "../features/accounts/InviteUserDialog";
import { useRoleRules } from "../features/admin/roles";
import { formatDateTime } from "../lib/format";
import { useCursorPages } from "../lib/useCursorPages";
import { useDebounced } from "../lib/useDebounced";
import { userCreateSchema, type UserCreateValues } from "../lib/validation";

type User = Schemas["UserRead"];
type Role = Schemas["Role"];

function useScopeOptions(scopeOf: (role: Role) => Schemas["ScopeType"] | undefined) {
  const institutions = useQuery(institutionsQuery());
  const municipalities = useQuery(municipalitiesQuery());
  return (role: Role | "") => {
    if (!role) return [];
    const scope = scopeOf(role);
    if (scope === "institution") return (institutions.data?.items ?? []).map((i) => ({ id: i.id, name: i.name }));
    if (scope === "municipality") return (municipalities.data?.items ?? []).map((m) => ({ id: m.id, name: m.name }));
    return [];
  };
}

function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const rules = useRoleRules();
  const scopeOptions = useScopeOptions(rules.scopeOf);
  const form = useForm<UserCreateValues>({
    resolver: zodResolver(userCreateSchema),
    defaultValues: { full_name: "", email: "", password: "", role: "", scope_id: "" },
  });
  const role = form.watch("role") as Role | "";
  const { errors } = form.formState;
  const message = (key?: string) => (key ? t(key) : " ");

  const submit = form.handleSubmit(async (values) => {
    await create.mutateAsync({
      full_name: values.full_name,
      email: values.email,
      password: values.password,
      assignment: { role: values.role as Role, scope_id: values.scope_id || null },
    });
    form.reset();
    onClose();
  });

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t("users.create")}</DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent>
          <ErrorMessage error={create.error ?? rules.error} />
          <TextField {...form.register("full_name")} label={t("users.fullName")} fullWidth margin="dense" error={Boolean(errors.full_name)} helperText={message(errors.full_name?.message)} />
          <TextField {...form.register("email")} label={t("auth.email")} type="email" fullWidth margin="dense" error={Boolean(errors.email)} helperText={message(errors.email?.message)} />
          <TextField {...form.register("password")} label={t("users.initialPassword")} type="password" autoComplete="new-password" fullWidth margin="dense" error={Boolean(errors.password)} helperText={message(errors.password?.message)} />
          <Controller
            control={form.control}
            name="role"
            render={({ field }) => (
              <TextField {...field} select label={t("users.role")} fullWidth margin="dense" error={Boolean(errors.role)} helperText={message(errors.role?.message)}>
                {rules.grantable.map((r) => (
                  <MenuItem key={r.role} value={r.role}>
                    {t(r.label_key)}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
          {role && rules.scopeOf(role) !== "national" ? (
            <Controller
              control={form.control}
              name="scope_id"
              render={({ field }) => (
                <TextField {...field} select label={t("users.scope")} fullWidth margin="dense">
                  {scopeOptions(role).map((o) => (
                    <MenuItem key={o.id} value={o.id}>
                      {o.name}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("common.save")}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

function GrantRoleDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const grant = useGrantRole();
  const rules = useRoleRules();
  const scopeOptions = useScopeOptions(rules.scopeOf);
  const [role, setRole] = useState<Role | "">("");
  const [scopeId, setScopeId] = useState("");
  useEffect(() => {
    setRole("");
    setScopeId("");
    grant.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);

  const save = async () => {
    if (!user || !role) return;
    await grant.mutateAsync({ userId: user.id, body: { role, scope_id: scopeId || null } });
    onClose();
  };

  return (
    <Dialog open={user !== null} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t("users.grantFor", { name: user?.full_name ?? "" })}</DialogTitle>
      <DialogContent>
        <ErrorMessage error={grant.error ?? rules.error} />
        <TextField select label={t("users.role")} value={role} onChange={(e) => setRole(e.target.value as Role)} fullWidth margin="dense">
          {rules.grantable.map((r) => (
            <MenuItem key={r.role} value={r.role}>
              {t(r.label_key)}
            </MenuItem>
          ))}
        </TextField>
        {role && rules.scopeOf(role) !== "national" ? (
          <TextField select label={t("users.scope")} value={scopeId} onChange={(e) => setScopeId(e.target.value)} fullWidth margin="dense">
            {scopeOptions(role).map((o) => (
              <MenuItem key={o.id} value={o.id}>
                {o.name}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button variant="contained" disabled={!role || grant.isPending} onClick={() => void save()}>
          {t("users.grant")}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export default function UsersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const filters = { q: q || undefined };
  const users = useCursorPages((page) => userListQuery({ ...filters, ...page }), filters);
  const endRole = useEndRole();
  const [creating, setCreating] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [granting, setGranting] = useState<User | null>(null);
  const rules = useRoleRules();
  const scopeOptions = useScopeOptions(rules.scopeOf);

  const scopeName = (role: Role, id: string | null) =>
    id ? (scopeOptions(role).find((o) => o.id === id)?.name ?? "") : t("users.national");

  const columns = useMemo<Column<User>[]>(
    () => [
      { field: "full_name", headerName: t("users.fullName"), flex: 1, minWidth: 180 },
      { field: "email", headerName: t("auth.email"), flex: 1, minWidth: 200 },
      {
        field: "assignments",
        headerName: t("users.roles"),
        flex: 2,
        minWidth: 320,
        renderCell: ({ row }) => (
          <Box sx={{ display: "flex", gap: 0.5, flexWrap: "wrap", alignItems: "center", height: "100%" }}>
            {row.assignments
              .filter((a) => !a.valid_to)
              .map((a) => (
                <Chip
                  key={a.id}
                  size="small"
                  label={`${t(`roles.${a.role}`)} · ${scopeName(a.role, a.scope_id)}`}
                  onDelete={() => void endRole.mutateAsync({ userId: row.id, assignmentId: a.id })}
                  deleteIcon={undefined}
                  aria-label={`${t(`roles.${a.role}`)} ${scopeName(a.role, a.scope_id)}`}
                />
              ))}
          </Box>
        ),
      },
      {
        field: "last_login_at",
        headerName: t("users.lastLogin"),
        width: 160,
        valueFormatter: (value: string | null) => formatDateTime(value),
      },
      {
        field: "actions",
        headerName: "",
        width: 150,
        renderCell: ({ row }) => (
          <Button size="small" onClick={() => setGranting(row)}>
            {t("users.grant")}
          </Button>
        ),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, scopeOptions],
  );

  return (
    <>
      <PageHeader
        title={t("users.title")}
        actions={
          <>
            <Button variant="outlined" onClick={() => setInviting(true)}>
              {t("accounts.invite.open")}
            </Button>
            <Button variant="contained" onClick={() => setCreating(true)}>
              {t("users.create")}
            </Button>
          </>
        }
      />
      <Paper sx={{ p: 2, mb: 2 }}>
        <TextField type="search" label={t("users.search")} value={search} onChange={(e) => setSearch(e.target.value)} fullWidth />
      </Paper>
      <ErrorMessage error={users.result.error ?? endRole.error} />
      {endRole.isSuccess ? <Alert severity="success" sx={{ mb: 2 }}>{t("users.roleEnded")}</Alert> : null}
      <ServerTable<User>
        pages={users}
        label={t("users.title")}
        columns={columns}
        height={600}
        autoRowHeight
      />
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <InviteUserDialog
        open={inviting}
        onClose={() => setInviting(false)}
        grantable={rules.grantable.map((r) => r.role)}
        scopeOf={rules.scopeOf}
      />
      <GrantRoleDialog user={granting} onClose={() => setGranting(null)} />
    </>
  );
}
