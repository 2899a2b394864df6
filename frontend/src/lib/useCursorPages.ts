import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";

/** One page of a list endpoint: its rows and the keyset cursor of the next page, if there is one. */
export interface CursorPage {
  items: unknown[];
  next_cursor?: string | null;
}

/** Which page of a list is shown, and how many rows a page has. */
export interface PageModel {
  page: number;
  pageSize: number;
}

/** Where a page starts: the page size, and the cursor the API gave for it (none for the first). */
export interface PageRequest {
  limit: number;
  cursor: string | undefined;
}

/**
 * Page-numbered navigation over the API's keyset cursors: fetches the page `query` makes for the
 * current page size and cursor, remembers the cursor that opens each page seen so far (so a table can
 * go back and forward one page at a time), and returns to the first page whenever `filters` change
 * (compared by value) or the page size does.
 */
export function useCursorPages<TPage extends CursorPage, TKey extends QueryKey>(
  query: (page: PageRequest) => UseQueryOptions<TPage, Error, TPage, TKey>,
  filters: unknown,
  initialPageSize = 25,
) {
  const [model, setModel] = useState<PageModel>({ page: 0, pageSize: initialPageSize });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const result = useQuery(query({ limit: model.pageSize, cursor: cursors[model.page] }));

  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    setCursors([undefined]);
    setModel((m) => (m.page === 0 ? m : { ...m, page: 0 }));
  }, [filterKey]);

  const onModelChange = useCallback(
    (next: PageModel) => {
      if (next.pageSize !== model.pageSize) {
        setCursors([undefined]);
        setModel({ page: 0, pageSize: next.pageSize });
        return;
      }
      setModel(next);
    },
    [model.pageSize],
  );

  // Records where the page after this one starts, once the API has told us.
  const page = model.page;
  const nextCursor = result.data?.next_cursor;
  useEffect(() => {
    setCursors((known) => {
      if (!nextCursor || known[page + 1] === nextCursor) return known;
      const copy = known.slice(0, page + 1);
      copy[page + 1] = nextCursor;
      return copy;
    });
  }, [page, nextCursor]);

  const rows = (result.data?.items ?? []) as TPage["items"];
  const hasNextPage = Boolean(nextCursor);
  return {
    /** The query of the current page (its error, whether it is fetching). */
    result,
    rows,
    model,
    onModelChange,
    hasNextPage,
    /** The number of rows as far as known: unknown (-1) while a next page exists. */
    rowCount: hasNextPage ? -1 : page * model.pageSize + rows.length,
  };
}

export type CursorPages<TPage extends CursorPage = CursorPage> = ReturnType<typeof useCursorPages<TPage, QueryKey>>;
