import { useQueries, useQuery } from "@tanstack/react-query";
import { institutionsQuery } from "../../api/queries/organisation";
import { planListQuery } from "../../api/queries/plans";
import { useMe } from "../../auth/SessionProvider";
import { awaitingStep, statusesToApprove } from "./actions";

const STEP_OF_PERMISSION = {
  "plans:approve_school": "school",
  "plans:approve_municipality": "municipality",
  "plans:approve_national": "national",
} as const;

/** Plans waiting for the signed-in approver's step, oldest change first. */
export function useApprovalQueue() {
  const me = useMe();
  const statuses = statusesToApprove(me.permissions);
  const institutions = useQuery(institutionsQuery());
  const lists = useQueries({
    queries: statuses.map((status) => planListQuery({ status, limit: 200 })),
  });
  const mySteps = Object.entries(STEP_OF_PERMISSION)
    .filter(([permission]) => me.permissions.includes(permission))
    .map(([, step]) => step);
  const routeOf = (id: string) => institutions.data?.items.find((i) => i.id === id)?.approval_route ?? "municipal";
  const plans = lists
    .flatMap((l) => l.data?.items ?? [])
    .filter((p) => {
      const step = awaitingStep(p.status, routeOf(p.institution_id));
      return step !== null && (mySteps as string[]).includes(step);
    })
    .sort((a, b) => a.status_changed_at.localeCompare(b.status_changed_at));
  return {
    plans,
    isPending: lists.some((l) => l.isPending) || institutions.isPending,
    error: lists.find((l) => l.error)?.error ?? institutions.error,
    institutionName: (id: string) => institutions.data?.items.find((i) => i.id === id)?.name ?? "—",
  };
}
