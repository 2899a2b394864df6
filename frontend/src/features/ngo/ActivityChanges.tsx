import { Box, Button, List, ListItem, ListItemText, MenuItem, Paper, TextField, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  activityChangesQuery,
  useCancelActivity,
  useUpdateActivity,
  type Activity,
  type ActivityChange,
  type Project,
} from "../../api/queries/ngo";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DateField } from "../../components/DateField";
import { ErrorMessage } from "../../components/QueryState";
import { formatDate, formatDateTime } from "../../lib/format";
import { ACTIVITY_TYPES } from "./labels";

const REASON_MAX = 1000;

/** The NGO's changes to a planned activity: its details, a new date, a cancellation. */
export function ActivityActions({ activity, project }: { activity: Activity; project: Project }) {
  const { t } = useTranslation();
  const update = useUpdateActivity(activity.id);
  const cancel = useCancelActivity(activity.id);
  const [title, setTitle] = useState(activity.title);
  const [type, setType] = useState(activity.type);
  const [planned, setPlanned] = useState(activity.planned_participants?.toString() ?? "");
  const [dialog, setDialog] = useState<"reschedule" | "cancel" | null>(null);
  const [newDate, setNewDate] = useState<string | null>("");
  const [reason, setReason] = useState("");
  const plannedValid = /^\d{0,6}$/.test(planned.trim());
  const close = () => {
    update.reset();
    cancel.reset();
    setDialog(null);
    setReason("");
    setNewDate("");
  };
  const saveDetails = () =>
    update.mutate({
      title: title.trim(),
      type,
      planned_participants: planned.trim() ? Number(planned) : null,
    });
  const dateOk = Boolean(newDate) && newDate !== activity.held_on;

  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="activity-change-title">
      <Typography variant="h6" component="h2" id="activity-change-title" gutterBottom>
        {t("ngo.change.title")}
      </Typography>
      <Box sx={{ display: "grid", gridTemplateColumns: { md: "2fr 1fr 1fr" }, gap: 2, alignItems: "start" }}>
        <TextField
          label={t("ngo.schedule.name")}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={!title.trim()}
          helperText={title.trim() ? " " : t("validation.required")}
        />
        <TextField
          select
          label={t("ngo.schedule.type")}
          value={type}
          onChange={(e) => setType(e.target.value as Activity["type"])}
        >
          {ACTIVITY_TYPES.map((value) => (
            <MenuItem key={value} value={value}>
              {t(`ngo.activityType.${value}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label={t("ngo.schedule.planned")}
          inputMode="numeric"
          value={planned}
          onChange={(e) => setPlanned(e.target.value)}
          error={!plannedValid}
          helperText={plannedValid ? " " : t("validation.wholeNumber")}
        />
      </Box>
      <ErrorMessage error={dialog === null ? update.error : null} />
      <Box sx={{ display: "flex", gap: 1, flexWrap: "wrap" }}>
        <Button variant="contained" onClick={saveDetails} disabled={!title.trim() || !plannedValid || update.isPending}>
          {t("ngo.change.save")}
        </Button>
        <Button variant="outlined" onClick={() => setDialog("reschedule")}>
          {t("ngo.change.reschedule")}
        </Button>
        <Button variant="outlined" color="error" onClick={() => setDialog("cancel")}>
          {t("ngo.change.cancel")}
        </Button>
      </Box>

      <ConfirmDialog
        open={dialog === "reschedule"}
        title={t("ngo.change.rescheduleTitle", { title: activity.title })}
        confirmLabel={t("ngo.change.rescheduleConfirm")}
        onConfirm={() =>
          update.mutate({ held_on: newDate ?? undefined, reason: reason.trim() }, { onSuccess: close })
        }
        onClose={close}
        pending={update.isPending}
        error={update.error}
        confirmDisabled={!dateOk || !reason.trim()}
        extra={
          <Box sx={{ display: "grid", gap: 2, mt: 2 }}>
            <DateField
              label={t("ngo.change.newDate")}
              value={newDate ?? ""}
              onChange={setNewDate}
              min={project.starts_on}
              max={project.ends_on}
              helperText=" "
            />
            <TextField
              label={t("ngo.change.reason")}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              multiline
              minRows={2}
              slotProps={{ htmlInput: { maxLength: REASON_MAX } }}
            />
          </Box>
        }
      >
        {t("ngo.change.rescheduleText", { date: formatDate(activity.held_on) })}
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "cancel"}
        title={t("ngo.change.cancelTitle", { title: activity.title })}
        confirmLabel={t("ngo.change.cancelConfirm")}
        onConfirm={() => cancel.mutate({ reason: reason.trim() }, { onSuccess: close })}
        onClose={close}
        pending={cancel.isPending}
        error={cancel.error}
        confirmDisabled={!reason.trim()}
        danger
        extra={
          <TextField
            label={t("ngo.change.reason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            multiline
            minRows={2}
            fullWidth
            sx={{ mt: 2 }}
            slotProps={{ htmlInput: { maxLength: REASON_MAX } }}
          />
        }
      >
        {t("ngo.change.cancelText", {
          date: formatDate(activity.held_on),
          institution: activity.institution_name,
        })}
      </ConfirmDialog>
    </Paper>
  );
}

function describe(change: ActivityChange, t: (key: string, o?: Record<string, unknown>) => string): string {
  const parts = Object.entries(change.changes).map(([field, [before, after]]) => {
    const show = (v: string | null | undefined) =>
      v === null || v === undefined || v === ""
        ? "—"
        : field === "held_on"
          ? formatDate(v)
          : field === "type"
            ? t(`ngo.activityType.${v}`)
            : field === "status"
              ? t(`ngo.activityStatus.${v}`)
              : v;
    return t("ngo.trail.field", { field: t(`ngo.trail.fields.${field}`), before: show(before), after: show(after) });
  });
  return parts.join("; ");
}

/** Who changed the activity, when, what and why. */
export function ActivityTrail({ activityId }: { activityId: string }) {
  const { t } = useTranslation();
  const changes = useQuery(activityChangesQuery(activityId));
  const items = changes.data ?? [];
  if (!items.length) return null;
  return (
    <Paper component="section" sx={{ p: 2, mb: 2 }} aria-labelledby="activity-trail-title">
      <Typography variant="h6" component="h2" id="activity-trail-title">
        {t("ngo.trail.title")}
      </Typography>
      <List dense>
        {items.map((c) => (
          <ListItem key={c.id} disableGutters>
            <ListItemText
              primary={`${formatDateTime(c.at)} · ${t(`ngo.trail.kinds.${c.kind}`)}${c.user_name ? ` · ${c.user_name}` : ""}`}
              secondary={`${describe(c, t)}${c.reason ? ` — ${t("ngo.trail.reason", { reason: c.reason })}` : ""}`}
            />
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
