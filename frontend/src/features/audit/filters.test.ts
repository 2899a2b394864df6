import { describe, expect, it } from "vitest";
import { auditQuery, EMPTY_FILTERS } from "./filters";

describe("auditQuery", () => {
  it("sends no parameter for empty filters", () => {
    expect(auditQuery(EMPTY_FILTERS)).toEqual({});
  });

  it("maps the chosen student, user, action and type", () => {
    expect(
      auditQuery({ ...EMPTY_FILTERS, studentId: "s1", userId: "u1", action: "export", resourceType: "plan" }),
    ).toEqual({ student_id: "s1", actor_user_id: "u1", action: "export", resource_type: "plan" });
  });

  it("includes the whole last day of the range", () => {
    const query = auditQuery({ ...EMPTY_FILTERS, from: "2026-11-01", to: "2026-11-30" });
    expect(new Date(query.since!).getTime()).toBe(new Date("2026-11-01T00:00:00").getTime());
    expect(new Date(query.until!).getTime()).toBe(new Date("2026-12-01T00:00:00").getTime());
  });

  it("ignores a half-typed date", () => {
    expect(auditQuery({ ...EMPTY_FILTERS, from: "2026-1" })).toEqual({});
  });
});
