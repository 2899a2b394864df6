// Forms of the plan pages. Inputs arrive as strings; these schemas check them and say which field is
// wrong with a translation key. `toMeasureCreate` / `toDeliveryCreate` turn valid values into bodies.
import { z } from "zod";
import type { Schemas } from "../../api/client";

const optionalWhole = z
  .string()
  .trim()
  .refine((v) => v === "" || /^\d+$/.test(v), "validation.wholeNumber");
const optionalMoney = z
  .string()
  .trim()
  .refine((v) => v === "" || /^\d+([.,]\d{1,2})?$/.test(v), "validation.money");
const optionalDate = z.string().trim();

export const measureSchema = z
  .object({
    measure_type_id: z.string().min(1, "validation.required"),
    subject: z.string().trim().max(100, "validation.tooLong"),
    responsible_user_id: z.string(),
    provider_name: z.string().trim().max(200, "validation.tooLong"),
    addressed_factor_ids: z.array(z.string()),
    planned_quantity: optionalWhole,
    planned_hours: optionalWhole,
    planned_amount_eur: optionalMoney,
    starts_on: optionalDate,
    ends_on: optionalDate,
  })
  .superRefine((v, ctx) => {
    if (!v.responsible_user_id && !v.provider_name) {
      ctx.addIssue({ code: "custom", path: ["responsible_user_id"], message: "validation.required" });
    }
    if (v.starts_on && v.ends_on && v.ends_on < v.starts_on) {
      ctx.addIssue({ code: "custom", path: ["ends_on"], message: "validation.dateOrder" });
    }
  });
export type MeasureValues = z.infer<typeof measureSchema>;

export const emptyMeasure: MeasureValues = {
  measure_type_id: "",
  subject: "",
  responsible_user_id: "",
  provider_name: "",
  addressed_factor_ids: [],
  planned_quantity: "",
  planned_hours: "",
  planned_amount_eur: "",
  starts_on: "",
  ends_on: "",
};

/** The form's values of an existing measure, for editing it. */
export function measureValues(m: Schemas["MeasureRead"]): MeasureValues {
  return {
    measure_type_id: m.measure_type_id,
    subject: m.subject ?? "",
    responsible_user_id: m.responsible_user_id ?? "",
    provider_name: m.provider_name ?? "",
    addressed_factor_ids: [...m.addressed_factor_ids],
    planned_quantity: m.planned_quantity === null ? "" : String(m.planned_quantity),
    planned_hours: m.planned_hours === null ? "" : String(m.planned_hours),
    planned_amount_eur: m.planned_amount_eur ?? "",
    starts_on: m.starts_on ?? "",
    ends_on: m.ends_on ?? "",
  };
}

/** The body of an edit: every field but the type, which a measure keeps. */
export function toMeasureUpdate(v: MeasureValues): Schemas["MeasureUpdate"] {
  const { measure_type_id: _type, ...rest } = toMeasureCreate(v);
  void _type;
  return rest;
}

const orNull = (v: string) => (v.trim() === "" ? null : v.trim());

export function toMeasureCreate(v: MeasureValues): Schemas["MeasureCreate"] {
  return {
    measure_type_id: v.measure_type_id,
    subject: orNull(v.subject),
    responsible_user_id: orNull(v.responsible_user_id),
    provider_name: orNull(v.provider_name),
    addressed_factor_ids: v.addressed_factor_ids,
    planned_quantity: v.planned_quantity ? Number(v.planned_quantity) : null,
    planned_hours: v.planned_hours ? Number(v.planned_hours) : null,
    planned_amount_eur: v.planned_amount_eur ? v.planned_amount_eur.replace(",", ".") : null,
    starts_on: orNull(v.starts_on),
    ends_on: orNull(v.ends_on),
  };
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

export function deliverySchema(today: string) {
  return z
    .object({
      measure_id: z.string().min(1, "validation.required"),
      category: z.enum(["consultation", "compensation", "activity"]),
      delivered_on: z.string().min(1, "validation.required"),
      duration_minutes: optionalWhole,
      quantity: optionalWhole,
      amount_eur: optionalMoney,
      evidence_reference: z.string().trim().max(200, "validation.tooLong"),
      remote: z.boolean(),
      confirmation: z.string(),
      confirmed_on: z.string(),
      note: z.string().trim().max(2000, "validation.tooLong"),
    })
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (v.delivered_on && v.delivered_on > today) issue("delivered_on", "validation.noFutureDate");
      const minutes = Number(v.duration_minutes || 0);
      if (v.duration_minutes && (minutes < 1 || minutes > 720)) issue("duration_minutes", "validation.positive");
      if (v.category === "consultation" && !v.duration_minutes) issue("duration_minutes", "validation.required");
      if (v.category === "compensation" && !v.amount_eur) issue("amount_eur", "validation.amountNeeded");
      if (v.amount_eur && Number(v.amount_eur.replace(",", ".")) <= 0) issue("amount_eur", "validation.positive");
      if (v.category === "activity" && !v.duration_minutes && !v.quantity) {
        issue("quantity", "validation.durationOrQuantity");
      }
      if (v.remote) {
        if (!v.confirmation) issue("confirmation", "validation.remoteConfirmation");
        if (!v.confirmed_on) issue("confirmed_on", "validation.remoteConfirmation");
        else if (v.delivered_on) {
          const days = daysBetween(v.delivered_on, v.confirmed_on);
          if (days < 0 || days > 1) issue("confirmed_on", "validation.confirmationWithinDay");
        }
      }
    });
}
export type DeliveryValues = z.infer<ReturnType<typeof deliverySchema>>;

export function emptyDelivery(today: string): DeliveryValues {
  return {
    measure_id: "",
    category: "consultation",
    delivered_on: today,
    duration_minutes: "",
    quantity: "",
    amount_eur: "",
    evidence_reference: "",
    remote: false,
    confirmation: "signature",
    confirmed_on: "",
    note: "",
  };
}

export function toDeliveryCreate(v: DeliveryValues): Schemas["DeliveryCreate"] {
  return {
    delivered_on: v.delivered_on,
    duration_minutes: v.duration_minutes ? Number(v.duration_minutes) : null,
    quantity: v.quantity ? Number(v.quantity) : null,
    amount_eur: v.amount_eur ? v.amount_eur.replace(",", ".") : null,
    evidence_reference: orNull(v.evidence_reference),
    remote: v.remote,
    confirmation: (v.confirmation || null) as Schemas["DeliveryCreate"]["confirmation"],
    confirmed_on: orNull(v.confirmed_on),
    note: orNull(v.note),
  };
}

/** Returning a plan needs a comment; approving does not. */
export const decisionSchema = z
  .object({ decision: z.enum(["approve", "return"]), comment: z.string().trim().max(2000, "validation.tooLong") })
  .superRefine((v, ctx) => {
    if (v.decision === "return" && !v.comment) {
      ctx.addIssue({ code: "custom", path: ["comment"], message: "validation.commentRequired" });
    }
  });

export const evaluationSchema = z.object({
  outcome: z.string().min(1, "validation.required"),
  continue_next: z.boolean(),
  narrative: z.string().trim().max(10000, "validation.tooLong"),
  levels: z.record(z.string(), z.string()),
});

export const noteSchema = z.object({
  text: z.string().trim().min(1, "validation.required").max(10000, "validation.tooLong"),
  restricted: z.boolean(),
});
export type NoteValues = z.infer<typeof noteSchema>;
export const emptyNote: NoteValues = { text: "", restricted: false };

/** The request body of a new note; only those who may see restricted notes can send the flag. */
export function toNoteCreate(values: NoteValues, mayRestrict: boolean): Schemas["NoteCreate"] {
  return { text: values.text.trim(), restricted: mayRestrict && values.restricted };
}
