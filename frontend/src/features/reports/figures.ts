import type { Schemas } from "../../api/client";
import { formatMoney, formatNumber } from "../../lib/format";
import { planStatusValues } from "../../api/generated/schema";

type Counts = Schemas["ReportCounts"];
export type Status = keyof Counts["plans_by_status"];

export const STATUSES: readonly Status[] = planStatusValues;

/**
 * A count as a table shows it: a withheld one (null: 1 to 4, or a cell it could be computed from)
 * as the word for withheld of the reader's language, the same word as the monitoring reports use.
 */
export function countText(value: number | null, withheld: string): string {
  return value === null ? withheld : formatNumber(value);
}

/** Money as a table shows it: withheld together with a row's plans. */
export function moneyText(value: string | null, withheld: string): string {
  return value === null ? withheld : formatMoney(value);
}

export type ChartRow = { name: string } & Record<Status, number>;

/**
 * Rows of the stacked bar chart: institutions with something to draw. A withheld count draws nothing, so
 * an institution whose counts are all withheld is left out (the table shows it).
 */
export function chartRows(institutions: Schemas["InstitutionReport"][], total?: ChartRow): ChartRow[] {
  const rows = institutions.map((i) => chartRow(i.institution_name, i));
  return [...(total ? [total] : []), ...rows].filter((row) => STATUSES.some((s) => row[s] > 0));
}

export function chartRow(name: string, counts: Counts): ChartRow {
  const values = Object.fromEntries(STATUSES.map((s) => [s, counts.plans_by_status[s] ?? 0])) as Record<Status, number>;
  return { name, ...values };
}
