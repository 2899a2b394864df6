// Dates, numbers and money are always written the Latvian way, whatever the interface language.
const LOCALE = "lv-LV";

const dateFormat = new Intl.DateTimeFormat(LOCALE, { day: "2-digit", month: "2-digit", year: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const numberFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const moneyFormat = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "EUR" });

function parse(value: string | Date): Date {
  // A bare ISO date is a calendar day, not midnight UTC.
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return new Date(y, m - 1, d);
  }
  return new Date(value);
}

export function formatDate(value: string | Date | null | undefined): string {
  return value ? dateFormat.format(parse(value)) : "—";
}

export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? dateTimeFormat.format(parse(value)) : "—";
}

export function formatNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return numberFormat.format(Number(value));
}

export function formatMoney(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return moneyFormat.format(Number(value));
}

/** Today as an ISO date in local time. */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
