import { Box, Button, Link, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink, useParams } from "react-router";
import type { Schemas } from "../../api/client";
import { institutionQuery, municipalitiesQuery } from "../../api/queries/organisation";
import { userListQuery } from "../../api/queries/users";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { InviteUserDialog } from "../../features/accounts/InviteUserDialog";
import { useRoleRules } from "../../features/admin/roles";
import { ClassGroupsSection } from "../../features/organisation/ClassGroupsSection";
import { formatDateTime } from "../../lib/format";
import { canManageUsers, canSetUpOrganisation, canWriteClassGroups } from "../../lib/permissions";

type Institution = Schemas["InstitutionRead"];

function Details({ institution }: { institution: Institution }) {
  const { t } = useTranslation();
  const municipalities = useQuery(municipalitiesQuery());
  const municipality = municipalities.data?.items.find((m) => m.id === institution.municipality_id)?.name;
  const rows: [string, string][] = [
    [t("setup.institutions.type"), t(`setup.institutions.types.${institution.type}`)],
    [t("setup.institutions.registrationNumber"), institution.registration_number],
    [t("setup.institutions.municipality"), municipality ?? "—"],
    [t("setup.institutions.route"), t(`setup.institutions.routes.${institution.approval_route}`)],
  ];
  return (
    <Paper sx={{ p: 2 }}>
      <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 3, rowGap: 1, m: 0 }}>
        {rows.map(([term, value]) => (
          <Box key={term} sx={{ display: "contents" }}>
            <Typography component="dt" color="text.secondary">
              {term}
            </Typography>
            <Typography component="dd" sx={{ m: 0 }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
    </Paper>
  );
}

function People({ institution }: { institution: Institution }) {
  const { t } = useTranslation();
  const titleId = useId();
  const rules = useRoleRules();
  const [inviting, setInviting] = useState(false);
  const users = useQuery(userListQuery({ institution_id: institution.id, limit: 200 }));
  const people = users.data?.items ?? [];
  const rolesHere = (user: Schemas["UserRead"]) =>
    user.assignments
      .filter((a) => !a.valid_to && a.scope_id === institution.id)
      .map((a) => t(`roles.${a.role}`))
      .join(", ");
  const schoolRoles = rules.grantable.map((r) => r.role).filter((role) => rules.scopeOf(role) === "institution");
  return (
    <Paper component="section" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Typography id={titleId} variant="h6" component="h2" gutterBottom>
        {t("setup.people.title")}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t("setup.people.hint")}
      </Typography>
      <ErrorMessage error={users.error} />
      {people.length ? (
        <Table size="small" aria-labelledby={titleId} sx={{ mb: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{t("users.fullName")}</TableCell>
              <TableCell>{t("auth.email")}</TableCell>
              <TableCell>{t("users.roles")}</TableCell>
              <TableCell>{t("users.lastLogin")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {people.map((user) => (
              <TableRow key={user.id}>
                <TableCell>{user.full_name}</TableCell>
                <TableCell>{user.email}</TableCell>
                <TableCell>{rolesHere(user)}</TableCell>
                <TableCell>{user.last_login_at ? formatDateTime(user.last_login_at) : t("setup.people.notYet")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      <Button variant="contained" onClick={() => setInviting(true)}>
        {t("setup.people.invite")}
      </Button>
      <InviteUserDialog
        open={inviting}
        onClose={() => setInviting(false)}
        grantable={schoolRoles}
        scopeOf={rules.scopeOf}
        defaultScopeId={institution.id}
      />
    </Paper>
  );
}

/** One institution: its register entry, its classes by school year and the invitation of its
 * people. IKVD opens it from the register; a school's director and coordinator see their own as
 * *Klases*. */
export default function InstitutionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { institutionId } = useParams();
  const id = institutionId ?? (me.current.scope_type === "institution" ? me.current.scope_id : null);
  const institution = useQuery({ ...institutionQuery(id ?? ""), enabled: Boolean(id) });
  if (!id || !(canSetUpOrganisation(me) || canWriteClassGroups(me))) return <NotFound />;

  return (
    <QueryState isPending={institution.isPending} error={institution.error}>
      {() =>
        institution.data ? (
          <Stack spacing={3}>
            <PageHeader
              title={institution.data.name}
              subtitle={institutionId ? undefined : t("setup.navClasses")}
              actions={
                canSetUpOrganisation(me) ? (
                  <Link component={RouterLink} to="/organisation">
                    {t("setup.back")}
                  </Link>
                ) : undefined
              }
            />
            <Details institution={institution.data} />
            <ClassGroupsSection institution={institution.data} canAdd={canWriteClassGroups(me)} />
            {canManageUsers(me) ? <People institution={institution.data} /> : null}
          </Stack>
        ) : null
      }
    </QueryState>
  );
}
