import { describe, expect, it } from "vitest";
import { flagValue } from "./reasons";

describe("flagValue", () => {
  it("shows rates as percent and counts as whole numbers", () => {
    expect(flagValue("A1", "87.50")).toBe("87,5 %");
    expect(flagValue("A2", "23.00")).toBe("23");
    expect(flagValue("C2", "-0.50")).toMatch(/^[-−]0,50$/);
  });
});
