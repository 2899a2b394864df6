import { Paper } from "@mui/material";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { PlanTable } from "../features/plans/PlanTable";
import { useApprovalQueue } from "../features/plans/useApprovalQueue";

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const queue = useApprovalQueue();
  return (
    <>
      <PageHeader title={t("approvals.title")} subtitle={t("approvals.intro")} />
      <Paper sx={{ p: 2, overflowX: "auto" }}>
        <QueryState isPending={queue.isPending} error={queue.error}>
          {() => (
            <PlanTable
              plans={queue.plans}
              empty={t("approvals.empty")}
              label={t("approvals.title")}
              institutionName={queue.institutionName}
              linkText={t("approvals.review")}
            />
          )}
        </QueryState>
      </Paper>
    </>
  );
}
