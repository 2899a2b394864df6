import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../client";

const LONG = 10 * 60_000;

export const institutionsQuery = () =>
  queryOptions({
    queryKey: ["institutions"],
    queryFn: () => unwrap(api.GET("/api/v1/institutions", { params: { query: { limit: 200 } } })),
    staleTime: LONG,
  });

export const municipalitiesQuery = () =>
  queryOptions({
    queryKey: ["municipalities"],
    queryFn: () => unwrap(api.GET("/api/v1/municipalities", { params: { query: { limit: 200 } } })),
    staleTime: LONG,
  });

export const classGroupsQuery = (institutionId?: string | null) =>
  queryOptions({
    queryKey: ["class-groups", institutionId ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/class-groups", {
          params: { query: { institution_id: institutionId ?? undefined, limit: 200 } },
        }),
      ),
    staleTime: LONG,
  });

export const schoolYearsQuery = () =>
  queryOptions({
    queryKey: ["school-years"],
    queryFn: () => unwrap(api.GET("/api/v1/school-years")),
    staleTime: LONG,
  });

/** Institutions in scope whose name holds `q` (at most 20), for the institution filters. */
export const institutionSearchQuery = (q: string, municipalityId?: string) =>
  queryOptions({
    queryKey: ["institutions", "search", q, municipalityId ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/institutions", {
          params: { query: { q: q || undefined, municipality_id: municipalityId, limit: 20 } },
        }),
      ),
    staleTime: LONG,
  });
