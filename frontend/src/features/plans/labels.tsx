import { Chip, type ChipProps } from "@mui/material";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";

type PlanStatus = Schemas["PlanStatus"];
type RiskLevel = Schemas["RiskLevel"];

const STATUS_COLOR: Record<PlanStatus, ChipProps["color"]> = {
  draft: "default",
  submitted: "info",
  approved_school: "info",
  approved_municipality: "info",
  returned: "warning",
  active: "success",
  evaluated: "secondary",
  closed: "default",
  discontinued: "default",
};

const LEVEL_COLOR: Record<RiskLevel, ChipProps["color"]> = { low: "success", medium: "warning", high: "error" };

export function StatusChip({ status, size = "small", testId }: { status: PlanStatus; size?: ChipProps["size"]; testId?: string }) {
  const { t } = useTranslation();
  return <Chip size={size} color={STATUS_COLOR[status]} label={t(`status.${status}`)} data-testid={testId} />;
}

export function LevelChip({ level }: { level: RiskLevel | null | undefined }) {
  const { t } = useTranslation();
  if (!level) return <>—</>;
  return <Chip size="small" variant="outlined" color={LEVEL_COLOR[level]} label={t(`levels.${level}`)} />;
}

export function useSemesterLabel() {
  const { t } = useTranslation();
  return useCallback(
    (semester: Schemas["SemesterRef"]) => t("semester", { year: semester.school_year, number: semester.number }),
    [t],
  );
}
