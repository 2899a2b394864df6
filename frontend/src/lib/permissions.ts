// What the signed-in role may do, as the pages ask it. The API decides and checks every request;
// these checks only shape the pages. Permission names are the API schema's `Permission` enum, and
// this module is the one place that spells them.
import type { Schemas } from "../api/client";
import type { Me } from "../auth/SessionProvider";

type Permission = Schemas["Permission"];

function hasPermission(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

const APPROVAL_PERMISSIONS: Permission[] = ["plans:approve_school", "plans:approve_municipality", "plans:approve_national"];

/** Holds a step of the approval chain (DESIGN §1.4); which step a plan waits for, the API says. */
export const canApprove = (me: Me) => APPROVAL_PERMISSIONS.some((p) => hasPermission(me, p));

// Students and plans
export const canReadStudents = (me: Me) => hasPermission(me, "students:read");
export const canReadPersonalCodes = (me: Me) => hasPermission(me, "personal_codes:read");
export const canReadPlans = (me: Me) => hasPermission(me, "plans:read");
/** Programme monitoring: plan readers above a school (coordinators, IKVD). */
export const canReadMonitoring = (me: Me) => canReadPlans(me) && me.current.scope_type !== "institution";
export const canWritePlans = (me: Me) => hasPermission(me, "plans:write");
/** The student's school records guardians and consents (director, coordinator, teachers). */
export const canWriteGuardiansConsents = (me: Me) => hasPermission(me, "guardians_consents:write");
export const canLogDeliveries = (me: Me) => hasPermission(me, "deliveries:write");

// Administration
export const canManageUsers = (me: Me) => hasPermission(me, "users:write");
export const canEditCatalogues = (me: Me) => hasPermission(me, "catalogue:write");
/** IKVD: municipalities, institutions, school years. */
export const canSetUpOrganisation = (me: Me) => hasPermission(me, "organisation:write");
export const canWriteClassGroups = (me: Me) => hasPermission(me, "class_groups:write");
/** School staff who keep their own school's classes (IKVD reaches them through the register). */
export const keepsOwnClasses = (me: Me) =>
  canWriteClassGroups(me) && me.current.scope_type === "institution" && Boolean(me.current.scope_id);

// The audit trail
export const canReadAudit = (me: Me) => hasPermission(me, "audit:read");
export const canExportSubjectAccess = (me: Me) => hasPermission(me, "subject_access:export");

// Integrations
export const canManageApiClients = (me: Me) => hasPermission(me, "api_clients:manage");
export const canImportStudents = (me: Me) =>
  hasPermission(me, "students:import") && me.current.scope_type === "institution" && Boolean(me.current.scope_id);
export const canExportStudents = (me: Me) => hasPermission(me, "students:export");
export const canExportPlanStatuses = (me: Me) => hasPermission(me, "plan_statuses:export");
/** IKVD chooses the scope of a new client; a municipal coordinator's clients are its municipality's. */
export const choosesClientScope = (me: Me) => me.current.scope_type === "national";

// Youth NGO initiatives
export const canReadInitiatives = (me: Me) => hasPermission(me, "initiatives:read");
export const canManageCalls = (me: Me) => hasPermission(me, "initiative_calls:manage");
export const canRunProjects = (me: Me) => hasPermission(me, "initiative_projects:write");
export const canReadReports = (me: Me) => hasPermission(me, "initiative_reports:read");
export const canLinkMeasures = (me: Me) => hasPermission(me, "activity_links:manage");
/** School staff: they see the activities for their classes. */
export const isSchoolStaff = (me: Me) => me.current.scope_type === "institution";

// Early identification: indicators and flags in the student's school and for its municipality's
// coordinator; counts per institution for IKVD and the coordinator.
export const canSeeFlags = (me: Me) => hasPermission(me, "indicators:read");
export const canSeeWorklists = canSeeFlags;
export const canDismissFlags = (me: Me) => hasPermission(me, "flags:dismiss");
export const canStartPlans = (me: Me) => hasPermission(me, "plans:write");
export const canImportIndicators = (me: Me) =>
  hasPermission(me, "indicators:import") && Boolean(me.current.scope_id);
export const canSeeUnexcused = (me: Me) => hasPermission(me, "absences:report");
export const canSeeCounts = (me: Me) => hasPermission(me, "flag_counts:read");
export const canSeeEarlyWarning = (me: Me) => canSeeWorklists(me) || canSeeCounts(me);
