import { Alert, Box, Button, Link, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Schemas } from "../../api/client";
import { institutionTypeValues } from "../../api/generated/schema";
import { institutionsQuery, municipalitiesQuery, useCreateInstitution } from "../../api/queries/organisation";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/QueryState";

type InstitutionType = Schemas["InstitutionType"];

/** The institutions of the register, each linking to its page, and a form for a new one (IKVD). */
export function InstitutionsSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const institutions = useQuery(institutionsQuery());
  const municipalities = useQuery(municipalitiesQuery());
  const create = useCreateInstitution();
  const [name, setName] = useState("");
  const [number, setNumber] = useState("");
  const [type, setType] = useState<InstitutionType | "">("");
  const [municipalityId, setMunicipalityId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const municipal = type === "general_municipal";
  const numberValid = /^\d{10,11}$/.test(number);
  const complete = Boolean(name.trim()) && numberValid && type !== "" && (!municipal || Boolean(municipalityId));
  const municipalityName = (id: string | null) =>
    id ? (municipalities.data?.items.find((m) => m.id === id)?.name ?? "") : "—";
  const rows = institutions.data?.items ?? [];

  const save = async () => {
    if (type === "") return;
    const created = await create.mutateAsync({
      name: name.trim(),
      registration_number: number,
      type,
      municipality_id: municipal ? municipalityId : null,
    });
    setConfirming(false);
    setName("");
    setNumber("");
    setType("");
    setMunicipalityId("");
    setAdded(created.name);
  };

  return (
    <Paper component="section" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Typography id={titleId} variant="h6" component="h2" gutterBottom>
        {t("setup.institutions.title")}
      </Typography>
      <ErrorMessage error={institutions.error ?? municipalities.error} />
      {rows.length ? (
        <Table size="small" aria-labelledby={titleId} sx={{ mb: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{t("setup.institutions.name")}</TableCell>
              <TableCell>{t("setup.institutions.type")}</TableCell>
              <TableCell>{t("setup.institutions.registrationNumber")}</TableCell>
              <TableCell>{t("setup.institutions.municipality")}</TableCell>
              <TableCell>{t("setup.institutions.route")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((i) => (
              <TableRow key={i.id}>
                <TableCell>
                  <Link component={RouterLink} to={`/organisation/institutions/${i.id}`}>
                    {i.name}
                  </Link>
                  {i.active ? null : ` (${t("setup.institutions.inactive")})`}
                </TableCell>
                <TableCell>{t(`setup.institutions.types.${i.type}`)}</TableCell>
                <TableCell>{i.registration_number}</TableCell>
                <TableCell>{municipalityName(i.municipality_id)}</TableCell>
                <TableCell>{t(`setup.institutions.routes.${i.approval_route}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t("setup.empty")}
        </Typography>
      )}
      {added ? (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {t("setup.institutions.added", { name: added })}
        </Alert>
      ) : null}
      <Box
        component="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.reset();
          if (complete) setConfirming(true);
        }}
      >
        <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mb: 2, alignItems: { md: "flex-start" } }}>
          <TextField label={t("setup.institutions.name")} value={name} onChange={(e) => setName(e.target.value)} required sx={{ minWidth: 260 }} />
          <TextField
            label={t("setup.institutions.registrationNumber")}
            helperText={t("setup.institutions.registrationHelp")}
            value={number}
            onChange={(e) => setNumber(e.target.value.trim())}
            error={number !== "" && !numberValid}
            slotProps={{ htmlInput: { inputMode: "numeric", maxLength: 11 } }}
            required
          />
        </Stack>
        <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mb: 2 }}>
          <TextField
            select
            label={t("setup.institutions.type")}
            value={type}
            onChange={(e) => setType(e.target.value as InstitutionType)}
            required
            sx={{ minWidth: 320 }}
          >
            {institutionTypeValues.map((value) => (
              <MenuItem key={value} value={value}>
                {t(`setup.institutions.types.${value}`)}
              </MenuItem>
            ))}
          </TextField>
          {municipal ? (
            <TextField
              select
              label={t("setup.institutions.municipality")}
              value={municipalityId}
              onChange={(e) => setMunicipalityId(e.target.value)}
              required
              sx={{ minWidth: 260 }}
            >
              {(municipalities.data?.items ?? []).map((m) => (
                <MenuItem key={m.id} value={m.id}>
                  {m.name}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
        </Stack>
        <Button type="submit" variant="contained" disabled={!complete}>
          {t("setup.institutions.add")}
        </Button>
      </Box>
      <ConfirmDialog
        open={confirming}
        title={t("setup.institutions.confirmTitle", { name: name.trim() })}
        confirmLabel={t("setup.institutions.add")}
        onConfirm={() => void save().catch(() => undefined)}
        onClose={() => setConfirming(false)}
        pending={create.isPending}
        error={create.error}
      >
        {type
          ? t("setup.institutions.confirmBody", {
              name: name.trim(),
              number,
              type: t(`setup.institutions.types.${type}`),
            })
          : null}
      </ConfirmDialog>
    </Paper>
  );
}
