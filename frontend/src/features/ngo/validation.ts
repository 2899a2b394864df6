// Form schemas of NGO initiatives (zod). Messages are translation keys, rendered by the forms.
import { z } from "zod";
import type { Schemas } from "../../api/client";

const required = z.string().trim().min(1, "validation.required");
const text = (max: number) => required.max(max, "validation.tooLong");
const money = required
  .regex(/^\d+([.,]\d{1,2})?$/, "validation.money")
  .refine((v) => Number(v.replace(",", ".")) > 0, "validation.positive");
const count = required.regex(/^\d{1,6}$/, "validation.wholeNumber");
// A date field (DateField) gives YYYY-MM-DD, or "invalid" while what is typed is not a date.
const isoDate = required.regex(/^\d{4}-\d{2}-\d{2}$/, "dates.invalid");

export const toEuros = (value: string): string => value.trim().replace(",", ".");

export const callSchema = z.object({
  title: text(300),
  school_year_id: required,
  budget_eur: money,
  deadline: isoDate,
});
export type CallValues = z.infer<typeof callSchema>;

export const projectSchema = z
  .object({
    title: text(300),
    description: text(4000),
    amount_eur: money,
    starts_on: isoDate,
    ends_on: isoDate,
    institution_ids: z.array(z.string()).min(1, "validation.required"),
  })
  .refine((v) => !v.starts_on || !v.ends_on || v.starts_on <= v.ends_on, {
    path: ["ends_on"],
    message: "validation.dateOrder",
  });
export type ProjectValues = z.infer<typeof projectSchema>;

export function toProjectCreate(callId: string, v: ProjectValues): Schemas["ProjectCreate"] {
  return { call_id: callId, ...v, amount_eur: toEuros(v.amount_eur) };
}

export const activitySchema = z.object({
  type: z.enum(["team_building", "peer_mentoring", "workshop", "other"]),
  title: text(300),
  held_on: isoDate,
  institution_id: required,
  class_group_ids: z.array(z.string()).min(1, "validation.required"),
  planned_participants: z.string().trim().regex(/^\d{0,6}$/, "validation.wholeNumber"),
});
export type ActivityValues = z.infer<typeof activitySchema>;

export function toActivityCreate(projectId: string, v: ActivityValues): Schemas["ActivityCreate"] {
  return {
    project_id: projectId,
    type: v.type,
    title: v.title,
    held_on: v.held_on,
    institution_id: v.institution_id,
    class_group_ids: v.class_group_ids,
    planned_participants: v.planned_participants ? Number(v.planned_participants) : null,
  };
}

export const outcomeSchema = z
  .object({
    actual_participants: count,
    at_risk_participants: count,
    feedback: z.string().trim().max(4000, "validation.tooLong"),
  })
  .refine((v) => Number(v.at_risk_participants) <= Number(v.actual_participants), {
    path: ["at_risk_participants"],
    message: "ngo.validation.atRiskWithinActual",
  });
export type OutcomeValues = z.infer<typeof outcomeSchema>;

export function toOutcome(v: OutcomeValues): Schemas["ActivityOutcome"] {
  return {
    actual_participants: Number(v.actual_participants),
    at_risk_participants: Number(v.at_risk_participants),
    feedback: v.feedback.trim() || null,
  };
}

export const completionSchema = z.object({
  report: text(4000),
  used_eur: required.regex(/^\d+([.,]\d{1,2})?$/, "validation.money"),
});
export type CompletionValues = z.infer<typeof completionSchema>;
