import { Paper } from "@mui/material";
import { DataGrid, type DataGridProps, type GridValidRowModel } from "@mui/x-data-grid";
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

/** A grid over a server-paged list: the API filters and pages, the grid shows one page at a time
 * with the app's texts; columns and row options come from the page. */
export function ServerTable<R extends GridValidRowModel>({ pages, label, height = 640, ...grid }: ServerTableProps<R>) {
  const localeText = useGridLocaleText();
  return (
    <Paper sx={{ height }}>
      <DataGrid<R>
        aria-label={label}
        rows={pages.rows as R[]}
        loading={pages.result.isFetching}
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
        {...grid}
      />
    </Paper>
  );
}
