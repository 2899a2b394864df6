import { Box, Link, MenuItem, Paper, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import type { Schemas } from "../../api/client";
import { projectsQuery } from "../../api/queries/ngo";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { ProjectStatusChip } from "../../features/ngo/labels";
import { formatDate, formatMoney } from "../../lib/format";
import { projectStatusValues } from "../../api/generated/schema";


export default function ProjectsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Schemas["ProjectStatus"] | "">("");
  const projects = useQuery(projectsQuery({ status: status || undefined }));

  return (
    <>
      <PageHeader title={t("ngo.projects.title")} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2 }}>
          <TextField
            select
            label={t("ngo.projects.status")}
            value={status}
            onChange={(e) => setStatus(e.target.value as Schemas["ProjectStatus"] | "")}
            sx={{ minWidth: 200 }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            {projectStatusValues.map((s) => (
              <MenuItem key={s} value={s}>
                {t(`ngo.projectStatus.${s}`)}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      </Paper>
      <QueryState isPending={projects.isPending} error={projects.error}>
        {() => (
          <Paper>
            {projects.data?.items.length ? (
              <Table aria-label={t("ngo.projects.title")}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t("ngo.projects.name")}</TableCell>
                    <TableCell>{t("ngo.projects.ngo")}</TableCell>
                    <TableCell>{t("ngo.projects.call")}</TableCell>
                    <TableCell>{t("ngo.projects.period")}</TableCell>
                    <TableCell align="right">{t("ngo.projects.amount")}</TableCell>
                    <TableCell>{t("ngo.projects.status")}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {projects.data.items.map((p) => (
                    <TableRow key={p.id}>
                      <TableCell>
                        <Link component={RouterLink} to={`/ngo/projects/${p.id}`}>
                          {p.title}
                        </Link>
                      </TableCell>
                      <TableCell>{p.ngo_name}</TableCell>
                      <TableCell>{p.call_title}</TableCell>
                      <TableCell>
                        {formatDate(p.starts_on)} – {formatDate(p.ends_on)}
                      </TableCell>
                      <TableCell align="right">{formatMoney(p.amount_eur)}</TableCell>
                      <TableCell>
                        <ProjectStatusChip status={p.status} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography sx={{ p: 2 }}>{t("ngo.projects.none")}</Typography>
            )}
          </Paper>
        )}
      </QueryState>
    </>
  );
}
