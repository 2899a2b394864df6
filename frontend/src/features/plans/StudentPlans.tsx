import type { Schemas } from "../../api/client";

/** The student's support plans (filled in by the plans feature). */
export function StudentPlans(_props: { student: Schemas["StudentRead"] }) {
  return null;
}
