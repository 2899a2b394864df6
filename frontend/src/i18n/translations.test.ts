import { describe, expect, it } from "vitest";
import {
  approvalStepValues,
  auditActionValues,
  confirmationValues,
  exitReasonValues,
  guardianRelationValues,
  measureCategoryValues,
  measureStatusValues,
  measureUnitValues,
  outcomeValues,
  planStatusValues,
  riskLevelValues,
  roleValues,
} from "../api/generated/schema";
import en from "./en.json";
import lv from "./lv.json";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe("translations", () => {
  it("have the same keys in Latvian and English", () => {
    expect(keys(en).sort()).toEqual(keys(lv).sort());
  });

  it("leave no string empty", () => {
    for (const tree of [lv, en]) {
      const empty = keys(tree).filter((k) => k.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) === "");
      expect(empty).toEqual([]);
    }
  });

  // Each value of the API schema's enums that the pages show has a label (the lists are generated
  // from openapi/openapi.json, so a value the server adds fails here until it is translated).
  it("name every value of the API's enums that the pages show", () => {
    const shown: [string, readonly string[]][] = [
      ["status", planStatusValues],
      ["levels", riskLevelValues],
      ["steps", approvalStepValues],
      ["roles", roleValues],
      ["outcomes", outcomeValues],
      ["measureCategories", measureCategoryValues],
      ["measureStatus", measureStatusValues],
      ["units", measureUnitValues],
      ["confirmations", confirmationValues],
      ["relations", guardianRelationValues],
      ["exitReasons", exitReasonValues],
      ["audit.actions", auditActionValues],
    ];
    const all = new Set(keys(lv));
    const missing = shown.flatMap(([group, values]) => values.map((v) => `${group}.${v}`).filter((k) => !all.has(k)));
    expect(missing).toEqual([]);
  });
});
