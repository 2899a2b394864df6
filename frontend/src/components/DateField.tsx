import { DatePicker } from "@mui/x-date-pickers/DatePicker";
import { LocalizationProvider } from "@mui/x-date-pickers/LocalizationProvider";
import { AdapterDayjs } from "@mui/x-date-pickers/AdapterDayjs";
import dayjs from "dayjs";
import "dayjs/locale/lv";
import "dayjs/locale/en-gb";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/** Dates are written the Latvian way in both languages: 01.12.2026. */
export const DATE_FORMAT = "DD.MM.YYYY";

export interface DateFieldProps {
  label: string;
  /** The date as the API writes it (YYYY-MM-DD), or "" for none. */
  value: string;
  /** Called with the date as the API writes it, "" when cleared, or null while what is typed is not
   * a date (an impossible day, a year out of range): the form should not save then. */
  onChange: (value: string | null) => void;
  /** The earliest and latest dates allowed (YYYY-MM-DD). */
  min?: string;
  max?: string;
  required?: boolean;
  disabled?: boolean;
  /** A message of the form's own about this field (it replaces the field's own). */
  error?: string;
  helperText?: string;
  size?: "small" | "medium";
  fullWidth?: boolean;
  name?: string;
}

const EARLIEST = "1900-01-01";
const LATEST = "2100-12-31";

/** A date input with a calendar, in the user's language, written dd.mm.gggg; a date that cannot be
 * one (31.02, year 275760) is shown as an error and never passed on as a date. */
export function DateField({
  label,
  value,
  onChange,
  min,
  max,
  required,
  disabled,
  error,
  helperText,
  size,
  fullWidth,
  name,
}: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const [invalid, setInvalid] = useState<string | null>(null);
  const parsed = value ? dayjs(value) : null;
  const message =
    error ??
    (invalid === "minDate" && min
      ? t("dates.notBefore", { date: dayjs(min).format(DATE_FORMAT) })
      : invalid === "maxDate" && max
        ? t("dates.notAfter", { date: dayjs(max).format(DATE_FORMAT) })
        : invalid
          ? t("dates.invalid")
          : helperText);
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale={i18n.language === "en" ? "en-gb" : "lv"}>
      <DatePicker
        label={label}
        value={parsed}
        format={DATE_FORMAT}
        minDate={dayjs(min ?? EARLIEST)}
        maxDate={dayjs(max ?? LATEST)}
        disabled={disabled}
        onError={(reason) => setInvalid(reason ?? null)}
        onChange={(next) => {
          if (next === null) onChange("");
          else if (!next.isValid()) onChange(null);
          else onChange(next.format("YYYY-MM-DD"));
        }}
        localeText={{
          openDatePickerDialogue: () => t("dates.open"),
          cancelButtonLabel: t("common.cancel"),
          okButtonLabel: t("dates.ok"),
          todayButtonLabel: t("dates.today"),
          clearButtonLabel: t("dates.clear"),
          fieldDayPlaceholder: () => "dd",
          fieldMonthPlaceholder: () => "mm",
          fieldYearPlaceholder: (params) => (i18n.language === "en" ? "y" : "g").repeat(params.digitAmount),
          year: t("dates.year"),
          month: t("dates.month"),
          day: t("dates.day"),
          empty: t("dates.empty"),
          previousMonth: t("dates.previousMonth"),
          nextMonth: t("dates.nextMonth"),
        }}
        slotProps={{
          textField: {
            name,
            required,
            size,
            fullWidth,
            error: Boolean(error) || Boolean(invalid),
            helperText: message,
          },
        }}
      />
    </LocalizationProvider>
  );
}
