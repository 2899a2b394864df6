import i18next from "i18next";
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

// Plural forms differ by language (Latvian: _zero, _one, _other; English: _one, _other).
const PLURAL = /_(zero|one|two|few|many|other)$/;

function baseKeys(tree: object): string[] {
  return [...new Set(keys(tree).map((k) => k.replace(PLURAL, "")))].sort();
}

describe("translations", () => {
  it("have the same keys in Latvian and English", () => {
    expect(baseKeys(en)).toEqual(baseKeys(lv));
  });

  it("give every plural its Latvian and English forms", () => {
    const plurals = new Set(keys(lv).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, "")));
    const lvKeys = new Set(keys(lv));
    const enKeys = new Set(keys(en));
    for (const base of plurals) {
      for (const form of ["zero", "one", "other"]) expect(lvKeys.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
      for (const form of ["one", "other"]) expect(enKeys.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
    }
  });

  it("count in Latvian the Latvian way", async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: "lv", resources: { lv: { translation: lv }, en: { translation: en } } });
    const session = (count: number) => i18n.t("unitCount.session", { count, n: String(count) });
    expect(session(1)).toBe("1 nodarbība");
    expect(session(21)).toBe("21 nodarbība");
    expect(session(2)).toBe("2 nodarbības");
    expect(session(11)).toBe("11 nodarbības");
    expect(session(0)).toBe("0 nodarbības");
    expect(session(1.5)).toBe("1.5 nodarbības");
    expect(i18n.t("unitCount.month", { count: 1, n: "1" })).toBe("1 mēnesis");
    await i18n.changeLanguage("en");
    expect(i18n.t("unitCount.session", { count: 1, n: "1" })).toBe("1 session");
    expect(i18n.t("unitCount.session", { count: 3, n: "3" })).toBe("3 sessions");
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
