// The calendar of a Latvian school year, as the register proposes it for a new one: 1 September to
// 31 August; the first semester to the end of December, the second from the first school days of
// January to the end of June. IKVD corrects the dates before saving.
import type { Schemas } from "../../api/client";

type SchoolYear = Schemas["SchoolYearRead"];

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The year the school year of `today` (YYYY-MM-DD) starts in. */
export function schoolYearStart(today: string): number {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return month >= 9 ? year : year - 1;
}

/** The school year to add next: the one of today, or the one after the latest already added. */
export function proposedSchoolYear(today: string, existing: readonly SchoolYear[]): Schemas["SchoolYearCreate"] {
  const starts = existing.map((y) => Number(y.name.slice(0, 4)));
  let first = schoolYearStart(today);
  while (starts.includes(first)) first += 1;
  return {
    name: `${first}/${first + 1}`,
    starts_on: iso(first, 9, 1),
    ends_on: iso(first + 1, 8, 31),
    semesters: [
      { number: 1, starts_on: iso(first, 9, 1), ends_on: iso(first, 12, 31) },
      { number: 2, starts_on: iso(first + 1, 1, 5), ends_on: iso(first + 1, 6, 30) },
    ],
  };
}

/** The school year that holds `today`, else the newest. */
export function currentSchoolYear(today: string, years: readonly SchoolYear[]): SchoolYear | undefined {
  return years.find((y) => y.starts_on <= today && today <= y.ends_on) ?? years[0];
}
