import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import type { operations } from "../generated/schema";

export type UserFilters = NonNullable<operations["users_list_users"]["parameters"]["query"]>;

export const userListQuery = (filters: UserFilters) =>
  queryOptions({
    queryKey: ["users", "list", filters],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });

export function useGrantRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: Schemas["RoleAssignmentCreate"] }) =>
      unwrap(
        api.POST("/api/v1/users/{user_id}/role-assignments", { params: { path: { user_id: userId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useEndRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, assignmentId }: { userId: string; assignmentId: string }) =>
      unwrap(
        api.DELETE("/api/v1/users/{user_id}/role-assignments/{assignment_id}", {
          params: { path: { user_id: userId, assignment_id: assignmentId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["UserCreate"]) => unwrap(api.POST("/api/v1/users", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
}

/** The role table: each role's label, scopes and permissions, and whether the caller may grant it.
 * Keyed by the caller's current role and scope, whose grants it answers. */
export const roleRulesQuery = (caller: { role: Schemas["Role"]; scope_id?: string | null }) =>
  queryOptions({
    queryKey: ["roles", caller.role, caller.scope_id ?? null],
    queryFn: () => unwrap(api.GET("/api/v1/roles")),
    staleTime: Infinity,
  });
