import { Stack } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { InviteUserDialog } from "../../features/accounts/InviteUserDialog";
import { useRoleRules } from "../../features/admin/roles";
import { InstitutionsSection } from "../../features/organisation/InstitutionsSection";
import { MunicipalitiesSection } from "../../features/organisation/MunicipalitiesSection";
import { SchoolYearsSection } from "../../features/organisation/SchoolYearsSection";
import { canSetUpOrganisation } from "../../lib/permissions";

type Municipality = Schemas["MunicipalityRead"];

/** IKVD's register: the school years, the municipalities (and their coordinators) and the
 * institutions, each of which opens to its classes and first users. */
export default function OrganisationPage() {
  const { t } = useTranslation();
  const me = useMe();
  const rules = useRoleRules();
  const [inviting, setInviting] = useState<Municipality | null>(null);

  if (!canSetUpOrganisation(me)) return <NotFound />;
  const municipalRoles = rules.grantable.map((r) => r.role).filter((role) => rules.scopeOf(role) === "municipality");

  return (
    <Stack spacing={3}>
      <PageHeader title={t("setup.title")} subtitle={t("setup.subtitle")} />
      <SchoolYearsSection />
      <MunicipalitiesSection onInvite={setInviting} />
      <InstitutionsSection />
      {inviting ? (
        <InviteUserDialog
          key={inviting.id}
          open
          onClose={() => setInviting(null)}
          grantable={municipalRoles}
          scopeOf={rules.scopeOf}
          defaultScopeId={inviting.id}
        />
      ) : null}
    </Stack>
  );
}
