// Youth NGO initiatives: calls, projects, activities and their reports.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import type { operations } from "../generated/schema";

export type Call = Schemas["CallRead"];
export type Project = Schemas["ProjectRead"];
export type Activity = Schemas["ActivityRead"];
export type CallFilters = NonNullable<operations["ngo_list_calls"]["parameters"]["query"]>;
export type ProjectFilters = NonNullable<operations["ngo_list_projects"]["parameters"]["query"]>;
export type ActivityFilters = NonNullable<operations["ngo_list_activities"]["parameters"]["query"]>;

// Calls, projects and activities of one municipality or NGO fit on one page.
const ALL = 200;

export const callsQuery = (filters: CallFilters = {}) =>
  queryOptions({
    queryKey: ["ngo", "calls", filters],
    queryFn: () => unwrap(api.GET("/api/v1/initiative-calls", { params: { query: { limit: ALL, ...filters } } })),
    placeholderData: keepPreviousData,
  });

export const callQuery = (id: string) =>
  queryOptions({
    queryKey: ["ngo", "calls", id],
    queryFn: () => unwrap(api.GET("/api/v1/initiative-calls/{call_id}", { params: { path: { call_id: id } } })),
  });

export const callReportQuery = (id: string) =>
  queryOptions({
    queryKey: ["ngo", "calls", id, "report"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/initiative-calls/{call_id}/report", { params: { path: { call_id: id } } })),
  });

export const projectsQuery = (filters: ProjectFilters = {}) =>
  queryOptions({
    queryKey: ["ngo", "projects", filters],
    queryFn: () =>
      unwrap(api.GET("/api/v1/initiative-projects", { params: { query: { limit: ALL, ...filters } } })),
    placeholderData: keepPreviousData,
  });

export const projectQuery = (id: string) =>
  queryOptions({
    queryKey: ["ngo", "projects", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/initiative-projects/{project_id}", { params: { path: { project_id: id } } })),
  });

export const projectReportQuery = (id: string) =>
  queryOptions({
    queryKey: ["ngo", "projects", id, "report"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/initiative-projects/{project_id}/report", { params: { path: { project_id: id } } })),
  });

export const projectClassGroupsQuery = (id: string) =>
  queryOptions({
    queryKey: ["ngo", "projects", id, "class-groups"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/initiative-projects/{project_id}/class-groups", { params: { path: { project_id: id } } }),
      ),
  });

export const activitiesQuery = (filters: ActivityFilters = {}) =>
  queryOptions({
    queryKey: ["ngo", "activities", filters],
    queryFn: () => unwrap(api.GET("/api/v1/activities", { params: { query: { limit: ALL, ...filters } } })),
    placeholderData: keepPreviousData,
  });

export const activityQuery = (id: string) =>
  queryOptions({
    queryKey: ["ngo", "activities", id],
    queryFn: () => unwrap(api.GET("/api/v1/activities/{activity_id}", { params: { path: { activity_id: id } } })),
  });

export const initiativesReportQuery = (schoolYearId?: string) =>
  queryOptions({
    queryKey: ["ngo", "report", schoolYearId ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/reports/initiatives", { params: { query: { school_year_id: schoolYearId || undefined } } }),
      ),
  });

/** The institutions of one municipality: the schools a project may target. */
export const municipalityInstitutionsQuery = (municipalityId: string) =>
  queryOptions({
    queryKey: ["institutions", "municipality", municipalityId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/institutions", {
          params: { query: { municipality_id: municipalityId, type: "general_municipal", limit: ALL } },
        }),
      ),
    staleTime: 10 * 60_000,
  });

/** Every change here can move money, counts and statuses shown elsewhere: refresh all of it. */
function useNgoMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ["ngo"] }) });
}

export const useOpenCall = () =>
  useNgoMutation((body: Schemas["CallCreate"]) => unwrap(api.POST("/api/v1/initiative-calls", { body })));

export const useSubmitProject = () =>
  useNgoMutation((body: Schemas["ProjectCreate"]) => unwrap(api.POST("/api/v1/initiative-projects", { body })));

export const useApproveProject = (id: string) =>
  useNgoMutation((body: Schemas["ProjectDecision"]) =>
    unwrap(api.POST("/api/v1/initiative-projects/{project_id}/approve", { params: { path: { project_id: id } }, body })),
  );

export const useRejectProject = (id: string) =>
  useNgoMutation((body: Schemas["ProjectRejection"]) =>
    unwrap(api.POST("/api/v1/initiative-projects/{project_id}/reject", { params: { path: { project_id: id } }, body })),
  );

export const useCompleteProject = (id: string) =>
  useNgoMutation((body: Schemas["ProjectCompletion"]) =>
    unwrap(
      api.POST("/api/v1/initiative-projects/{project_id}/complete", { params: { path: { project_id: id } }, body }),
    ),
  );

export const useScheduleActivity = () =>
  useNgoMutation((body: Schemas["ActivityCreate"]) => unwrap(api.POST("/api/v1/activities", { body })));

export const useRecordOutcome = (id: string) =>
  useNgoMutation((body: Schemas["ActivityOutcome"]) =>
    unwrap(api.POST("/api/v1/activities/{activity_id}/outcome", { params: { path: { activity_id: id } }, body })),
  );

// Links from an activity to its participants' plan measures: school staff only, never the NGO.

export const measureLinksQuery = (activityId: string) =>
  queryOptions({
    queryKey: ["ngo", "activities", activityId, "measure-links"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/activities/{activity_id}/measure-links", { params: { path: { activity_id: activityId } } }),
      ),
  });

export const linkableMeasuresQuery = (activityId: string) =>
  queryOptions({
    queryKey: ["ngo", "activities", activityId, "linkable-measures"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/activities/{activity_id}/linkable-measures", {
          params: { path: { activity_id: activityId } },
        }),
      ),
  });

export const useLinkMeasure = (activityId: string) =>
  useNgoMutation((measureId: string) =>
    unwrap(
      api.POST("/api/v1/activities/{activity_id}/measure-links", {
        params: { path: { activity_id: activityId } },
        body: { measure_id: measureId },
      }),
    ),
  );

export const useUnlinkMeasure = (activityId: string) =>
  useNgoMutation((measureId: string) =>
    unwrap(
      api.DELETE("/api/v1/activities/{activity_id}/measure-links/{measure_id}", {
        params: { path: { activity_id: activityId, measure_id: measureId } },
      }),
    ),
  );

// Planned activities change: new details, a new date, a cancellation; each kept in the trail.

export type ActivityChange = Schemas["ActivityChangeRead"];

export const activityChangesQuery = (activityId: string) =>
  queryOptions({
    queryKey: ["ngo", "activities", activityId, "changes"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/activities/{activity_id}/changes", { params: { path: { activity_id: activityId } } })),
  });

export const useUpdateActivity = (id: string) =>
  useNgoMutation((body: Schemas["ActivityUpdate"]) =>
    unwrap(api.PATCH("/api/v1/activities/{activity_id}", { params: { path: { activity_id: id } }, body })),
  );

export const useCancelActivity = (id: string) =>
  useNgoMutation((body: Schemas["ActivityCancel"]) =>
    unwrap(api.POST("/api/v1/activities/{activity_id}/cancel", { params: { path: { activity_id: id } }, body })),
  );
