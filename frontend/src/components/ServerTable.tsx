import { Box, LinearProgress, Paper } from "@mui/material";
import { DataGrid, GridOverlay, type DataGridProps, type GridValidRowModel } from "@mui/x-data-grid";
import { useTranslation } from "react-i18next";
import type { CursorPages } from "../lib/useCursorPages";
import { useGridLocaleText } from "./useGridLocaleText";

type Managed = "rows" | "loading" | "paginationMode" | "rowCount" | "paginationMeta" | "paginationModel" | "onPaginationModelChange";

export interface ServerTableProps<R extends GridValidRowModel> extends Omit<DataGridProps<R>, Managed> {
  /** The pages to show, from useCursorPages. */
  pages: CursorPages;
  /** The table's accessible name. */
  label: string;
  height?: number;
}

/** What an empty grid says while its first page is still on the way. */
function FirstPageLoading() {
  const { t } = useTranslation();
  return <GridOverlay>{t("app.loading")}</GridOverlay>;
}

/** A grid over a server-paged list: the API filters and pages, the grid shows one page at a time
 * with the app's texts; columns and row options come from the page.
 *
 * While a page loads, a named progress bar runs along the table's top edge, outside the grid itself:
 * a grid may hold only rows, so the grid's own loading overlay would be a bar without a name in the
 * wrong place for a screen reader. */
export function ServerTable<R extends GridValidRowModel>({ pages, label, height = 640, slots, ...grid }: ServerTableProps<R>) {
  const { t } = useTranslation();
  const localeText = useGridLocaleText();
  const firstPage = pages.result.isPending;
  return (
    <Paper sx={{ height, position: "relative" }}>
      {pages.result.isFetching && (
        <Box sx={{ position: "absolute", top: 0, left: 0, right: 0, zIndex: 2 }}>
          <LinearProgress aria-label={t("app.loading")} />
        </Box>
      )}
      <DataGrid<R>
        aria-label={label}
        rows={pages.rows as R[]}
        loading={false}
        paginationMode="server"
        filterMode="server"
        sortingMode="server"
        rowCount={pages.rowCount}
        paginationMeta={{ hasNextPage: pages.hasNextPage }}
        paginationModel={pages.model}
        onPaginationModelChange={pages.onModelChange}
        pageSizeOptions={[25, 50, 100]}
        disableColumnMenu
        disableRowSelectionOnClick
        localeText={localeText}
        density="compact"
        slots={firstPage ? { noRowsOverlay: FirstPageLoading, ...slots } : slots}
        {...grid}
      />
    </Paper>
  );
}
