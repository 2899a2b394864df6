import { describe, expect, it } from "vitest";
import { searchParams } from "./search";

describe("student search", () => {
  it("looks up a full personal code exactly", () => {
    expect(searchParams("010110-12345")).toEqual({ personal_code: "010110-12345" });
    expect(searchParams(" 01011012345 ")).toEqual({ personal_code: "010110-12345" });
  });

  it("does not send a code for a role that may not search by it", () => {
    expect(searchParams("010110-12345", false)).toEqual({ q: "010110-12345" });
  });

  it("searches names otherwise", () => {
    expect(searchParams("Bērziņš")).toEqual({ q: "Bērziņš" });
    expect(searchParams("0101")).toEqual({ q: "0101" });
  });

  it("sends nothing for an empty box", () => {
    expect(searchParams("   ")).toEqual({});
  });
});
