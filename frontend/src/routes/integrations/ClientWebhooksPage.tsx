import {
  Alert,
  Button,
  Chip,
  FormControlLabel,
  Paper,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import {
  apiClientQuery,
  clientWebhooksQuery,
  usePauseWebhook,
  useResumeWebhook,
  webhookDeliveriesQuery,
  type ClientWebhook,
} from "../../api/queries/integrations";
import { useMe } from "../../auth/SessionProvider";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { ErrorMessage, QueryState } from "../../components/QueryState";
import { canManageApiClients } from "../../lib/permissions";
import { ReplayDialog } from "../../features/integrations/ReplayDialog";
import { formatDateTime } from "../../lib/format";

/** A client's webhook subscriptions: deliveries, failures and lag; pause, resume and replay. */
export default function ClientWebhooksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { clientId = "" } = useParams();
  const allowed = canManageApiClients(me);
  const client = useQuery({ ...apiClientQuery(clientId), enabled: allowed });
  const webhooks = useQuery({ ...clientWebhooksQuery(clientId), enabled: allowed });
  const [replaying, setReplaying] = useState<ClientWebhook | null>(null);
  const [replayed, setReplayed] = useState<number | null>(null);

  if (!allowed) return <NotFound />;

  return (
    <QueryState isPending={client.isPending || webhooks.isPending} error={client.error ?? webhooks.error}>
      {() => (
        <>
          <PageHeader
            title={t("integrations.webhooks.title", { name: client.data?.name ?? "" })}
            subtitle={t("integrations.webhooks.subtitle")}
          />
          <Stack spacing={2}>
            {replayed !== null ? (
              <Alert severity="success" onClose={() => setReplayed(null)}>
                {t("integrations.webhooks.replayed", { count: replayed })}
              </Alert>
            ) : null}
            {webhooks.data?.length ? (
              webhooks.data.map((w) => (
                <Subscription key={w.id} clientId={clientId} webhook={w} onReplay={() => setReplaying(w)} />
              ))
            ) : (
              <Paper>
                <Typography sx={{ p: 2 }}>{t("integrations.webhooks.none")}</Typography>
              </Paper>
            )}
          </Stack>
          <ReplayDialog
            clientId={clientId}
            webhook={replaying}
            onClose={() => setReplaying(null)}
            onReplayed={setReplayed}
          />
        </>
      )}
    </QueryState>
  );
}

function Subscription({ clientId, webhook, onReplay }: { clientId: string; webhook: ClientWebhook; onReplay: () => void }) {
  const { t } = useTranslation();
  const pause = usePauseWebhook();
  const resume = useResumeWebhook();
  const [failedOnly, setFailedOnly] = useState(false);
  const deliveries = useQuery(webhookDeliveriesQuery(clientId, webhook.id, failedOnly));
  const toggle = webhook.active ? pause : resume;
  const figures: [string, string | number][] = [
    [t("integrations.webhooks.pending"), webhook.pending],
    [t("integrations.webhooks.delivered"), webhook.delivered],
    [t("integrations.webhooks.failed"), webhook.failed],
    [t("integrations.webhooks.lastDelivered"), webhook.last_delivered_sequence ?? "—"],
    [t("integrations.webhooks.lagEvents"), webhook.lag_events],
    [t("integrations.webhooks.lagSeconds"), Math.round(webhook.lag_seconds)],
    [t("integrations.webhooks.lastFailure"), formatDateTime(webhook.last_failure_at)],
  ];

  return (
    <Paper component="section" aria-label={webhook.url} sx={{ p: 2 }}>
      <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: { md: "center" }, mb: 2 }}>
        <Typography variant="h6" component="h2" sx={{ wordBreak: "break-all", flexGrow: 1 }}>
          {webhook.url}
        </Typography>
        <Chip
          size="small"
          color={webhook.active ? "success" : "warning"}
          label={webhook.active ? t("integrations.webhooks.active") : t("integrations.webhooks.paused")}
        />
        <Button
          variant="outlined"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate({ clientId, webhookId: webhook.id })}
        >
          {webhook.active ? t("integrations.webhooks.pause") : t("integrations.webhooks.resume")}
        </Button>
        <Button variant="outlined" onClick={onReplay}>
          {t("integrations.webhooks.replay")}
        </Button>
      </Stack>
      <ErrorMessage error={toggle.error} />
      <Typography variant="body2" sx={{ mb: 1 }}>
        {t("integrations.webhooks.events")}: <code>{webhook.event_types.join(", ")}</code>
      </Typography>
      <Table size="small" aria-label={t("integrations.webhooks.figures")} sx={{ mb: 2 }}>
        <TableBody>
          {figures.map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormControlLabel
        control={<Switch checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} />}
        label={t("integrations.webhooks.failedOnly")}
      />
      <QueryState isPending={deliveries.isPending} error={deliveries.error}>
        {() =>
          deliveries.data?.items.length ? (
            <Table size="small" aria-label={t("integrations.webhooks.log")}>
              <TableHead>
                <TableRow>
                  <TableCell>{t("integrations.webhooks.sequence")}</TableCell>
                  <TableCell>{t("integrations.webhooks.eventType")}</TableCell>
                  <TableCell>{t("integrations.webhooks.status")}</TableCell>
                  <TableCell>{t("integrations.webhooks.attempts")}</TableCell>
                  <TableCell>{t("integrations.webhooks.lastAttempt")}</TableCell>
                  <TableCell>{t("integrations.webhooks.lastError")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {deliveries.data.items.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>{d.sequence}</TableCell>
                    <TableCell>
                      <code>{d.event_type}</code>
                    </TableCell>
                    <TableCell>{t(`integrations.webhooks.deliveryStatus.${d.status}`)}</TableCell>
                    <TableCell>{d.attempts}</TableCell>
                    <TableCell>{formatDateTime(d.last_attempt_at)}</TableCell>
                    <TableCell>{d.last_error ?? (d.last_status_code ? `HTTP ${d.last_status_code}` : "—")}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <Typography>{t("integrations.webhooks.noDeliveries")}</Typography>
          )
        }
      </QueryState>
    </Paper>
  );
}
