import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { isFinished, looksLikeCsv, problemsFromError, progressPercent, rowsWithProblems, sortProblems } from "./importing";

describe("import problems", () => {
  const problems = [
    { row: 4, column: "personas_kods", message: "Invalid personal code" },
    { row: 2, column: "vards", message: "Required" },
    { row: 4, column: null, message: "Duplicate of row 3" },
    { row: 2, column: "dzimsanas_datums", message: "Not a date" },
  ];

  it("are listed in the order of the file, whole-row problems first", () => {
    expect(sortProblems(problems).map((p) => [p.row, p.column])).toEqual([
      [2, "dzimsanas_datums"],
      [2, "vards"],
      [4, null],
      [4, "personas_kods"],
    ]);
  });

  it("leave the original list as it was", () => {
    const copy = [...problems];
    sortProblems(problems);
    expect(problems).toEqual(copy);
  });

  it("count each row once", () => {
    expect(rowsWithProblems(problems)).toBe(2);
    expect(rowsWithProblems([])).toBe(0);
  });

  it("are read from a refused file's field errors", () => {
    const error = new ApiError(422, {
      title: "Invalid input",
      detail: "2 problems in the file; nothing was imported",
      errors: [
        { loc: ["body", "file", 3, "klase"], msg: "Unknown class" },
        { loc: ["body", "file", 1], msg: "Row 1: The required column vards is missing" },
        { loc: ["body", "institution_id"], msg: "Field required" },
      ],
    });
    expect(problemsFromError(error)).toEqual([
      { row: 3, column: "klase", message: "Unknown class" },
      { row: 1, column: null, message: "Row 1: The required column vards is missing" },
    ]);
  });

  it("are none for other refusals", () => {
    expect(problemsFromError(new ApiError(403, { title: "Forbidden" }))).toEqual([]);
    expect(problemsFromError(new Error("network"))).toEqual([]);
  });
});

describe("import progress", () => {
  it("is the share of rows written, in whole percent", () => {
    expect(progressPercent({ status: "running", processed_rows: 0, total_rows: 200 })).toBe(0);
    expect(progressPercent({ status: "running", processed_rows: 50, total_rows: 200 })).toBe(25);
    expect(progressPercent({ status: "running", processed_rows: 2, total_rows: 3 })).toBe(66);
  });

  it("reaches 100 only when the job has succeeded", () => {
    expect(progressPercent({ status: "running", processed_rows: 200, total_rows: 200 })).toBe(99);
    expect(progressPercent({ status: "succeeded", processed_rows: 200, total_rows: 200 })).toBe(100);
  });

  it("is 0 for an empty file", () => {
    expect(progressPercent({ status: "running", processed_rows: 0, total_rows: 0 })).toBe(0);
  });

  it("ends when the job succeeds or fails", () => {
    expect(isFinished({ status: "running" })).toBe(false);
    expect(isFinished({ status: "succeeded" })).toBe(true);
    expect(isFinished({ status: "failed" })).toBe(true);
  });
});

describe("file choice", () => {
  it("accepts CSV by extension or type", () => {
    expect(looksLikeCsv({ name: "skoleni.CSV", type: "" })).toBe(true);
    expect(looksLikeCsv({ name: "export", type: "text/csv" })).toBe(true);
    expect(looksLikeCsv({ name: "skoleni.xlsx", type: "application/vnd.ms-excel" })).toBe(false);
  });
});
