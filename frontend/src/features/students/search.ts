import type { StudentFilters } from "../../api/queries/students";

const PERSONAL_CODE = /^\d{6}-?\d{5}$/;

/** One search box: a personal code is looked up exactly, anything else searches names. */
export function searchParams(text: string): Pick<StudentFilters, "q" | "personal_code"> {
  const value = text.trim();
  if (!value) return {};
  if (PERSONAL_CODE.test(value)) {
    const code = value.includes("-") ? value : `${value.slice(0, 6)}-${value.slice(6)}`;
    return { personal_code: code };
  }
  return { q: value };
}
