// The logic of the import page, kept apart from the components so it can be tested on its own.
import { ApiError } from "../../api/client";
import type { ImportJob, ImportProblem } from "../../api/queries/integrations";

/** Problems in the order of the file: by row, then by column (whole-row problems first). */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.row - b.row || (a.column ?? "").localeCompare(b.column ?? ""));
}

/** How many distinct rows of the file have at least one problem. */
export function rowsWithProblems(problems: readonly ImportProblem[]): number {
  return new Set(problems.map((p) => p.row)).size;
}

/**
 * The problems of a refused file (422): the API names each in `errors` with the location
 * `["body", "file", row, column?]`. Other refusals carry no rows and give an empty list.
 */
export function problemsFromError(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  return error.fieldErrors.flatMap((e) => {
    const [where, field, row, column] = e.loc;
    if (where !== "body" || field !== "file" || typeof row !== "number") return [];
    return [{ row, column: typeof column === "string" ? column : null, message: e.msg }];
  });
}

/** Whole percent of the rows written so far; 100 only when the job has succeeded. */
export function progressPercent(job: Pick<ImportJob, "status" | "processed_rows" | "total_rows">): number {
  if (job.status === "succeeded") return 100;
  if (job.total_rows <= 0) return 0;
  return Math.min(99, Math.floor((100 * job.processed_rows) / job.total_rows));
}

export const isFinished = (job: Pick<ImportJob, "status">) => job.status !== "running";

/** Only CSV files are offered, by extension or type (browsers disagree on the type of a .csv). */
export function looksLikeCsv(file: Pick<File, "name" | "type">): boolean {
  return /\.(csv|txt)$/i.test(file.name) || file.type === "text/csv";
}
