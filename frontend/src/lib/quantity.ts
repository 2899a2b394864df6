import { formatNumber } from "./format";

type Translate = (key: string, options: { count: number; n: string }) => string;

/** "1 nodarbība", "2 nodarbības", "10 nodarbību": a quantity with its unit in the right plural form. */
export function formatQuantity(t: Translate, quantity: number | string, unit: string): string {
  return t(`unitCount.${unit}`, { count: Number(quantity), n: formatNumber(quantity) });
}
