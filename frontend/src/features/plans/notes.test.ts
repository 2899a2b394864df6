import { describe, expect, it } from "vitest";
import { noteRights, type PlanStatus } from "./actions";
import { emptyNote, noteSchema, toNoteCreate } from "./validation";

// Permissions per role, as the API's role table grants them (the note-related ones).
const PERMISSIONS = {
  teacher: ["plans:read", "plans:write", "notes:write"],
  support_specialist: ["plans:read", "plans:write", "notes:write", "notes:restricted"],
  school_coordinator: ["plans:read", "plans:evaluate", "notes:write"],
  school_director: ["plans:read", "plans:approve_school", "notes:write", "notes:restricted"],
  municipal_coordinator: ["plans:read", "plans:approve_municipality"],
} as const;
type Role = keyof typeof PERMISSIONS;

const rights = (role: Role, status: PlanStatus = "active", isAuthor = false) =>
  noteRights({ status, permissions: PERMISSIONS[role], isAuthor });

describe("note rights", () => {
  it("lets specialists and the director write restricted notes", () => {
    expect(rights("support_specialist")).toEqual({ write: true, writeRestricted: true });
    expect(rights("school_director")).toEqual({ write: true, writeRestricted: true });
  });

  it("lets other school staff write ordinary notes only", () => {
    expect(rights("teacher")).toEqual({ write: true, writeRestricted: false });
    expect(rights("school_coordinator")).toEqual({ write: true, writeRestricted: false });
  });

  it("lets the plan's own author write restricted notes whatever the role", () => {
    expect(rights("teacher", "draft", true)).toEqual({ write: true, writeRestricted: true });
  });

  it("gives the municipality no note form", () => {
    expect(rights("municipal_coordinator")).toEqual({ write: false, writeRestricted: false });
  });

  it("takes no notes on a closed plan, even from its author", () => {
    expect(rights("support_specialist", "closed", true)).toEqual({ write: false, writeRestricted: false });
  });

  it.each<PlanStatus>(["draft", "submitted", "evaluated", "discontinued"])("takes notes on a %s plan", (status) => {
    expect(rights("teacher", status).write).toBe(true);
  });
});

describe("note form", () => {
  it("needs some text", () => {
    const result = noteSchema.safeParse({ ...emptyNote, text: "   " });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["text", "validation.required"]]);
  });

  it("refuses a text longer than the API takes", () => {
    const result = noteSchema.safeParse({ ...emptyNote, text: "a".repeat(10001) });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["validation.tooLong"]);
  });

  it("sends the trimmed text and the restricted flag", () => {
    expect(toNoteCreate({ text: "  Saruna ar ģimeni. ", restricted: true }, true)).toEqual({
      text: "Saruna ar ģimeni.",
      restricted: true,
    });
  });

  it("never sends the flag for someone who may not restrict", () => {
    expect(toNoteCreate({ text: "Piezīme", restricted: true }, false)).toEqual({ text: "Piezīme", restricted: false });
  });
});
