// Every page of the app, by its address, each loaded as its own chunk when first shown. App.tsx makes
// the routes from this table; main.tsx, before the rest of the app has even arrived, starts fetching
// the page the address opens on. So this module imports nothing but the pages themselves, lazily.
import type { ComponentType } from "react";

export type PageModule = Promise<{ default: ComponentType }>;
export type PageLoader = () => PageModule;

export interface PageEntry {
  /** The address under the signed-in layout, without its leading slash ("" for the home page). */
  path: string;
  load: PageLoader;
}

/** The pages reached without signing in, by their full address. */
export const PUBLIC_PAGES: Record<string, PageLoader> = {
  "/login": () => import("./routes/LoginPage"),
  "/forgot-password": () => import("./features/accounts/ForgotPasswordPage"),
  "/reset-password": () => import("./features/accounts/ResetPasswordPage"),
  "/accept-invitation": () => import("./features/accounts/AcceptInvitationPage"),
};

/** The signed-in layout: app bar, navigation and its icons. */
export const loadAppShell = () => import("./components/AppShell").then((module) => ({ default: module.AppShell }));

/** The pages under the signed-in layout. */
export const PAGES: PageEntry[] = [
  { path: "", load: () => import("./routes/HomePage") },
  { path: "students", load: () => import("./routes/StudentsPage") },
  { path: "students/:studentId", load: () => import("./routes/StudentPage") },
  { path: "plans", load: () => import("./routes/PlansPage") },
  { path: "plans/:planId", load: () => import("./routes/PlanPage") },
  { path: "plans/:planId/print", load: () => import("./routes/PlanPrintPage") },
  { path: "approvals", load: () => import("./routes/ApprovalsPage") },
  { path: "admin/users", load: () => import("./routes/UsersPage") },
  { path: "admin/catalogues", load: () => import("./routes/CataloguesPage") },
  { path: "organisation", load: () => import("./routes/organisation/OrganisationPage") },
  { path: "organisation/institutions/:institutionId", load: () => import("./routes/organisation/InstitutionPage") },
  { path: "organisation/classes", load: () => import("./routes/organisation/InstitutionPage") },
  { path: "ngo/calls", load: () => import("./routes/ngo/CallsPage") },
  { path: "ngo/calls/:callId", load: () => import("./routes/ngo/CallPage") },
  { path: "ngo/projects", load: () => import("./routes/ngo/ProjectsPage") },
  { path: "ngo/projects/:projectId", load: () => import("./routes/ngo/ProjectPage") },
  { path: "ngo/activities", load: () => import("./routes/ngo/ActivitiesPage") },
  { path: "ngo/activities/:activityId", load: () => import("./routes/ngo/ActivityPage") },
  { path: "ngo/reports", load: () => import("./routes/ngo/ReportsPage") },
  { path: "integrations/api-clients", load: () => import("./routes/integrations/ApiClientsPage") },
  { path: "integrations/api-clients/:clientId/webhooks", load: () => import("./routes/integrations/ClientWebhooksPage") },
  { path: "integrations/import", load: () => import("./routes/integrations/StudentImportPage") },
  { path: "audit", load: () => import("./routes/AuditPage") },
  { path: "early-warning", load: () => import("./routes/indicators/WorklistsPage") },
  { path: "early-warning/import", load: () => import("./routes/indicators/IndicatorImportPage") },
  { path: "notifications", load: () => import("./features/notifications/NotificationsPage") },
  { path: "monitoring", load: () => import("./routes/MonitoringPage") },
];

/** Whether an address (without its leading slash) is a page's path; `:name` matches one segment. */
function matches(path: string, address: string): boolean {
  const want = path.split("/");
  const have = address.replace(/\/+$/, "").split("/");
  return want.length === have.length && want.every((segment, i) => (segment.startsWith(":") ? have[i] !== "" : segment === have[i]));
}

/** The page an address opens on, if it is one of the signed-in pages. */
export function pageAt(pathname: string): PageEntry | undefined {
  const address = pathname.replace(/^\//, "");
  return PAGES.find((page) => matches(page.path, address));
}

/**
 * Starts fetching the code the address will show: the signed-in layout and the page, or (not signed
 * in) the public page or the login page that a signed-in page sends to. Called as the app starts,
 * it fetches that code side by side with the rest of the app rather than after it.
 */
export function preloadOpeningPage(pathname: string, signedIn: boolean): void {
  const publicPage = PUBLIC_PAGES[pathname];
  const loads = publicPage
    ? [publicPage()]
    : signedIn
      ? [loadAppShell(), pageAt(pathname)?.load()]
      : [PUBLIC_PAGES["/login"]?.()];
  // A failure shows when the page itself is rendered (and asks again): nothing to report here.
  for (const load of loads) load?.catch(() => undefined);
}
