import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, apiLanguage } from "../api/client";
import "../i18n";
import { ErrorMessage } from "./QueryState";

afterEach(cleanup);

const problem = { type: "https://pumpurs.lv/problems/conflict", title: "Conflict", status: 409 };

describe("ErrorMessage", () => {
  it("shows the server's refusal as given, never its English title", () => {
    render(<ErrorMessage error={new ApiError(409, { ...problem, code: "plan.delete-not-draft", detail: "Dzēst var tikai plāna melnrakstu" })} />);
    expect(screen.getByRole("alert").textContent).toBe("Dzēst var tikai plāna melnrakstu");
    cleanup();
    render(<ErrorMessage error={new ApiError(409, { ...problem, code: "conflict" })} />);
    expect(screen.getByRole("alert").textContent).not.toContain("Conflict");
  });

  it("names what is wrong with each field of a refused form", () => {
    const error = new ApiError(422, {
      ...problem,
      status: 422,
      code: "request.invalid",
      detail: "Nederīgi dati: body.student_agreed_on",
      errors: [{ loc: ["body", "student_agreed_on"], msg: "Datumam jābūt no 1900. līdz 2100. gadam", code: "date.out-of-range" }],
    });
    render(<ErrorMessage error={error} />);
    expect(screen.getByRole("alert").textContent).toBe("Datumam jābūt no 1900. līdz 2100. gadam");
  });

  it("asks the API in the interface's language", () => {
    expect(apiLanguage()).toBe("lv");
  });
});
