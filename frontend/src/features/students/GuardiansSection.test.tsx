import { ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../api/client";
import "../../i18n";
import { theme } from "../../theme";
import { GuardiansSection } from "./GuardiansSection";

type Guardian = Schemas["GuardianRead"];

const MOTHER: Guardian = {
  id: "g-mother",
  full_name: "Ilze Kalniņa",
  relation: "mother",
  phone: "+371 29123456",
  email: null,
  is_legal_representative: true,
  ended_on: null,
  end_reason: null,
};
const FATHER: Guardian = {
  ...MOTHER,
  id: "g-father",
  full_name: "Juris Kalniņš",
  relation: "father",
  ended_on: "2026-09-30",
  end_reason: "Bāriņtiesas lēmums",
};

function renderSection(guardians: Guardian[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <ThemeProvider theme={theme}>
      <QueryClientProvider client={client}>
        <GuardiansSection studentId="s1" guardians={guardians} canWrite />
      </QueryClientProvider>
    </ThemeProvider>,
  );
}

describe("guardians", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("shows a former guardian apart, with the day and reason, and without actions", () => {
    renderSection([MOTHER, FATHER]);
    expect(screen.getByRole("button", { name: "Beigt: Ilze Kalniņa" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Beigt: Juris Kalniņš" })).toBeNull();
    const former = screen.getByText("Agrākie pārstāvji un kontaktpersonas").parentElement!;
    expect(within(former).getByRole("listitem").textContent).toBe("Juris Kalniņš · tēvs — beidzās 30.09.2026: Bāriņtiesas lēmums");
  });

  it("ends a guardian only with a reason, through the end route", async () => {
    const calls: { path: string; method: string; body: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(new URL(String(input), "http://app"), init);
        calls.push({ path: new URL(request.url, "http://app").pathname, method: request.method, body: await request.json() });
        const ended = { ...MOTHER, ended_on: "2026-12-01", end_reason: "Pārcēlās uz ārzemēm" };
        return new Response(JSON.stringify(ended), { status: 200, headers: { "Content-Type": "application/json" } });
      }),
    );
    renderSection([MOTHER]);
    fireEvent.click(screen.getByRole("button", { name: "Beigt: Ilze Kalniņa" }));
    const dialog = await screen.findByRole("dialog");
    const confirm = within(dialog).getByRole("button", { name: "Beigt" });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText(/Iemesls/), { target: { value: "Pārcēlās uz ārzemēm" } });
    expect((confirm as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({
      path: "/api/v1/students/s1/guardians/g-mother/end",
      method: "POST",
      body: { reason: "Pārcēlās uz ārzemēm" },
    });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
