import {
  Box,
  Button,
  Link,
  List,
  ListItem,
  ListItemText,
  Paper,
  TextField,
  Typography,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";
import {
  linkableMeasuresQuery,
  measureLinksQuery,
  useLinkMeasure,
  useUnlinkMeasure,
  type Activity,
} from "../../api/queries/ngo";
import { ErrorMessage } from "../../components/QueryState";

/**
 * The school's own record of which students' "NGO activity participation" measures this activity
 * serves. The NGO never sees it.
 */
export function MeasureLinks({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const links = useQuery(measureLinksQuery(activity.id));
  const linkable = useQuery(linkableMeasuresQuery(activity.id));
  const link = useLinkMeasure(activity.id);
  const unlink = useUnlinkMeasure(activity.id);
  const [measureId, setMeasureId] = useState("");
  const choices = linkable.data ?? [];

  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="links-title">
      <Typography variant="h6" component="h2" id="links-title" gutterBottom>
        {t("ngo.links.title")}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t("ngo.links.privacy")}
      </Typography>
      <ErrorMessage error={links.error ?? link.error ?? unlink.error} />
      {links.data?.length ? (
        <List dense>
          {links.data.map((l) => (
            <ListItem
              key={l.measure_id}
              secondaryAction={
                <Button size="small" disabled={unlink.isPending} onClick={() => unlink.mutate(l.measure_id)}>
                  {t("ngo.links.remove")}
                </Button>
              }
            >
              <ListItemText
                primary={l.student_name}
                secondary={
                  <Link component={RouterLink} to={`/plans/${l.plan_id}`}>
                    {l.plan_code}
                  </Link>
                }
              />
            </ListItem>
          ))}
        </List>
      ) : (
        <Typography sx={{ my: 2 }}>{t("ngo.links.none")}</Typography>
      )}
      {choices.length ? (
        <Box sx={{ display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap" }}>
          <TextField
            select
            label={t("ngo.links.measure")}
            value={measureId}
            onChange={(e) => setMeasureId(e.target.value)}
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            sx={{ minWidth: 320 }}
          >
            <option value="">—</option>
            {choices.map((m) => (
              <option key={m.measure_id} value={m.measure_id}>
                {`${m.student_name} (${m.class_label}) · ${m.plan_code}`}
              </option>
            ))}
          </TextField>
          <Button
            variant="contained"
            disabled={!measureId || link.isPending}
            onClick={() => link.mutate(measureId, { onSuccess: () => setMeasureId("") })}
          >
            {t("ngo.links.add")}
          </Button>
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {t("ngo.links.noCandidates")}
        </Typography>
      )}
    </Paper>
  );
}
