import { useInfiniteQuery } from "@tanstack/react-query";
import { approvalInboxQuery, type PlanFilters } from "../../api/queries/plans";

type InboxFilters = Pick<PlanFilters, "institution_id" | "municipality_id" | "semester_id">;

/** Plans whose next approval step is the signed-in approver's, as the API decides it; the longest
 * waiting first, `limit` at a time, with more pages on request. */
export function useApprovalQueue(filters: InboxFilters = {}, limit = 50) {
  const inbox = useInfiniteQuery(approvalInboxQuery({ ...filters, limit }));
  return {
    plans: inbox.data?.pages.flatMap((page) => page.items) ?? [],
    isPending: inbox.isPending,
    error: inbox.error,
    hasMore: inbox.hasNextPage,
    loadingMore: inbox.isFetchingNextPage,
    loadMore: () => void inbox.fetchNextPage(),
  };
}
