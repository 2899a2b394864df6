import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { formatNumber } from "../../lib/format";
import { chartRow, chartRows, countText, moneyText, STATUSES } from "./figures";

const byStatus = (values: Partial<Record<(typeof STATUSES)[number], number | null>>) =>
  Object.fromEntries(STATUSES.map((s) => [s, values[s] ?? 0])) as Schemas["PlansByStatus"];

function institution(name: string, plans: number | null, statuses: Schemas["PlansByStatus"]): Schemas["InstitutionReport"] {
  return {
    institution_id: name,
    institution_name: name,
    municipality_id: null,
    suppressed: plans === null,
    students_enrolled: 10,
    students_with_plan: plans,
    plans,
    plans_by_status: statuses,
    plans_by_risk_level: { low: 0, medium: 0, high: 0, unrated: 0 },
    measures_planned: 0,
    measures_delivered: 0,
    deliveries: 0,
    planned_amount_eur: "0.00",
    delivered_amount_eur: "0.00",
    over_plan_amount_eur: "0.00",
    over_plan_overrides: 0,
  };
}

describe("report figures", () => {
  it("show withheld counts and money as the word for withheld", () => {
    expect(countText(null, "slēpts")).toBe("slēpts");
    expect(countText(0, "slēpts")).toBe("0");
    expect(countText(12345, "slēpts")).toBe(formatNumber(12345));
    expect(moneyText(null, "withheld")).toBe("withheld");
    expect(moneyText("20.00", "withheld")).toContain("20,00");
  });

  it("chart institutions with something to draw, a withheld count drawing nothing", () => {
    const rows = chartRows([
      institution("A", 7, byStatus({ active: 5, draft: null, closed: null })),
      institution("B", 0, byStatus({})),
      institution("C", null, byStatus({ active: null })),
      institution("D", 9, byStatus({ draft: 9 })),
    ]);
    expect(rows.map((r) => r.name)).toEqual(["A", "D"]);
    expect(rows[0]).toMatchObject({ active: 5, draft: 0, closed: 0 });
    expect(rows[1]?.draft).toBe(9);
  });

  it("lead with the total when one is given", () => {
    const total = chartRow("Kopā", institution("T", 12, byStatus({ active: 12 })));
    const rows = chartRows([institution("C", null, byStatus({ active: null }))], total);
    expect(rows).toEqual([{ ...total }]);
    expect(rows[0]?.active).toBe(12);
  });
});
