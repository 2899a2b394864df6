import { CssBaseline, ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { createBrowserRouter, RouterProvider, type RouteObject } from "react-router";
import { ApiError } from "./api/client";
import { RequireSession } from "./auth/RequireSession";
import { SessionProvider } from "./auth/SessionProvider";
import { NotFound } from "./components/NotFound";
import { PageLoading } from "./components/PageLoading";
import { loadAppShell, PAGES, PUBLIC_PAGES, type PageEntry, type PageLoader } from "./pages";
import { theme } from "./theme";

/** A page reached without signing in (the login page among them). */
function publicPage([path, load]: [string, PageLoader]): RouteObject {
  const Page = lazy(load);
  return {
    path,
    element: (
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    ),
  };
}
const AppShell = lazy(loadAppShell);
const NotificationBell = lazy(() =>
  import("./features/notifications/NotificationBell").then((module) => ({ default: module.NotificationBell })),
);

/** A route under the signed-in layout whose page loads when first shown (or as the app starts:
 * main.tsx). */
function page({ path, load }: PageEntry): RouteObject {
  const Page = lazy(load);
  return path === "" ? { index: true, element: <Page /> } : { path, element: <Page /> };
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const router = createBrowserRouter([
  ...Object.entries(PUBLIC_PAGES).map(publicPage),
  {
    element: (
      <RequireSession>
        <Suspense fallback={<PageLoading />}>
          <AppShell
            actions={
              <Suspense fallback={null}>
                <NotificationBell />
              </Suspense>
            }
          />
        </Suspense>
      </RequireSession>
    ),
    children: [...PAGES.map(page), { path: "*", element: <NotFound /> }],
  },
]);

export function App() {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
