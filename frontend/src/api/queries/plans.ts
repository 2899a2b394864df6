import { infiniteQueryOptions, keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import type { operations } from "../generated/schema";

export type PlanFilters = NonNullable<operations["plans_list_plans"]["parameters"]["query"]>;
export type Plan = Schemas["PlanRead"];

export const planListQuery = (filters: PlanFilters) =>
  queryOptions({
    queryKey: ["plans", "list", filters],
    queryFn: () => unwrap(api.GET("/api/v1/plans", { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });

/** The approvals inbox: plans whose next approval step is the caller's, the longest waiting first,
 * one page after another as the API's cursor leads. */
export const approvalInboxQuery = (filters: Omit<PlanFilters, "awaiting_my_decision" | "cursor">) =>
  infiniteQueryOptions({
    queryKey: ["plans", "inbox", filters],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/plans", {
          params: { query: { ...filters, awaiting_my_decision: true, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const planQuery = (id: string) =>
  queryOptions({
    queryKey: ["plans", id],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: id } } })),
  });

/** The submit checklist, as the server's submit computes it. */
export const planReadinessQuery = (id: string) =>
  queryOptions({
    queryKey: ["plans", id, "readiness"],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}/readiness", { params: { path: { plan_id: id } } })),
  });

export const planHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: ["plans", id, "history"],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}/history", { params: { path: { plan_id: id } } })),
  });

export const planNotesQuery = (id: string) =>
  queryOptions({
    queryKey: ["plans", id, "notes"],
    queryFn: () => unwrap(api.GET("/api/v1/plans/{plan_id}/notes", { params: { path: { plan_id: id } } })),
  });

export const deliveriesQuery = (measureId: string) =>
  queryOptions({
    queryKey: ["measures", measureId, "deliveries"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/measures/{measure_id}/deliveries", { params: { path: { measure_id: measureId } } })),
  });

const ifMatch = (plan: Plan) => ({ "if-match": `"${plan.version}"` });

/** Mutations of one plan; each puts the answer in the cache and refreshes what depends on it. */
export function usePlanMutations(planId: string) {
  const client = useQueryClient();
  const path = { plan_id: planId };
  const settle = (plan?: Plan) => {
    if (plan) client.setQueryData(planQuery(planId).queryKey, plan);
    void client.invalidateQueries({ queryKey: ["plans"] });
    void client.invalidateQueries({ queryKey: ["measures"] });
  };
  const onSuccess = (plan: Plan) => settle(plan);
  const onError = () => settle();

  return {
    update: useMutation({
      mutationFn: ({ plan, body }: { plan: Plan; body: Schemas["PlanUpdate"] }) =>
        unwrap(api.PATCH("/api/v1/plans/{plan_id}", { params: { path, header: ifMatch(plan) }, body })),
      onSuccess,
      onError,
    }),
    setRiskAssessment: useMutation({
      mutationFn: ({ plan, body }: { plan: Plan; body: Schemas["RiskAssessmentIn"] }) =>
        unwrap(
          api.PUT("/api/v1/plans/{plan_id}/risk-assessment", { params: { path, header: ifMatch(plan) }, body }),
        ),
      onSuccess,
      onError,
    }),
    addMeasure: useMutation({
      mutationFn: (body: Schemas["MeasureCreate"]) =>
        unwrap(api.POST("/api/v1/plans/{plan_id}/measures", { params: { path }, body })),
      onSuccess: () => settle(),
    }),
    cancelMeasure: useMutation({
      mutationFn: (measureId: string) =>
        unwrap(api.POST("/api/v1/measures/{measure_id}/cancel", { params: { path: { measure_id: measureId } } })),
      onSuccess: () => settle(),
    }),
    updateMeasure: useMutation({
      mutationFn: ({ measureId, body }: { measureId: string; body: Schemas["MeasureUpdate"] }) =>
        unwrap(api.PATCH("/api/v1/measures/{measure_id}", { params: { path: { measure_id: measureId } }, body })),
      onSuccess: () => settle(),
    }),
    correctDelivery: useMutation({
      mutationFn: ({ deliveryId, body }: { deliveryId: string; body: Schemas["DeliveryCorrection"] }) =>
        unwrap(
          api.POST("/api/v1/deliveries/{delivery_id}/correct", { params: { path: { delivery_id: deliveryId } }, body }),
        ),
      onSuccess: () => settle(),
    }),
    voidDelivery: useMutation({
      mutationFn: ({ deliveryId, reason }: { deliveryId: string; reason: string }) =>
        unwrap(
          api.POST("/api/v1/deliveries/{delivery_id}/void", {
            params: { path: { delivery_id: deliveryId } },
            body: { reason },
          }),
        ),
      onSuccess: () => settle(),
    }),
    setSensitiveLevels: useMutation({
      mutationFn: (body: Schemas["SensitiveLevelsIn"]) =>
        unwrap(api.PUT("/api/v1/plans/{plan_id}/evaluation/sensitive-levels", { params: { path }, body })),
      onSuccess,
    }),
    logDelivery: useMutation({
      mutationFn: ({ measureId, body }: { measureId: string; body: Schemas["DeliveryCreate"] }) =>
        unwrap(
          api.POST("/api/v1/measures/{measure_id}/deliveries", { params: { path: { measure_id: measureId } }, body }),
        ),
      onSuccess: () => settle(),
    }),
    addNote: useMutation({
      mutationFn: (body: Schemas["NoteCreate"]) =>
        unwrap(api.POST("/api/v1/plans/{plan_id}/notes", { params: { path }, body })),
      onSuccess: () => void client.invalidateQueries({ queryKey: planNotesQuery(planId).queryKey }),
    }),
    submit: useMutation({
      mutationFn: () => unwrap(api.POST("/api/v1/plans/{plan_id}/submit", { params: { path } })),
      onSuccess,
    }),
    approve: useMutation({
      mutationFn: (body: Schemas["ApproveBody"]) =>
        unwrap(api.POST("/api/v1/plans/{plan_id}/approve", { params: { path }, body })),
      onSuccess,
    }),
    returnPlan: useMutation({
      mutationFn: (body: Schemas["ReturnBody"]) =>
        unwrap(api.POST("/api/v1/plans/{plan_id}/return", { params: { path }, body })),
      onSuccess,
    }),
    evaluate: useMutation({
      mutationFn: (body: Schemas["EvaluationIn"]) =>
        unwrap(api.POST("/api/v1/plans/{plan_id}/evaluate", { params: { path }, body })),
      onSuccess,
    }),
    close: useMutation({
      mutationFn: () => unwrap(api.POST("/api/v1/plans/{plan_id}/close", { params: { path } })),
      onSuccess,
    }),
    discontinue: useMutation({
      mutationFn: (body: Schemas["DiscontinueBody"]) =>
        unwrap(api.POST("/api/v1/plans/{plan_id}/discontinue", { params: { path }, body })),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: () => unwrap(api.DELETE("/api/v1/plans/{plan_id}", { params: { path } })),
      onSuccess: () => void client.invalidateQueries({ queryKey: ["plans"] }),
    }),
  };
}

export function useCreatePlan() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PlanCreate"]) => unwrap(api.POST("/api/v1/plans", { body })),
    onSuccess: (plan) => {
      client.setQueryData(planQuery(plan.id).queryKey, plan);
      void client.invalidateQueries({ queryKey: ["plans", "list"] });
    },
  });
}

export type MeasureFilters = NonNullable<operations["interventions_list_measures_in_scope"]["parameters"]["query"]>;

/** Measures across the plans in scope, e.g. the running ones the signed-in person is responsible for. */
export const measuresInScopeQuery = (filters: MeasureFilters) =>
  queryOptions({
    queryKey: ["measures", "list", filters],
    queryFn: () => unwrap(api.GET("/api/v1/measures", { params: { query: filters } })),
  });
