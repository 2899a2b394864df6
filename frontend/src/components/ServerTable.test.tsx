import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import "../i18n";
import type { CursorPages } from "../lib/useCursorPages";
import { ServerTable, type Column } from "./ServerTable";

afterEach(cleanup);

interface Row {
  id: string;
  name: string;
  born: string | null;
  plan: string | null;
}

const columns: Column<Row>[] = [
  { field: "name", headerName: "Vārds", flex: 1, minWidth: 200, renderCell: ({ row }) => <a href={`/x/${row.id}`}>{row.name}</a> },
  { field: "born", headerName: "Dzimis", width: 120, valueFormatter: (value: string | null) => (value ? value.split("-").reverse().join(".") : "—") },
  { field: "plan", headerName: "Plāns", width: 150, valueGetter: (value: string | null) => value ?? "Nav plāna" },
];

function pagesOf(rows: Row[], { page = 0, pageSize = 25, hasNextPage = false, isPending = false, isFetching = false } = {}) {
  const onModelChange = vi.fn();
  const pages = {
    result: { isPending, isFetching, error: null },
    rows,
    model: { page, pageSize },
    onModelChange,
    hasNextPage,
    rowCount: hasNextPage ? -1 : page * pageSize + rows.length,
  } as unknown as CursorPages;
  return { pages, onModelChange };
}

const ROWS: Row[] = [
  { id: "a", name: "Avotiņš Artūrs", born: "2010-09-09", plan: "Aktīvs" },
  { id: "b", name: "Balode Amēlija", born: null, plan: null },
];

describe("ServerTable", () => {
  it("is a table by its name, with a header and one row of cells for each item", () => {
    render(<ServerTable<Row> pages={pagesOf(ROWS).pages} columns={columns} label="Izglītojamie" />);
    const table = screen.getByRole("table", { name: "Izglītojamie" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Vārds", "Dzimis", "Plāns"]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent))).toEqual([
      ["Avotiņš Artūrs", "09.09.2010", "Aktīvs"],
      ["Balode Amēlija", "—", "Nav plāna"],
    ]);
    expect(within(rows[0]!).getByRole("link", { name: "Avotiņš Artūrs" }).getAttribute("href")).toBe("/x/a");
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("says the first page is loading, and later that there is nothing, outside its rows", () => {
    render(<ServerTable<Row> pages={pagesOf([], { isPending: true, isFetching: true }).pages} columns={columns} label="Izglītojamie" />);
    expect(screen.getByRole("progressbar", { name: "Ielādē…" })).toBeTruthy();
    expect(screen.getByText("Ielādē…", { selector: "div" })).toBeTruthy();
    expect(within(screen.getByRole("table")).getAllByRole("row")).toHaveLength(1);
    cleanup();
    render(<ServerTable<Row> pages={pagesOf([]).pages} columns={columns} label="Izglītojamie" />);
    expect(screen.getByText("Nav ierakstu")).toBeTruthy();
    expect(within(screen.getByRole("table")).queryAllByRole("cell")).toHaveLength(0);
  });

  it("pages forward and back, and changes the page size, in Latvian", () => {
    const { pages, onModelChange } = pagesOf(ROWS, { hasNextPage: true });
    render(<ServerTable<Row> pages={pages} columns={columns} label="Izglītojamie" />);
    expect(screen.getByText("1–25 no vairāk nekā 25")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Iepriekšējā lapa" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Nākamā lapa" }));
    expect(onModelChange).toHaveBeenLastCalledWith({ page: 1, pageSize: 25 });
    cleanup();

    const last = pagesOf(ROWS, { page: 1 });
    render(<ServerTable<Row> pages={last.pages} columns={columns} label="Izglītojamie" />);
    expect(screen.getByText("26–27 no 27")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Nākamā lapa" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Iepriekšējā lapa" }));
    expect(last.onModelChange).toHaveBeenLastCalledWith({ page: 0, pageSize: 25 });

    fireEvent.mouseDown(screen.getByRole("combobox", { name: /Rindas lapā/ }));
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["25", "50", "100"]);
    fireEvent.click(screen.getByRole("option", { name: "50" }));
    expect(last.onModelChange).toHaveBeenLastCalledWith({ page: 0, pageSize: 50 });
  });
});
