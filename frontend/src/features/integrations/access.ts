// What the signed-in role may do with integrations (the API decides; this only shapes the pages).
import type { Me } from "../../auth/SessionProvider";
import { hasPermission } from "../../lib/permissions";

export const canManageApiClients = (me: Me) => hasPermission(me, "api_clients:manage");
export const canImportStudents = (me: Me) =>
  hasPermission(me, "students:import") && me.current.scope_type === "institution" && Boolean(me.current.scope_id);
export const canExportStudents = (me: Me) => hasPermission(me, "students:export");
export const canExportPlanStatuses = (me: Me) => hasPermission(me, "plan_statuses:export");
/** IKVD chooses the scope of a new client; a municipal coordinator's clients are its municipality's. */
export const choosesClientScope = (me: Me) => me.current.scope_type === "national";
