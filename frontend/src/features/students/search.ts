import type { StudentFilters } from "../../api/queries/students";

const PERSONAL_CODE = /^\d{6}-?\d{5}$/;

/**
 * One search box: a personal code is looked up exactly (by roles that may see codes), anything else
 * searches names.
 */
export function searchParams(text: string, canSearchCodes = true): Pick<StudentFilters, "q" | "personal_code"> {
  const value = text.trim();
  if (!value) return {};
  if (canSearchCodes && PERSONAL_CODE.test(value)) {
    const code = value.includes("-") ? value : `${value.slice(0, 6)}-${value.slice(6)}`;
    return { personal_code: code };
  }
  return { q: value };
}
