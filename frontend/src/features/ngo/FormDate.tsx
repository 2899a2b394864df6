import { Controller, type Control, type FieldPath, type FieldValues } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { DateField } from "../../components/DateField";

/** A form's date (YYYY-MM-DD) written dd.mm.gggg with a calendar; while what is typed is not a date
 * the form holds "invalid", which its schema refuses. */
export function FormDate<T extends FieldValues>({
  control,
  name,
  label,
  min,
  max,
  fullWidth,
}: {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  min?: string;
  max?: string;
  fullWidth?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <DateField
          label={label}
          name={field.name}
          value={field.value === "invalid" ? "" : ((field.value as string | undefined) ?? "")}
          onChange={(v) => field.onChange(v ?? "invalid")}
          min={min}
          max={max}
          fullWidth={fullWidth}
          error={fieldState.error?.message ? t(fieldState.error.message) : undefined}
          helperText=" "
        />
      )}
    />
  );
}
