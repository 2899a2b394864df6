import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

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

export const institutionQuery = (institutionId: string) =>
  queryOptions({
    queryKey: ["institutions", "one", institutionId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/institutions/{institution_id}", { params: { path: { institution_id: institutionId } } })),
  });

/** The class groups of one institution in one school year. */
export const institutionClassGroupsQuery = (institutionId: string, schoolYearId: string) =>
  queryOptions({
    queryKey: ["class-groups", institutionId, schoolYearId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/class-groups", {
          params: { query: { institution_id: institutionId, school_year_id: schoolYearId, limit: 200 } },
        }),
      ),
  });

export function useCreateMunicipality() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["MunicipalityCreate"]) => unwrap(api.POST("/api/v1/municipalities", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["municipalities"] }),
  });
}

export function useCreateInstitution() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["InstitutionCreate"]) => unwrap(api.POST("/api/v1/institutions", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["institutions"] }),
  });
}

export function useCreateSchoolYear() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["SchoolYearCreate"]) => unwrap(api.POST("/api/v1/school-years", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["school-years"] }),
  });
}

export function useCreateClassGroup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ClassGroupCreate"]) => unwrap(api.POST("/api/v1/class-groups", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["class-groups"] }),
  });
}
