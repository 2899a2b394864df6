// What the signed-in role may do with NGO initiatives (the API decides; this only shapes the pages).
import type { Me } from "../../auth/SessionProvider";
import { hasPermission } from "../../lib/permissions";

export const canReadInitiatives = (me: Me) => hasPermission(me, "initiatives:read");
export const canManageCalls = (me: Me) => hasPermission(me, "initiative_calls:manage");
export const canRunProjects = (me: Me) => hasPermission(me, "initiative_projects:write");
export const canReadReports = (me: Me) => hasPermission(me, "initiative_reports:read");
export const canLinkMeasures = (me: Me) => hasPermission(me, "activity_links:manage");
/** School staff: they see the activities for their classes. */
export const isSchoolStaff = (me: Me) => me.current.scope_type === "institution";
