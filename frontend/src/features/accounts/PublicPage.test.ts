import { describe, expect, it } from "vitest";
import { tokenFromLocation } from "./PublicPage";

describe("a one-time link", () => {
  it("carries its token in the fragment", () => {
    expect(tokenFromLocation("#token=abc-DEF_1")).toBe("abc-DEF_1");
    expect(tokenFromLocation("")).toBe("");
  });
});
