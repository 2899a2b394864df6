import { CssBaseline, ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { ApiError } from "./api/client";
import { RequireSession } from "./auth/RequireSession";
import { SessionProvider } from "./auth/SessionProvider";
import { AppShell } from "./components/AppShell";
import { NotFound } from "./components/NotFound";
import { PageLoading } from "./components/PageLoading";
import { theme } from "./theme";

// Every page is its own chunk; the first page loads only the shell and the login form.
const LoginPage = lazy(() => import("./routes/LoginPage"));
const HomePage = lazy(() => import("./routes/HomePage"));
const StudentsPage = lazy(() => import("./routes/StudentsPage"));
const StudentPage = lazy(() => import("./routes/StudentPage"));
const PlansPage = lazy(() => import("./routes/PlansPage"));
const PlanPage = lazy(() => import("./routes/PlanPage"));
const PlanPrintPage = lazy(() => import("./routes/PlanPrintPage"));
const ApprovalsPage = lazy(() => import("./routes/ApprovalsPage"));
const UsersPage = lazy(() => import("./routes/UsersPage"));
const CataloguesPage = lazy(() => import("./routes/CataloguesPage"));
const NgoCallsPage = lazy(() => import("./routes/ngo/CallsPage"));
const NgoCallPage = lazy(() => import("./routes/ngo/CallPage"));
const NgoProjectsPage = lazy(() => import("./routes/ngo/ProjectsPage"));
const NgoProjectPage = lazy(() => import("./routes/ngo/ProjectPage"));
const NgoActivitiesPage = lazy(() => import("./routes/ngo/ActivitiesPage"));
const NgoActivityPage = lazy(() => import("./routes/ngo/ActivityPage"));
const NgoReportsPage = lazy(() => import("./routes/ngo/ReportsPage"));
const ApiClientsPage = lazy(() => import("./routes/integrations/ApiClientsPage"));
const StudentImportPage = lazy(() => import("./routes/integrations/StudentImportPage"));
const AuditPage = lazy(() => import("./routes/AuditPage"));

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
  {
    element: (
      <RequireSession>
        <AppShell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: "students", element: <StudentsPage /> },
      { path: "students/:studentId", element: <StudentPage /> },
      { path: "plans", element: <PlansPage /> },
      { path: "plans/:planId", element: <PlanPage /> },
      { path: "plans/:planId/print", element: <PlanPrintPage /> },
      { path: "approvals", element: <ApprovalsPage /> },
      { path: "admin/users", element: <UsersPage /> },
      { path: "admin/catalogues", element: <CataloguesPage /> },
      { path: "ngo/calls", element: <NgoCallsPage /> },
      { path: "ngo/calls/:callId", element: <NgoCallPage /> },
      { path: "ngo/projects", element: <NgoProjectsPage /> },
      { path: "ngo/projects/:projectId", element: <NgoProjectPage /> },
      { path: "ngo/activities", element: <NgoActivitiesPage /> },
      { path: "ngo/activities/:activityId", element: <NgoActivityPage /> },
      { path: "ngo/reports", element: <NgoReportsPage /> },
      { path: "integrations/api-clients", element: <ApiClientsPage /> },
      { path: "integrations/import", element: <StudentImportPage /> },
      { path: "audit", element: <AuditPage /> },
      { path: "*", element: <NotFound /> },
    ],
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
