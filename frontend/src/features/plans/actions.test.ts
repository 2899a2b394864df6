import { describe, expect, it } from "vitest";
import { noteRights, planActions } from "./actions";

describe("plan actions", () => {
  it("are the API's allowed actions, in its order, and printing", () => {
    expect(planActions({ allowed_actions: ["edit", "submit", "delete", "add_note"] })).toEqual([
      "edit",
      "submit",
      "delete",
      "add_note",
      "print",
    ]);
  });

  it("leave printing when the API allows nothing else", () => {
    expect(planActions({ allowed_actions: [] })).toEqual(["print"]);
  });
});

describe("note rights", () => {
  it("follow the API's note actions", () => {
    expect(noteRights({ allowed_actions: ["add_note", "add_restricted_note"] })).toEqual({
      write: true,
      writeRestricted: true,
    });
    expect(noteRights({ allowed_actions: ["approve", "return", "add_note"] })).toEqual({
      write: true,
      writeRestricted: false,
    });
    expect(noteRights({ allowed_actions: ["approve", "return"] })).toEqual({ write: false, writeRestricted: false });
  });
});
