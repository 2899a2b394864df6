import {
  Box,
  LinearProgress,
  Paper,
  Table,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
} from "@mui/material";
import { alpha, lighten, type Theme } from "@mui/material/styles";
import { memo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CursorPages } from "../lib/useCursorPages";

/** One column of a ServerTable: what its header says, how wide it is, and what its cells show. */
export interface Column<R> {
  /** The row's property the cells show (and the column's key). */
  field: string;
  headerName: string;
  /** A fixed width in pixels... */
  width?: number;
  /** ...or a share of the width the fixed columns leave, never narrower than minWidth. */
  flex?: number;
  minWidth?: number;
  /** The cell's value from the row, instead of `row[field]`. */
  valueGetter?: (value: never, row: R) => ReactNode;
  /** The cell's text from its value. */
  valueFormatter?: (value: never, row: R) => ReactNode;
  /** The cell's contents (links, chips, buttons), instead of its text. */
  renderCell?: (params: { row: R }) => ReactNode;
}

export const PAGE_SIZES = [25, 50, 100];
const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 40;

/** The text a cell shows: the column's getter and formatter applied to the row. */
function cellContents<R>(column: Column<R>, row: R): ReactNode {
  if (column.renderCell) return column.renderCell({ row });
  const raw = (row as Record<string, unknown>)[column.field];
  const value = column.valueGetter ? column.valueGetter(raw as never, row) : raw;
  if (column.valueFormatter) return column.valueFormatter(value as never, row);
  return value === null || value === undefined ? "" : (value as ReactNode);
}

/** The columns' widths in a table of fixed layout: a fixed column takes its pixels; the flexible ones
 * take percentages by their flex, which the browser scales down to share what the fixed ones leave.
 * The table is never narrower than gives each flexible column its minWidth (it scrolls instead). */
function columnWidths<R>(columns: Column<R>[]): { widths: string[]; minTableWidth: number } {
  const fixed = columns.reduce((sum, c) => sum + (c.flex ? 0 : (c.width ?? 100)), 0);
  const totalFlex = columns.reduce((sum, c) => sum + (c.flex ?? 0), 0);
  const widths = columns.map((c) => (c.flex ? `${(100 * c.flex) / totalFlex}%` : `${c.width ?? 100}px`));
  const flexible = Math.max(0, ...columns.map((c) => (c.flex ? ((c.minWidth ?? 100) * totalFlex) / c.flex : 0)));
  return { widths, minTableWidth: fixed + flexible };
}

/** The body's rows: plain table rows and cells, styled once by the table (below) rather than each by
 * itself as Material UI's TableRow and TableCell are. A page of 100 rows of 9 columns is 900 cells:
 * on a slow phone the difference is a fraction of a second each time the page renders. Rendered
 * again only when the rows or the columns change, not when the page around them does. */
const Rows = memo(function Rows<R extends { id: string | number }>({ rows, columns }: { rows: R[]; columns: Column<R>[] }) {
  return (
    <tbody>
      {rows.map((row) => (
        <tr key={row.id}>
          {columns.map((column) => (
            <td key={column.field}>{cellContents(column, row)}</td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}) as <R extends { id: string | number }>(props: { rows: R[]; columns: Column<R>[] }) => ReactNode;

/** The table's look: MUI's small table cells, for the header's TableCells and the body's plain cells. */
const tableStyle = (autoRowHeight: boolean) => (theme: Theme) => ({
  tableLayout: "fixed",
  "& th, & td": {
    paddingLeft: "10px",
    paddingRight: "10px",
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  "& th": { height: HEADER_HEIGHT, backgroundColor: theme.palette.background.paper },
  "& td": {
    ...theme.typography.body2,
    color: theme.palette.text.primary,
    height: ROW_HEIGHT,
    paddingTop: autoRowHeight ? "4px" : "2px",
    paddingBottom: autoRowHeight ? "4px" : "2px",
    whiteSpace: autoRowHeight ? "normal" : "nowrap",
    borderBottom: `1px solid ${lighten(alpha(theme.palette.divider, 1), 0.88)}`,
  },
  "& tbody tr:hover": { backgroundColor: theme.palette.action.hover },
});
const TABLE_STYLE = { compact: tableStyle(false), auto: tableStyle(true) };

export interface ServerTableProps<R extends { id: string | number }> {
  /** The pages to show, from useCursorPages. */
  pages: CursorPages;
  columns: Column<R>[];
  /** The table's accessible name. */
  label: string;
  height?: number;
  /** Rows grow to fit what their cells hold (chips that wrap), instead of one line a row. */
  autoRowHeight?: boolean;
}

/** A table over a server-paged list: the API filters and pages, the table shows one page at a time
 * with the app's texts; the columns come from the page.
 *
 * A plain table of Material UI's table parts, in a box of fixed height (the header stays in view
 * while the rows scroll, and the page around it never moves as rows arrive). While a page loads, a
 * named progress bar runs along the top edge, outside the table; the message of an empty table (or
 * of a first page still on the way) is outside its rows too, so that every row is a row of data. */
export function ServerTable<R extends { id: string | number }>({
  pages,
  columns,
  label,
  height = 640,
  autoRowHeight = false,
}: ServerTableProps<R>) {
  const { t } = useTranslation();
  const rows = pages.rows as R[];
  const { widths, minTableWidth } = columnWidths(columns);
  const empty = rows.length === 0;
  return (
    <Paper sx={{ height, position: "relative", display: "flex", flexDirection: "column", overflow: "hidden" }}>
      {pages.result.isFetching && (
        <Box sx={{ position: "absolute", top: 0, left: 0, right: 0, zIndex: 3 }}>
          <LinearProgress aria-label={t("app.loading")} />
        </Box>
      )}
      <TableContainer sx={{ flex: 1, minHeight: 0, position: "relative" }}>
        <Table
          stickyHeader
          size="small"
          aria-label={label}
          aria-busy={pages.result.isFetching}
          sx={autoRowHeight ? TABLE_STYLE.auto : TABLE_STYLE.compact}
          style={{ minWidth: minTableWidth }}
        >
          <colgroup>
            {columns.map((column, i) => (
              <col key={column.field} style={{ width: widths[i] }} />
            ))}
          </colgroup>
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                // A header cut short by its column's width shows in full on hover.
                <TableCell key={column.field} title={column.headerName}>
                  {column.headerName}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <Rows<R> rows={rows} columns={columns} />
        </Table>
        {empty ? (
          <Box sx={{ py: 6, textAlign: "center", color: "text.secondary" }}>
            {pages.result.isPending ? t("app.loading") : t("grid.noRows")}
          </Box>
        ) : null}
      </TableContainer>
      <TablePagination
        component="div"
        sx={{
          flexShrink: 0,
          borderTop: 1,
          borderColor: "divider",
          // On a narrow screen the page buttons go to a line of their own rather than out of sight.
          "& .MuiTablePagination-toolbar": { flexWrap: "wrap", justifyContent: "flex-end", rowGap: 0.5 },
          "& .MuiTablePagination-spacer": { display: { xs: "none", sm: "block" } },
        }}
        count={pages.rowCount}
        page={pages.model.page}
        rowsPerPage={pages.model.pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_event, page) => pages.onModelChange({ page, pageSize: pages.model.pageSize })}
        onRowsPerPageChange={(event) => pages.onModelChange({ page: 0, pageSize: Number(event.target.value) })}
        labelRowsPerPage={t("grid.rowsPerPage")}
        labelDisplayedRows={({ from, to, count }) =>
          count === -1 ? t("grid.rowsOfMore", { from, to }) : t("grid.rowsOf", { from, to, count })
        }
        getItemAriaLabel={(type) => t(`grid.page.${type}`)}
      />
    </Paper>
  );
}
