import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../client";


/** Plans per institution in the caller's scope, counted by the server (the current semester unless given). */
export const planReportQuery = (semesterId?: string) =>
  queryOptions({
    queryKey: ["plans", "report", semesterId ?? null],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/plans", { params: { query: semesterId ? { semester_id: semesterId } : {} } })),
  });
