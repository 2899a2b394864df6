import { describe, expect, it } from "vitest";
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
});
