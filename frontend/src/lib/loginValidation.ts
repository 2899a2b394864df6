// The login form's two checks, by hand: zod would add tens of kilobytes to the first page anyone
// loads. Messages are translation keys, as in ./validation.
import type { FieldErrors, Resolver, ResolverError } from "react-hook-form";

export interface LoginValues {
  email: string;
  password: string;
}

// The shape of an address; the server decides whether it names an account.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** The first problem per field, as the form shows it. */
export function loginProblems(values: LoginValues): Partial<Record<keyof LoginValues, string>> {
  const problems: Partial<Record<keyof LoginValues, string>> = {};
  const email = values.email.trim();
  if (!email) problems.email = "validation.required";
  else if (!EMAIL.test(email)) problems.email = "validation.email";
  if (!values.password) problems.password = "validation.required";
  return problems;
}

export const loginResolver: Resolver<LoginValues> = (values) => {
  const problems = loginProblems(values);
  const errors: FieldErrors<LoginValues> = {};
  for (const [field, message] of Object.entries(problems) as [keyof LoginValues, string][]) {
    errors[field] = { type: "validate", message };
  }
  if (Object.keys(errors).length) return { values: {}, errors } as ResolverError<LoginValues>;
  return { values: { email: values.email.trim(), password: values.password }, errors: {} };
};
