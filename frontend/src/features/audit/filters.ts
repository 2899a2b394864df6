import type { AuditFilters } from "../../api/queries/audit";

export interface AuditFilterInput {
  studentId: string | null;
  userId: string | null;
  action: string;
  resourceType: string;
  /** Calendar days (YYYY-MM-DD), both included; empty for no bound. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilterInput = {
  studentId: null,
  userId: null,
  action: "",
  resourceType: "",
  from: "",
  to: "",
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a calendar day in Latvia's time zone as an instant the API accepts. */
function startOfDay(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** The query parameters of the audit list and its CSV export for the filters on the page. */
export function auditQuery(input: AuditFilterInput): Omit<AuditFilters, "limit" | "cursor"> {
  const query: Omit<AuditFilters, "limit" | "cursor"> = {};
  if (input.studentId) query.student_id = input.studentId;
  if (input.userId) query.actor_user_id = input.userId;
  if (input.action) query.action = input.action as NonNullable<AuditFilters["action"]>;
  if (input.resourceType) query.resource_type = input.resourceType;
  if (DAY.test(input.from)) query.since = startOfDay(input.from);
  if (DAY.test(input.to)) query.until = nextDay(input.to);
  return query;
}
