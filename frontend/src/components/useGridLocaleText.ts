import type { GridLocaleText } from "@mui/x-data-grid";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** The Data Grid's own texts, from our translations (it ships no Latvian). */
export function useGridLocaleText(): Partial<GridLocaleText> {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      noRowsLabel: t("grid.noRows"),
      noResultsOverlayLabel: t("grid.noRows"),
      paginationRowsPerPage: t("grid.rowsPerPage"),
      paginationDisplayedRows: ({ from, to, count, estimated }) =>
        count === -1 || estimated ? t("grid.rowsOfMore", { from, to }) : t("grid.rowsOf", { from, to, count }),
      paginationItemAriaLabel: (type) => t(`grid.page.${type}`),
      columnMenuLabel: t("grid.columnMenu"),
      columnMenuAriaLabel: (name) => t("grid.columnMenuFor", { name }),
      columnHeaderSortIconLabel: t("grid.sort"),
      footerRowSelected: (count) => t("grid.selected", { count }),
    }),
    [t],
  );
}
