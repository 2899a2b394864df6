import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

const LONG = 10 * 60_000;

export const riskGroupsQuery = () =>
  queryOptions({
    queryKey: ["catalogues", "risk-groups"],
    queryFn: () => unwrap(api.GET("/api/v1/risk-groups")),
    staleTime: LONG,
  });

export const riskFactorsQuery = () =>
  queryOptions({
    queryKey: ["catalogues", "risk-factors"],
    queryFn: () => unwrap(api.GET("/api/v1/risk-factors", {})),
    staleTime: LONG,
  });

export const measureTypesQuery = () =>
  queryOptions({
    queryKey: ["catalogues", "measure-types"],
    queryFn: () => unwrap(api.GET("/api/v1/measure-types", {})),
    staleTime: LONG,
  });

export function useUpdateRiskFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["RiskFactorUpdate"] }) =>
      unwrap(api.PATCH("/api/v1/risk-factors/{factor_id}", { params: { path: { factor_id: id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["catalogues"] }),
  });
}

export function useUpdateMeasureType() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["MeasureTypeUpdate"] }) =>
      unwrap(
        api.PATCH("/api/v1/measure-types/{measure_type_id}", {
          params: { path: { measure_type_id: id } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["catalogues"] }),
  });
}
