import type { Schemas } from "../../api/client";
import { formatMoney, formatNumber } from "../../lib/format";

type Counts = Schemas["ReportCounts"];
export type Status = keyof Counts["plans_by_status"];

export const STATUSES: Status[] = [
  "draft",
  "submitted",
  "approved_school",
  "approved_municipality",
  "returned",
  "active",
  "evaluated",
  "closed",
  "discontinued",
];

/** The text a withheld count (1 to 4 at the national level) is shown as. */
export const WITHHELD = "<5";

/** A count as a table shows it: withheld ones as "<5". */
export function countText(value: number | null): string {
  return value === null ? WITHHELD : formatNumber(value);
}

/** Money as a table shows it: withheld together with a row's plans. */
export function moneyText(value: string | null): string {
  return value === null ? WITHHELD : formatMoney(value);
}

export type ChartRow = { name: string } & Record<Status, number>;

/** Rows of the stacked bar chart: institutions with at least one plan; a withheld count draws nothing. */
export function chartRows(institutions: Schemas["InstitutionReport"][]): ChartRow[] {
  return institutions
    .filter((i) => i.plans !== 0)
    .map((i) => {
      const counts = Object.fromEntries(STATUSES.map((s) => [s, i.plans_by_status[s] ?? 0])) as Record<Status, number>;
      return { name: i.institution_name, ...counts };
    });
}
