import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import type { operations } from "../generated/schema";

export type StudentFilters = NonNullable<operations["students_list_students"]["parameters"]["query"]>;

export const studentListQuery = (filters: StudentFilters) =>
  queryOptions({
    queryKey: ["students", "list", filters],
    queryFn: () => unwrap(api.GET("/api/v1/students", { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });

export const studentQuery = (id: string) =>
  queryOptions({
    queryKey: ["students", id],
    queryFn: () => unwrap(api.GET("/api/v1/students/{student_id}", { params: { path: { student_id: id } } })),
  });

export const guardiansQuery = (id: string) =>
  queryOptions({
    queryKey: ["students", id, "guardians"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/students/{student_id}/guardians", { params: { path: { student_id: id } } })),
  });

export const consentsQuery = (id: string) =>
  queryOptions({
    queryKey: ["students", id, "consents"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/students/{student_id}/consents", { params: { path: { student_id: id } } })),
  });

export const enrollmentsQuery = (id: string) =>
  queryOptions({
    queryKey: ["students", id, "enrollments"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/students/{student_id}/enrollments", { params: { path: { student_id: id } } })),
  });

/** A student's guardians and consents, written by the student's school; a consent change also
 * changes what the student's plans still need (their readiness). */
export function useGuardianConsentMutations(studentId: string) {
  const client = useQueryClient();
  const path = { student_id: studentId };
  const settle = () => {
    void client.invalidateQueries({ queryKey: ["students", studentId] });
    void client.invalidateQueries({ queryKey: ["plans"] });
  };
  return {
    addGuardian: useMutation({
      mutationFn: (body: Schemas["GuardianCreate"]) =>
        unwrap(api.POST("/api/v1/students/{student_id}/guardians", { params: { path }, body })),
      onSuccess: settle,
    }),
    updateGuardian: useMutation({
      mutationFn: ({ guardianId, body }: { guardianId: string; body: Schemas["GuardianUpdate"] }) =>
        unwrap(
          api.PATCH("/api/v1/students/{student_id}/guardians/{guardian_id}", {
            params: { path: { ...path, guardian_id: guardianId } },
            body,
          }),
        ),
      onSuccess: settle,
    }),
    endGuardian: useMutation({
      mutationFn: ({ guardianId, body }: { guardianId: string; body: Schemas["GuardianEnd"] }) =>
        unwrap(
          api.POST("/api/v1/students/{student_id}/guardians/{guardian_id}/end", {
            params: { path: { ...path, guardian_id: guardianId } },
            body,
          }),
        ),
      onSuccess: settle,
    }),
    addConsent: useMutation({
      mutationFn: (body: Schemas["ConsentCreate"]) =>
        unwrap(api.POST("/api/v1/students/{student_id}/consents", { params: { path }, body })),
      onSuccess: settle,
    }),
    withdrawConsent: useMutation({
      mutationFn: ({ consentId, reason }: { consentId: string; reason: string }) =>
        unwrap(
          api.POST("/api/v1/students/{student_id}/consents/{consent_id}/withdraw", {
            params: { path: { ...path, consent_id: consentId } },
            body: { reason },
          }),
        ),
      onSuccess: settle,
    }),
  };
}
