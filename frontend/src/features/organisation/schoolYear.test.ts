import { describe, expect, it } from "vitest";
import { currentSchoolYear, proposedSchoolYear, schoolYearStart } from "./schoolYear";

const year = (name: string) => {
  const first = Number(name.slice(0, 4));
  return { id: name, name, starts_on: `${first}-09-01`, ends_on: `${first + 1}-08-31`, semesters: [] };
};

describe("the school year proposed for the register", () => {
  it("starts on 1 September", () => {
    expect(schoolYearStart("2026-12-01")).toBe(2026);
    expect(schoolYearStart("2027-08-31")).toBe(2026);
    expect(schoolYearStart("2027-09-01")).toBe(2027);
  });

  it("is today's on an empty install, with the two semesters inside it", () => {
    const proposed = proposedSchoolYear("2026-12-01", []);
    expect(proposed.name).toBe("2026/2027");
    expect(proposed.starts_on).toBe("2026-09-01");
    expect(proposed.ends_on).toBe("2027-08-31");
    expect(proposed.semesters.map((s) => [s.starts_on, s.ends_on])).toEqual([
      ["2026-09-01", "2026-12-31"],
      ["2027-01-05", "2027-06-30"],
    ]);
  });

  it("is the next one when today's exists", () => {
    expect(proposedSchoolYear("2026-12-01", [year("2026/2027")]).name).toBe("2027/2028");
  });

  it("finds today's year, else the newest", () => {
    const years = [year("2027/2028"), year("2026/2027")];
    expect(currentSchoolYear("2026-12-01", years)?.name).toBe("2026/2027");
    expect(currentSchoolYear("2030-01-01", years)?.name).toBe("2027/2028");
  });
});
