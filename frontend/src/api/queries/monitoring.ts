import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Problem, type Schemas } from "../client";
import type { operations } from "../generated/schema";
import { fileNameOf, type CsvFile } from "./integrations";

export type MonitoringReport = Schemas["MonitoringReport"];
export type ReportTable = Schemas["ReportTable"];
export type ReportRow = Schemas["Row"];
export type ReportName = Schemas["ReportName"];
export type MonitoringFilters = NonNullable<operations["reports_monitoring"]["parameters"]["query"]>;

/** One programme monitoring report, counted by the server in the caller's scope. */
export const monitoringQuery = (report: ReportName, filters: MonitoringFilters) =>
  queryOptions({
    queryKey: ["reports", "monitoring", report, filters],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/monitoring/{report}", { params: { path: { report }, query: filters } })),
    placeholderData: keepPreviousData,
  });

/** The same report as an XLSX or CSV file, with the same cells withheld. */
export async function exportMonitoring(
  report: ReportName,
  filters: MonitoringFilters,
  format: "xlsx" | "csv",
  lang: "lv" | "en",
): Promise<CsvFile> {
  const { data, error, response } = await api.GET("/api/v1/reports/monitoring/{report}/export", {
    params: { path: { report }, query: { ...filters, format, lang } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new ApiError(response.status, (error ?? null) as Partial<Problem> | null);
  return { blob: data, fileName: fileNameOf(response.headers.get("Content-Disposition")) ?? `pumpurs-${report}.${format}` };
}

/** The totals of a report's first table, semester by semester. */
export const trendQuery = (report: ReportName, filters: Omit<MonitoringFilters, "semester_id">) =>
  queryOptions({
    queryKey: ["reports", "trend", report, filters],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/monitoring/{report}/trend", { params: { path: { report }, query: filters } })),
    placeholderData: keepPreviousData,
  });
