import { describe, expect, it } from "vitest";
import {
  decisionSchema,
  deliverySchema,
  emptyDelivery,
  emptyMeasure,
  measureSchema,
  toDeliveryCreate,
  toMeasureCreate,
} from "./validation";

type Issues = { error?: { issues: { path: PropertyKey[]; message: string }[] } };
const errors = (result: Issues) =>
  Object.fromEntries((result.error?.issues ?? []).reverse().map((i) => [i.path.join("."), i.message]));

const TODAY = "2026-03-10";

describe("measure form", () => {
  it("needs a type and someone responsible", () => {
    expect(errors(measureSchema.safeParse(emptyMeasure))).toEqual({
      measure_type_id: "validation.required",
      responsible_user_id: "validation.required",
    });
  });

  it("accepts an outside provider instead of a staff member", () => {
    const values = { ...emptyMeasure, measure_type_id: "t", provider_name: "Biedrība" };
    expect(measureSchema.safeParse(values).success).toBe(true);
  });

  it("refuses an end before the start, fractions of sessions and malformed money", () => {
    const values = {
      ...emptyMeasure,
      measure_type_id: "t",
      responsible_user_id: "u",
      starts_on: "2026-02-01",
      ends_on: "2026-01-31",
      planned_quantity: "2.5",
      planned_amount_eur: "10.999",
    };
    expect(errors(measureSchema.safeParse(values))).toEqual({
      ends_on: "validation.dateOrder",
      planned_quantity: "validation.wholeNumber",
      planned_amount_eur: "validation.money",
    });
  });

  it("turns the form into the API body, with a decimal point and nulls for blanks", () => {
    const body = toMeasureCreate({
      ...emptyMeasure,
      measure_type_id: "t",
      responsible_user_id: "u",
      planned_quantity: "8",
      planned_amount_eur: "12,50",
    });
    expect(body).toMatchObject({
      measure_type_id: "t",
      responsible_user_id: "u",
      provider_name: null,
      planned_quantity: 8,
      planned_amount_eur: "12.50",
      starts_on: null,
    });
  });
});

describe("delivery form", () => {
  const schema = deliverySchema(TODAY);
  const consultation = { ...emptyDelivery(TODAY), measure_id: "m", duration_minutes: "45" };

  it("accepts a consultation with its duration", () => {
    expect(schema.safeParse(consultation).success).toBe(true);
    expect(toDeliveryCreate(consultation)).toMatchObject({ delivered_on: TODAY, duration_minutes: 45, remote: false });
  });

  it("needs the duration of a consultation and refuses a future date", () => {
    const values = { ...consultation, duration_minutes: "", delivered_on: "2026-03-11" };
    expect(errors(schema.safeParse(values))).toEqual({
      delivered_on: "validation.noFutureDate",
      duration_minutes: "validation.required",
    });
  });

  it("needs the amount of a compensation", () => {
    const values = { ...emptyDelivery(TODAY), measure_id: "m", category: "compensation" as const };
    expect(errors(schema.safeParse(values))).toEqual({ amount_eur: "validation.amountNeeded" });
  });

  it("needs a remote session confirmed within one day", () => {
    const late = { ...consultation, remote: true, confirmation: "email", confirmed_on: "2026-03-12", delivered_on: "2026-03-09" };
    expect(errors(schema.safeParse(late))).toEqual({ confirmed_on: "validation.confirmationWithinDay" });
    const missing = { ...consultation, remote: true, confirmation: "", confirmed_on: "" };
    expect(errors(schema.safeParse(missing))).toEqual({
      confirmation: "validation.remoteConfirmation",
      confirmed_on: "validation.remoteConfirmation",
    });
    const onTime = { ...late, confirmed_on: "2026-03-10" };
    expect(schema.safeParse(onTime).success).toBe(true);
  });
});

describe("approval decision", () => {
  it("needs a comment to return a plan, not to approve it", () => {
    expect(decisionSchema.safeParse({ decision: "approve", comment: "" }).success).toBe(true);
    expect(errors(decisionSchema.safeParse({ decision: "return", comment: "  " }))).toEqual({
      comment: "validation.commentRequired",
    });
  });
});
