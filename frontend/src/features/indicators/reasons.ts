// How a flag is said: which indicator, its value against the threshold (the server computed both).
import type { TFunction } from "i18next";

const PERCENT = new Set(["A1", "A3"]);

// Written the Latvian way in both languages, like every number of the app ("87,5 %", "−0,50").
const digits = (places: number) =>
  new Intl.NumberFormat("lv-LV", { minimumFractionDigits: places, maximumFractionDigits: places });
const WHOLE = digits(0);
const ONE = digits(1);
const TWO = digits(2);

export function flagValue(indicator: string, value: string | number): string {
  const n = Number(value);
  const shown = (Number.isInteger(n) ? WHOLE : indicator === "C2" ? TWO : ONE).format(n);
  return PERCENT.has(indicator) ? `${shown} %` : shown;
}

/** "Unexcused lessons this semester: 23 (alert above 20)". */
export function flagReason(
  t: TFunction,
  flag: { indicator: string; level: string; value: string | number; threshold: string | number; core_subject_failing?: boolean },
): string {
  if (flag.core_subject_failing) {
    return `${t(`indicators.names.${flag.indicator}`)}: ${flagValue(flag.indicator, flag.value)} — ${t("indicators.coreFailing")}`;
  }
  return t("indicators.reason", {
    name: t(`indicators.names.${flag.indicator}`),
    value: flagValue(flag.indicator, flag.value),
    comparison: t(`indicators.comparison.${flag.indicator}`, { threshold: flagValue(flag.indicator, flag.threshold) }),
  });
}
