import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useCreateApiClient, type ApiClientWithSecret } from "../../api/queries/integrations";
import { municipalitiesQuery } from "../../api/queries/organisation";
import { useMe } from "../../auth/SessionProvider";
import { ErrorMessage } from "../../components/QueryState";
import { choosesClientScope } from "../../lib/permissions";
import { apiClientSchema, toApiClientCreate, type ApiClientValues } from "./validation";

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (client: ApiClientWithSecret) => void;
}

/** IKVD creates clients of any scope; a municipal coordinator, clients of its own municipality. */
export function CreateClientDialog({ open, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const national = choosesClientScope(me);
  const municipalities = useQuery({ ...municipalitiesQuery(), enabled: open && national });
  const create = useCreateApiClient();
  const form = useForm<ApiClientValues>({
    resolver: zodResolver(apiClientSchema),
    defaultValues: {
      name: "",
      client_id: "",
      scope_type: national ? "national" : "municipality",
      municipality_id: national ? "" : (me.current.scope_id ?? ""),
    },
  });
  const { errors } = form.formState;
  const scopeType = form.watch("scope_type");
  const msg = (m?: string) => (m ? t(m) : " ");
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = form.handleSubmit(async (v) => {
    const created = await create.mutateAsync(toApiClientCreate(v));
    close();
    onCreated(created);
  });

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="create-client-title">
      <form noValidate onSubmit={(e) => void submit(e).catch(() => undefined)}>
        <DialogTitle id="create-client-title">{t("integrations.clients.create")}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              label={t("integrations.clients.name")}
              {...form.register("name")}
              error={Boolean(errors.name)}
              helperText={msg(errors.name?.message)}
            />
            <TextField
              label={t("integrations.clients.clientIdOptional")}
              {...form.register("client_id")}
              error={Boolean(errors.client_id)}
              helperText={errors.client_id ? msg(errors.client_id.message) : t("integrations.clients.clientIdHelp")}
            />
            {national ? (
              <>
                <TextField
                  select
                  label={t("integrations.clients.scope")}
                  {...form.register("scope_type")}
                  slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                >
                  <option value="national">{t("integrations.scope.national")}</option>
                  <option value="municipality">{t("integrations.scope.municipality")}</option>
                </TextField>
                {scopeType === "municipality" ? (
                  <TextField
                    select
                    label={t("integrations.clients.municipality")}
                    {...form.register("municipality_id")}
                    slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                    error={Boolean(errors.municipality_id)}
                    helperText={msg(errors.municipality_id?.message)}
                  >
                    <option value="">—</option>
                    {(municipalities.data?.items ?? []).map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </TextField>
                ) : null}
              </>
            ) : null}
            <ErrorMessage error={create.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>{t("common.cancel")}</Button>
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t("integrations.clients.createSubmit")}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
