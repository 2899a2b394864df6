import { Chip } from "@mui/material";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { activityTypeValues } from "../../api/generated/schema";

const PROJECT_COLOURS = {
  submitted: "info",
  approved: "success",
  rejected: "error",
  completed: "default",
} as const;

export function ProjectStatusChip({ status }: { status: Schemas["ProjectStatus"] }) {
  const { t } = useTranslation();
  return <Chip size="small" color={PROJECT_COLOURS[status]} label={t(`ngo.projectStatus.${status}`)} />;
}

export function ActivityStatusChip({ status }: { status: Schemas["ActivityStatus"] }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant={status === "held" ? "filled" : "outlined"}
      color={status === "held" ? "success" : status === "cancelled" ? "error" : "default"}
      label={t(`ngo.activityStatus.${status}`)}
    />
  );
}

export const ACTIVITY_TYPES = activityTypeValues;
