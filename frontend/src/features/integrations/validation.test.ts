import { describe, expect, it } from "vitest";
import { apiClientSchema, toApiClientCreate } from "./validation";

describe("a new API client", () => {
  const valid = { name: " Novada e-klase ", client_id: "", scope_type: "municipality", municipality_id: "m1" } as const;

  it("sends a generated identifier and the municipality of its scope", () => {
    expect(toApiClientCreate(apiClientSchema.parse(valid))).toEqual({
      name: "Novada e-klase",
      client_id: null,
      scope_type: "municipality",
      municipality_id: "m1",
    });
  });

  it("sends no municipality for the national scope", () => {
    const parsed = apiClientSchema.parse({ ...valid, scope_type: "national", municipality_id: "m1", client_id: "vis-1" });
    expect(toApiClientCreate(parsed)).toMatchObject({ scope_type: "national", municipality_id: null, client_id: "vis-1" });
  });

  it("needs a municipality for the municipal scope", () => {
    const result = apiClientSchema.safeParse({ ...valid, municipality_id: "" });
    expect(result.error?.issues[0]?.path).toEqual(["municipality_id"]);
  });

  it("refuses an identifier the API would refuse", () => {
    for (const client_id of ["AB", "-novads", "novads_1", "ab"]) {
      const result = apiClientSchema.safeParse({ ...valid, client_id });
      expect(result.error?.issues[0]?.path).toEqual(["client_id"]);
    }
  });
});
