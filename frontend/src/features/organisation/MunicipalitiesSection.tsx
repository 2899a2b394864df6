import { Alert, Box, Button, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { municipalitiesQuery, useCreateMunicipality } from "../../api/queries/organisation";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/QueryState";

type Municipality = Schemas["MunicipalityRead"];

/** The municipalities, a form for a new one, and a button to invite each one's coordinator. */
export function MunicipalitiesSection({ onInvite }: { onInvite: (municipality: Municipality) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const municipalities = useQuery(municipalitiesQuery());
  const create = useCreateMunicipality();
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const codeValid = /^\d{7}$/.test(code);
  const rows = municipalities.data?.items ?? [];

  const save = async () => {
    const created = await create.mutateAsync({ name: name.trim(), atvk_code: code });
    setConfirming(false);
    setName("");
    setCode("");
    setAdded(created.name);
  };

  return (
    <Paper component="section" aria-labelledby={titleId} sx={{ p: 2 }}>
      <Typography id={titleId} variant="h6" component="h2" gutterBottom>
        {t("setup.municipalities.title")}
      </Typography>
      <ErrorMessage error={municipalities.error} />
      {rows.length ? (
        <Table size="small" aria-labelledby={titleId} sx={{ mb: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{t("setup.municipalities.name")}</TableCell>
              <TableCell>{t("setup.municipalities.atvk")}</TableCell>
              <TableCell>
                <Box component="span" sx={visuallyHidden}>
                  {t("setup.municipalities.inviteCoordinator")}
                </Box>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((m) => (
              <TableRow key={m.id}>
                <TableCell>{m.name}</TableCell>
                <TableCell>{m.atvk_code}</TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    onClick={() => onInvite(m)}
                    aria-label={t("setup.municipalities.inviteCoordinatorFor", { name: m.name })}
                  >
                    {t("setup.municipalities.inviteCoordinator")}
                  </Button>
                </TableCell>
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
          {t("setup.municipalities.added", { name: added })}
        </Alert>
      ) : null}
      <Box
        component="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.reset();
          if (name.trim() && codeValid) setConfirming(true);
        }}
      >
        <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: { md: "flex-start" } }}>
          <TextField label={t("setup.municipalities.name")} value={name} onChange={(e) => setName(e.target.value)} required />
          <TextField
            label={t("setup.municipalities.atvk")}
            helperText={t("setup.municipalities.atvkHelp")}
            value={code}
            onChange={(e) => setCode(e.target.value.trim())}
            error={code !== "" && !codeValid}
            slotProps={{ htmlInput: { inputMode: "numeric", maxLength: 7 } }}
            required
          />
          <Button type="submit" variant="contained" disabled={!name.trim() || !codeValid} sx={{ mt: { md: 1 } }}>
            {t("setup.municipalities.add")}
          </Button>
        </Stack>
      </Box>
      <ConfirmDialog
        open={confirming}
        title={t("setup.municipalities.confirmTitle", { name: name.trim() })}
        confirmLabel={t("setup.municipalities.add")}
        onConfirm={() => void save().catch(() => undefined)}
        onClose={() => setConfirming(false)}
        pending={create.isPending}
        error={create.error}
      >
        {t("setup.municipalities.confirmBody", { name: name.trim(), code })}
      </ConfirmDialog>
    </Paper>
  );
}

/** Read by screen readers, not shown: the name of the column of buttons. */
const visuallyHidden = {
  border: 0,
  clip: "rect(0 0 0 0)",
  height: "1px",
  margin: "-1px",
  overflow: "hidden",
  padding: 0,
  position: "absolute",
  whiteSpace: "nowrap",
  width: "1px",
} as const;
