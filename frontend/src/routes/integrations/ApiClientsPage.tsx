import { Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { apiClientsQuery, type ApiClient, type ApiClientWithSecret } from "../../api/queries/integrations";
import { municipalitiesQuery } from "../../api/queries/organisation";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { canManageApiClients } from "../../lib/permissions";
import { CreateClientDialog } from "../../features/integrations/CreateClientDialog";
import { RevokeClientDialog } from "../../features/integrations/RevokeClientDialog";
import { RotateSecretDialog } from "../../features/integrations/RotateSecretDialog";
import { SecretDialog } from "../../features/integrations/SecretDialog";
import { formatDateTime } from "../../lib/format";

/** API clients of other systems (municipal IT, e-journals) in the caller's scope. */
export default function ApiClientsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = canManageApiClients(me);
  const clients = useQuery({ ...apiClientsQuery(), enabled: allowed });
  const municipalities = useQuery({ ...municipalitiesQuery(), enabled: allowed });
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<ApiClientWithSecret | null>(null);
  const [rotating, setRotating] = useState<ApiClient | null>(null);
  const [revoking, setRevoking] = useState<ApiClient | null>(null);

  if (!allowed) return <NotFound />;

  const municipalityName = (id: string | null) =>
    municipalities.data?.items.find((m) => m.id === id)?.name ?? t("integrations.scope.municipality");
  const scopeLabel = (c: ApiClient) =>
    c.scope_type === "national" ? t("integrations.scope.national") : municipalityName(c.municipality_id);

  return (
    <>
      <PageHeader
        title={t("integrations.clients.title")}
        subtitle={t("integrations.clients.subtitle")}
        actions={
          <Button variant="contained" onClick={() => setCreating(true)}>
            {t("integrations.clients.create")}
          </Button>
        }
      />
      <QueryState isPending={clients.isPending} error={clients.error}>
        {() => (
          <Paper>
            {clients.data?.items.length ? (
              <Table aria-label={t("integrations.clients.title")}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t("integrations.clients.name")}</TableCell>
                    <TableCell>{t("integrations.clients.clientId")}</TableCell>
                    <TableCell>{t("integrations.clients.scope")}</TableCell>
                    <TableCell>{t("integrations.clients.state")}</TableCell>
                    <TableCell>{t("integrations.clients.lastUsed")}</TableCell>
                    <TableCell>{t("integrations.clients.created")}</TableCell>
                    <TableCell />
                  </TableRow>
                </TableHead>
                <TableBody>
                  {clients.data.items.map((c) => (
                    <TableRow key={c.id}>
                      <TableCell>{c.name}</TableCell>
                      <TableCell>
                        <code>{c.client_id}</code>
                      </TableCell>
                      <TableCell>{scopeLabel(c)}</TableCell>
                      <TableCell>
                        <Chip
                          size="small"
                          color={c.active ? "success" : "default"}
                          label={
                            c.active
                              ? t("integrations.clients.active")
                              : t("integrations.clients.revokedOn", { date: formatDateTime(c.revoked_at) })
                          }
                        />
                      </TableCell>
                      <TableCell>{c.last_used_at ? formatDateTime(c.last_used_at) : t("integrations.clients.never")}</TableCell>
                      <TableCell>{formatDateTime(c.created_at)}</TableCell>
                      <TableCell>
                        <Stack direction="row" spacing={1}>
                          <Button
                            size="small"
                            component={RouterLink}
                            to={`/integrations/api-clients/${c.id}/webhooks`}
                            aria-label={t("integrations.webhooks.linkLabel", { name: c.name })}
                          >
                            {t("integrations.webhooks.link")}
                          </Button>
                          {c.active ? (
                            <>
                            <Button
                              size="small"
                              variant="outlined"
                              onClick={() => setRotating(c)}
                              aria-label={t("integrations.rotate.label", { name: c.name })}
                            >
                              {t("integrations.rotate.button")}
                            </Button>
                            <Button
                              size="small"
                              variant="outlined"
                              color="error"
                              onClick={() => setRevoking(c)}
                              aria-label={t("integrations.revoke.label", { name: c.name })}
                            >
                              {t("integrations.revoke.button")}
                            </Button>
                            </>
                          ) : null}
                        </Stack>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography sx={{ p: 2 }}>{t("integrations.clients.none")}</Typography>
            )}
          </Paper>
        )}
      </QueryState>
      <CreateClientDialog open={creating} onClose={() => setCreating(false)} onCreated={setShown} />
      <RotateSecretDialog client={rotating} onClose={() => setRotating(null)} onRotated={setShown} />
      <RevokeClientDialog client={revoking} onClose={() => setRevoking(null)} />
      <SecretDialog client={shown} onClose={() => setShown(null)} />
    </>
  );
}
