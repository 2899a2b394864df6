import { QueryClient, QueryClientProvider, queryOptions } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { useCursorPages, type PageRequest } from "./useCursorPages";

// A list of 7 rows served 3 at a time with opaque cursors, as the API's keyset pages are; the
// requests it answered are kept to check which cursor each page was asked with.
function fakeList() {
  const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}` }));
  const asked: { filter: string; limit: number; cursor: string | undefined }[] = [];
  const query = (filter: string) => (page: PageRequest) =>
    queryOptions({
      queryKey: ["rows", filter, page],
      queryFn: async () => {
        asked.push({ filter, ...page });
        const start = page.cursor ? Number(page.cursor.slice(1)) : 0;
        const end = start + page.limit;
        return { items: rows.slice(start, end), next_cursor: end < rows.length ? `c${end}` : null };
      },
    });
  return { query, asked };
}

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const ids = (rows: unknown[]) => rows.map((r) => (r as { id: string }).id);

describe("cursor pages", () => {
  it("go forward with the API's cursor and back to pages already seen", async () => {
    const list = fakeList();
    const { result } = renderHook(() => useCursorPages(list.query("all"), "all", 3), { wrapper });
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r0", "r1", "r2"]));
    expect(result.current.hasNextPage).toBe(true);
    expect(result.current.rowCount).toBe(-1);

    act(() => result.current.onModelChange({ page: 1, pageSize: 3 }));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r3", "r4", "r5"]));
    act(() => result.current.onModelChange({ page: 2, pageSize: 3 }));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r6"]));
    expect(result.current.hasNextPage).toBe(false);
    expect(result.current.rowCount).toBe(7);

    act(() => result.current.onModelChange({ page: 1, pageSize: 3 }));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r3", "r4", "r5"]));
    // Back on page 2, its rows are asked for again with the cursor remembered for it.
    expect(list.asked.map((a) => a.cursor)).toEqual([undefined, "c3", "c6", "c3"]);
  });

  it("start again at the first page when the filters or the page size change", async () => {
    const list = fakeList();
    const { result, rerender } = renderHook(({ filter }) => useCursorPages(list.query(filter), { filter }, 3), {
      wrapper,
      initialProps: { filter: "a" },
    });
    await waitFor(() => expect(result.current.hasNextPage).toBe(true));
    act(() => result.current.onModelChange({ page: 1, pageSize: 3 }));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r3", "r4", "r5"]));

    rerender({ filter: "b" });
    await waitFor(() => expect(result.current.model.page).toBe(0));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r0", "r1", "r2"]));
    expect(list.asked.at(-1)).toEqual({ filter: "b", limit: 3, cursor: undefined });

    act(() => result.current.onModelChange({ page: 1, pageSize: 3 }));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r3", "r4", "r5"]));
    act(() => result.current.onModelChange({ page: 1, pageSize: 5 }));
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["r0", "r1", "r2", "r3", "r4"]));
    expect(result.current.model).toEqual({ page: 0, pageSize: 5 });
  });
});
