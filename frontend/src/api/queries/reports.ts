import { queryOptions } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";

export type PlanReport = Schemas["PlanReport"];
export type ReportCounts = Schemas["ReportCounts"];

/** Plans per institution in the caller's scope, counted by the server (the current semester unless given). */
export const planReportQuery = (semesterId?: string) =>
  queryOptions({
    queryKey: ["plans", "report", semesterId ?? null],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/plans", { params: { query: semesterId ? { semester_id: semesterId } : {} } })),
  });
