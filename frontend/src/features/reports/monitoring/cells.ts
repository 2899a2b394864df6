import { formatMoney, formatNumber } from "../../../lib/format";

export type CellValue = number | string | null | undefined;

/** A cell as a table shows it: a withheld one (null) as the word for withheld, never as a number. */
export function cellText(value: CellValue, kind: string, withheld: string): string {
  if (value === null) return withheld;
  if (value === undefined) return "";
  if (kind === "eur") return formatMoney(String(value));
  if (kind === "percent" || kind === "average" || kind === "hours") {
    const digits = kind === "hours" ? 1 : 2;
    return new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(value));
  }
  return formatNumber(Number(value));
}

/** A cell as a chart draws it: withheld cells draw nothing (the table beside the chart says so). */
export function cellNumber(value: CellValue): number {
  return value === null || value === undefined ? 0 : Number(value);
}
