import { describe, expect, it } from "vitest";
import { loginSchema, userCreateSchema } from "./validation";

// The first message per field, as the form shows it.
const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).reverse().map((i) => [i.path.join("."), i.message]));

describe("login form", () => {
  it("accepts an e-mail and a password", () => {
    expect(loginSchema.safeParse({ email: "skolotajs@demo.pumpurs.lv", password: "x" }).success).toBe(true);
  });

  it("names each missing or malformed field", () => {
    expect(messages(loginSchema.safeParse({ email: "", password: "" }))).toEqual({
      email: "validation.required",
      password: "validation.required",
    });
    expect(messages(loginSchema.safeParse({ email: "not-an-address", password: "x" }))).toEqual({
      email: "validation.email",
    });
  });
});

describe("new user form", () => {
  it("needs a password of at least 12 characters", () => {
    const result = userCreateSchema.safeParse({
      full_name: "Anna Ozola",
      email: "anna@example.lv",
      password: "short",
      role: "teacher",
      scope_id: "",
    });
    expect(messages(result)).toEqual({ password: "validation.passwordLength" });
  });
});
