import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Problem } from "../client";
import type { operations } from "../generated/schema";
import { fileNameOf, type CsvFile } from "./integrations";

export type AuditFilters = NonNullable<operations["audit_list_events"]["parameters"]["query"]>;
export type AuditExportFilters = NonNullable<operations["audit_export_events"]["parameters"]["query"]>;

export const auditEventsQuery = (filters: AuditFilters) =>
  queryOptions({
    queryKey: ["audit-events", filters],
    queryFn: () => unwrap(api.GET("/api/v1/audit-events", { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });

/** The filtered audit events as CSV (the export is itself audited). */
export async function exportAuditCsv(filters: AuditExportFilters): Promise<CsvFile> {
  const { data, error, response } = await api.GET("/api/v1/audit-events/export.csv", {
    params: { query: filters },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new ApiError(response.status, (error ?? null) as Partial<Problem> | null);
  return { blob: data, fileName: fileNameOf(response.headers.get("Content-Disposition")) };
}

/** Everything held about one student (subject access), as a PDF or JSON file; audited as an export. */
export async function subjectAccessFile(studentId: string, format: "pdf" | "json"): Promise<CsvFile> {
  const path = { params: { path: { student_id: studentId } }, parseAs: "blob" } as const;
  const { data, error, response } =
    format === "pdf"
      ? await api.GET("/api/v1/students/{student_id}/subject-access.pdf", path)
      : await api.GET("/api/v1/students/{student_id}/subject-access", path);
  if (!response.ok || !data) throw new ApiError(response.status, (error ?? null) as Partial<Problem> | null);
  const fallback = `subject-access-${studentId}.${format}`;
  return { blob: data, fileName: fileNameOf(response.headers.get("Content-Disposition")) ?? fallback };
}
