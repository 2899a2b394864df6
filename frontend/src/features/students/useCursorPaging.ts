import type { GridPaginationModel } from "@mui/x-data-grid";
import { useCallback, useState } from "react";

/**
 * Page-numbered navigation over the API's keyset cursors: remembers the cursor that opens each page
 * seen so far, so the grid can go back and forward one page at a time.
 */
export function useCursorPaging(initialPageSize = 25) {
  const [model, setModel] = useState<GridPaginationModel>({ page: 0, pageSize: initialPageSize });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);

  const reset = useCallback(() => {
    setCursors([undefined]);
    setModel((m) => (m.page === 0 ? m : { ...m, page: 0 }));
  }, []);

  const onModelChange = useCallback(
    (next: GridPaginationModel) => {
      if (next.pageSize !== model.pageSize) {
        setCursors([undefined]);
        setModel({ page: 0, pageSize: next.pageSize });
        return;
      }
      setModel(next);
    },
    [model.pageSize],
  );

  /** Records where the page after `page` starts, once the API has told us. */
  const remember = useCallback((page: number, nextCursor: string | null | undefined) => {
    setCursors((known) => {
      if (!nextCursor || known[page + 1] === nextCursor) return known;
      const copy = known.slice(0, page + 1);
      copy[page + 1] = nextCursor;
      return copy;
    });
  }, []);

  return { model, cursor: cursors[model.page], onModelChange, remember, reset };
}
