import { CssBaseline, ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, type ComponentType } from "react";
import { createBrowserRouter, RouterProvider, type RouteObject } from "react-router";
import { ApiError, isSignedIn } from "./api/client";
import { RequireSession } from "./auth/RequireSession";
import { SessionProvider } from "./auth/SessionProvider";
import { NotFound } from "./components/NotFound";
import { PageLoading } from "./components/PageLoading";
import { theme } from "./theme";

// Every page is its own chunk, and so is the signed-in layout (app bar, navigation and its icons):
// the login page loads only what signing in needs.
type PageModule = Promise<{ default: ComponentType }>;
const loadAppShell = () => import("./components/AppShell").then((module) => ({ default: module.AppShell }));
const LoginPage = lazy(() => import("./routes/LoginPage"));
const ForgotPasswordPage = lazy(() => import("./features/accounts/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("./features/accounts/ResetPasswordPage"));
const AcceptInvitationPage = lazy(() => import("./features/accounts/AcceptInvitationPage"));

/** A page reached without signing in. */
function publicPage(path: string, Page: ComponentType): RouteObject {
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

const pageLoaders = new Map<string, () => PageModule>();

/** A route (`null`: the index route) whose page loads when first shown, or at start (below). */
function page(path: string | null, load: () => PageModule): RouteObject {
  pageLoaders.set(path ?? "", load);
  const Page = lazy(load);
  return path === null ? { index: true, element: <Page /> } : { path, element: <Page /> };
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
  {
    path: "/login",
    element: (
      <Suspense fallback={<PageLoading />}>
        <LoginPage />
      </Suspense>
    ),
  },
  publicPage("/forgot-password", ForgotPasswordPage),
  publicPage("/reset-password", ResetPasswordPage),
  publicPage("/accept-invitation", AcceptInvitationPage),
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
    children: [
      page(null, () => import("./routes/HomePage")),
      page("students", () => import("./routes/StudentsPage")),
      page("students/:studentId", () => import("./routes/StudentPage")),
      page("plans", () => import("./routes/PlansPage")),
      page("plans/:planId", () => import("./routes/PlanPage")),
      page("plans/:planId/print", () => import("./routes/PlanPrintPage")),
      page("approvals", () => import("./routes/ApprovalsPage")),
      page("admin/users", () => import("./routes/UsersPage")),
      page("admin/catalogues", () => import("./routes/CataloguesPage")),
      page("organisation", () => import("./routes/organisation/OrganisationPage")),
      page("organisation/institutions/:institutionId", () => import("./routes/organisation/InstitutionPage")),
      page("organisation/classes", () => import("./routes/organisation/InstitutionPage")),
      page("ngo/calls", () => import("./routes/ngo/CallsPage")),
      page("ngo/calls/:callId", () => import("./routes/ngo/CallPage")),
      page("ngo/projects", () => import("./routes/ngo/ProjectsPage")),
      page("ngo/projects/:projectId", () => import("./routes/ngo/ProjectPage")),
      page("ngo/activities", () => import("./routes/ngo/ActivitiesPage")),
      page("ngo/activities/:activityId", () => import("./routes/ngo/ActivityPage")),
      page("ngo/reports", () => import("./routes/ngo/ReportsPage")),
      page("integrations/api-clients", () => import("./routes/integrations/ApiClientsPage")),
      page(
        "integrations/api-clients/:clientId/webhooks",
        () => import("./routes/integrations/ClientWebhooksPage"),
      ),
      page("integrations/import", () => import("./routes/integrations/StudentImportPage")),
      page("audit", () => import("./routes/AuditPage")),
      page("early-warning", () => import("./routes/indicators/WorklistsPage")),
      page("early-warning/import", () => import("./routes/indicators/IndicatorImportPage")),
      page("notifications", () => import("./features/notifications/NotificationsPage")),
      page("monitoring", () => import("./routes/MonitoringPage")),
      { path: "*", element: <NotFound /> },
    ],
  },
]);

// A signed-in visit needs the layout and the page it opens on: both are fetched at once, while the
// session is read, instead of one after the other as each comes to render.
if (isSignedIn()) {
  void loadAppShell();
  for (const { route } of router.state.matches) void pageLoaders.get(route.index ? "" : (route.path ?? "*"))?.();
}

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
