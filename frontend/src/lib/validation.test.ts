import { describe, expect, it } from "vitest";
import { loginProblems, loginResolver } from "./loginValidation";
import { userCreateSchema } from "./validation";

// The first message per field, as the form shows it.
const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).reverse().map((i) => [i.path.join("."), i.message]));

describe("login form", () => {
  it("accepts an e-mail and a password", () => {
    expect(loginProblems({ email: "skolotajs@demo.pumpurs.lv", password: "x" })).toEqual({});
  });

  it("names each missing or malformed field", () => {
    expect(loginProblems({ email: "", password: "" })).toEqual({
      email: "validation.required",
      password: "validation.required",
    });
    expect(loginProblems({ email: "   ", password: "x" })).toEqual({ email: "validation.required" });
    for (const email of ["not-an-address", "a@b", "a b@c.lv", "@demo.lv", "anna@demo."]) {
      expect(loginProblems({ email, password: "x" })).toEqual({ email: "validation.email" });
    }
  });

  it("sends the address trimmed, and nothing while a field is wrong", async () => {
    const options = { fields: {}, shouldUseNativeValidation: false };
    const ok = await loginResolver({ email: "  anna@demo.lv ", password: " p " }, undefined, options);
    expect(ok).toEqual({ values: { email: "anna@demo.lv", password: " p " }, errors: {} });
    const refused = await loginResolver({ email: "anna", password: "" }, undefined, options);
    expect(refused.values).toEqual({});
    expect(Object.keys(refused.errors)).toEqual(["email", "password"]);
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
