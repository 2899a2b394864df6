import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../client";
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
