import { describe, expect, it } from "vitest";
import { emptyNote, noteSchema, toNoteCreate } from "./validation";

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
