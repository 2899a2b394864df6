import { Box, Grid, Link, List, ListItem, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import { activitiesQuery, projectsQuery } from "../../api/queries/ngo";
import { QueryState } from "../../components/QueryState";
import { formatDate, todayIso } from "../../lib/format";
import { ActivityTable } from "./ActivityTable";
import { ProjectStatusChip } from "./labels";

function Card({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ p: 2, height: "100%", overflowX: "auto" }}>
      <Typography variant="h6" component="h2" id={id} gutterBottom>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

/** The NGO manager's start: what needs doing, the activities coming up and the NGO's projects. */
export function NgoHome() {
  const { t } = useTranslation();
  const today = todayIso();
  const projects = useQuery(projectsQuery());
  const upcoming = useQuery(activitiesQuery({ status: "planned", held_from: today }));
  const overdue = useQuery(activitiesQuery({ status: "planned", held_to: today }));
  const toRecord = (overdue.data?.items ?? []).filter((a) => a.held_on <= today);
  const toFinish = (projects.data?.items ?? []).filter((p) => p.can_complete);
  const running = (projects.data?.items ?? []).filter((p) => p.status === "approved");

  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <Card id="ngo-home-todo" title={t("ngo.home.todo")}>
          <QueryState isPending={overdue.isPending || projects.isPending} error={overdue.error ?? projects.error}>
            {() =>
              toRecord.length || toFinish.length ? (
                <List dense disablePadding>
                  {toRecord.map((a) => (
                    <ListItem key={a.id} disableGutters>
                      <Link component={RouterLink} to={`/ngo/activities/${a.id}`}>
                        {t("ngo.home.recordOutcome", { title: a.title, date: formatDate(a.held_on) })}
                      </Link>
                    </ListItem>
                  ))}
                  {toFinish.map((p) => (
                    <ListItem key={p.id} disableGutters>
                      <Link component={RouterLink} to={`/ngo/projects/${p.id}`}>
                        {t("ngo.home.finishProject", { title: p.title })}
                      </Link>
                    </ListItem>
                  ))}
                </List>
              ) : (
                <Typography>{t("ngo.home.nothingToDo")}</Typography>
              )
            }
          </QueryState>
        </Card>
      </Grid>
      <Grid size={12}>
        <Card id="ngo-home-upcoming" title={t("ngo.home.upcoming")}>
          <QueryState isPending={upcoming.isPending} error={upcoming.error}>
            {() => (
              <ActivityTable activities={upcoming.data?.items ?? []} showProject label={t("ngo.home.upcoming")} />
            )}
          </QueryState>
          {running.length ? (
            <Box sx={{ mt: 1 }}>
              <Link component={RouterLink} to="/ngo/activities">
                {t("ngo.home.planActivity")}
              </Link>
            </Box>
          ) : null}
        </Card>
      </Grid>
      <Grid size={12}>
        <Card id="ngo-home-projects" title={t("ngo.home.projects")}>
          <QueryState isPending={projects.isPending} error={projects.error}>
            {() =>
              projects.data?.items.length ? (
                <Table size="small" aria-label={t("ngo.home.projects")}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t("ngo.projects.name")}</TableCell>
                      <TableCell>{t("ngo.projects.call")}</TableCell>
                      <TableCell>{t("ngo.projects.period")}</TableCell>
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
                        <TableCell>{p.call_title}</TableCell>
                        <TableCell>
                          {formatDate(p.starts_on)} – {formatDate(p.ends_on)}
                        </TableCell>
                        <TableCell>
                          <ProjectStatusChip status={p.status} />
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              ) : (
                <Typography>
                  {t("ngo.home.noProjects")}{" "}
                  <Link component={RouterLink} to="/ngo/calls">
                    {t("ngo.home.toCalls")}
                  </Link>
                </Typography>
              )
            }
          </QueryState>
        </Card>
      </Grid>
    </Grid>
  );
}
