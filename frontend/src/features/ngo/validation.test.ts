import { describe, expect, it } from "vitest";
import { outcomeSchema, projectSchema, toOutcome, toProjectCreate } from "./validation";

describe("outcome of an activity", () => {
  it("accepts counts and sends numbers", () => {
    const parsed = outcomeSchema.parse({ actual_participants: "24", at_risk_participants: "4", feedback: " Labi " });
    expect(toOutcome(parsed)).toEqual({ actual_participants: 24, at_risk_participants: 4, feedback: "Labi" });
  });

  it("refuses more at-risk participants than participants", () => {
    const result = outcomeSchema.safeParse({ actual_participants: "3", at_risk_participants: "4", feedback: "" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["at_risk_participants"]);
  });

  it("refuses names instead of a count", () => {
    const result = outcomeSchema.safeParse({ actual_participants: "3", at_risk_participants: "Anna", feedback: "" });
    expect(result.success).toBe(false);
  });
});

describe("project submission", () => {
  const valid = {
    title: "Komandas gars",
    description: "Četri pasākumi",
    amount_eur: "4600,00",
    starts_on: "2026-09-01",
    ends_on: "2026-12-20",
    institution_ids: ["a1"],
  };

  it("writes the amount with a decimal point", () => {
    expect(toProjectCreate("call", projectSchema.parse(valid)).amount_eur).toBe("4600.00");
  });

  it("needs an ordered period and at least one school", () => {
    expect(projectSchema.safeParse({ ...valid, ends_on: "2026-08-31" }).success).toBe(false);
    expect(projectSchema.safeParse({ ...valid, institution_ids: [] }).success).toBe(false);
  });
});
