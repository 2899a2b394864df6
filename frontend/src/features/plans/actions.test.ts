// The actions come from the API schema's PlanAction enum (generated from openapi/openapi.json and
// kept current by `make client-check`), so these tests follow the server, not a copy of its rules.
import { describe, expect, it } from "vitest";
import { planActionValues } from "../../api/generated/schema";
import { noteRights, planActions } from "./actions";

const withoutNotes = planActionValues.filter((a) => a !== "add_note" && a !== "add_restricted_note");

describe("plan actions", () => {
  it("are the API's allowed actions, in its order, and printing", () => {
    expect(planActions({ allowed_actions: [...planActionValues] })).toEqual([...planActionValues, "print"]);
    const reversed = [...planActionValues].reverse();
    expect(planActions({ allowed_actions: reversed })).toEqual([...reversed, "print"]);
  });

  it("leave printing when the API allows nothing else", () => {
    expect(planActions({ allowed_actions: [] })).toEqual(["print"]);
  });
});

describe("note rights", () => {
  it("are the schema's note actions", () => {
    expect(planActionValues).toContain("add_note");
    expect(planActionValues).toContain("add_restricted_note");
  });

  it("follow the API's note actions", () => {
    expect(noteRights({ allowed_actions: [...planActionValues] })).toEqual({ write: true, writeRestricted: true });
    expect(noteRights({ allowed_actions: [...withoutNotes, "add_note"] })).toEqual({
      write: true,
      writeRestricted: false,
    });
    expect(noteRights({ allowed_actions: withoutNotes })).toEqual({ write: false, writeRestricted: false });
  });
});
