import { Box, Button, Paper } from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../auth/SessionProvider";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { noScopeFilter, ScopeFilters, scopeParams, type ScopeFilter } from "../features/organisation/ScopeFilters";
import { PlanTable } from "../features/plans/PlanTable";
import { useApprovalQueue } from "../features/plans/useApprovalQueue";

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [filter, setFilter] = useState<ScopeFilter>(noScopeFilter);
  const queue = useApprovalQueue(scopeParams(filter));
  const scope = me.current.scope_type;
  return (
    <>
      <PageHeader title={t("approvals.title")} subtitle={t("approvals.intro")} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Box sx={{ display: "flex", gap: 2, flexWrap: "wrap" }}>
          <ScopeFilters value={filter} onChange={setFilter} />
        </Box>
      </Paper>
      <Paper sx={{ p: 2, overflowX: "auto" }}>
        <QueryState isPending={queue.isPending} error={queue.error}>
          {() => (
            <>
              <PlanTable
                plans={queue.plans}
                empty={t("approvals.empty")}
                label={t("approvals.title")}
                showInstitution={scope !== "institution"}
                showMunicipality={scope === "national"}
                showStep={scope === "national"}
                linkText={t("approvals.review")}
              />
              {queue.hasMore ? (
                <Box sx={{ mt: 2 }}>
                  <Button variant="outlined" onClick={queue.loadMore} disabled={queue.loadingMore}>
                    {t("approvals.more")}
                  </Button>
                </Box>
              ) : null}
            </>
          )}
        </QueryState>
      </Paper>
    </>
  );
}
