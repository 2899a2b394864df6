import { ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, type Schemas } from "../api/client";
import { SessionProvider } from "../auth/SessionProvider";
import "../i18n";
import { theme } from "../theme";
import LoginPage from "./LoginPage";

const assignment = (id: string, role: Schemas["Role"], scope_name: string): Schemas["AssignmentSummary"] => ({
  id,
  role,
  scope_id: `${id}-scope`,
  scope_name,
  scope_type: "institution",
});
const TEACHER = assignment("a-teacher", "teacher", "Viesītes vidusskola");
const DIRECTOR = assignment("a-director", "school_director", "Rites pamatskola");

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The API as the login page sees it: tokens, and a user who holds two roles. */
function fakeApi() {
  const tokenForms: URLSearchParams[] = [];
  let current = TEACHER;
  const api = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://app"), init);
    const path = new URL(request.url, "http://app").pathname;
    if (path === "/api/v1/auth/token") {
      const form = new URLSearchParams(await request.text());
      tokenForms.push(form);
      if (form.get("password") !== "pumpurs-demo") return json({ title: "Unauthorized", status: 401, type: "about:blank" }, 401);
      current = form.get("scope") === DIRECTOR.id ? DIRECTOR : TEACHER;
      return json({ access_token: `token-${current.id}`, token_type: "bearer", expires_in: 900, refresh_token: "r" });
    }
    if (path === "/api/v1/auth/me") {
      return json({
        user: { id: "u1", email: "anna@skola.lv", full_name: "Anna Ozola" },
        current,
        assignments: [TEACHER, DIRECTOR],
        permissions: ["students:read"],
      });
    }
    return json({ title: "Not found", status: 404, type: "about:blank" }, 404);
  });
  return { api, tokenForms };
}

function renderLogin() {
  const router = createMemoryRouter(
    [
      { path: "/login", element: <LoginPage /> },
      { path: "/", element: <p>home page</p> },
    ],
    { initialEntries: ["/login"] },
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <ThemeProvider theme={theme}>
      <QueryClientProvider client={client}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </ThemeProvider>,
  );
}

function signInWith(password: string) {
  fireEvent.change(screen.getByLabelText("E-pasts"), { target: { value: "anna@skola.lv" } });
  fireEvent.change(screen.getByLabelText("Parole"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Pieteikties" }));
}

describe("login", () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("asks a person with several roles which one to work in, and signs in in that one", async () => {
    const { api, tokenForms } = fakeApi();
    vi.stubGlobal("fetch", api);
    renderLogin();
    signInWith("pumpurs-demo");

    const choice = await screen.findByRole("radiogroup", { name: "Izvēlieties lomu, kurā strādāsiet" });
    expect(choice).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: "Izglītības iestādes vadītājs · Rites pamatskola" }));
    fireEvent.click(screen.getByRole("button", { name: "Turpināt" }));

    await screen.findByText("home page");
    expect(tokenForms.map((f) => f.get("scope"))).toEqual([null, DIRECTOR.id]);
    expect(JSON.parse(sessionStorage.getItem("pumpurs.tokens") ?? "{}").access).toBe(`token-${DIRECTOR.id}`);
  });

  it("says so when the password is wrong, and validates the form first", async () => {
    const { api } = fakeApi();
    vi.stubGlobal("fetch", api);
    renderLogin();

    fireEvent.click(screen.getByRole("button", { name: "Pieteikties" }));
    expect(await screen.findAllByText("Obligāts lauks")).toHaveLength(2);
    expect(api).not.toHaveBeenCalled();

    signInWith("wrong");
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Nepareizs e-pasts vai parole."));
  });

  it("still says the session ended on a page loaded after it ended, until the next sign-in", async () => {
    // A request of the previous page found the refresh token refused and ended the session.
    sessionStorage.setItem("pumpurs.tokens", JSON.stringify({ access: "a", refresh: "r", expiresAt: 0 }));
    const refused = vi.fn(async () => json({ title: "Unauthorized", status: 401, type: "about:blank" }, 401));
    vi.stubGlobal("fetch", refused);
    await api.GET("/api/v1/auth/me");
    expect(sessionStorage.getItem("pumpurs.tokens")).toBeNull();

    const { api: fake } = fakeApi();
    vi.stubGlobal("fetch", fake);
    renderLogin();
    expect(screen.getByText("Jūsu sesija ir beigusies. Lūdzu, piesakieties vēlreiz.")).toBeTruthy();
    signInWith("pumpurs-demo");
    fireEvent.click(await screen.findByRole("button", { name: "Turpināt" }));
    await screen.findByText("home page");
    cleanup();

    renderLogin();
    expect(screen.queryByText("Jūsu sesija ir beigusies. Lūdzu, piesakieties vēlreiz.")).toBeNull();
  });
});
