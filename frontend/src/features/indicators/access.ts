// What the signed-in role may do with early identification (the API decides; this shapes the pages).
import type { Me } from "../../auth/SessionProvider";

const SCHOOL_STAFF = ["school_director", "school_coordinator", "teacher", "support_specialist"];

/** The student's school and its municipality's coordinator see indicators and flags. */
export const canSeeFlags = (me: Me) => [...SCHOOL_STAFF, "municipal_coordinator"].includes(me.current.role);
export const canSeeWorklists = canSeeFlags;
export const canDismissFlags = (me: Me) => SCHOOL_STAFF.includes(me.current.role);
export const canStartPlans = (me: Me) => ["teacher", "support_specialist"].includes(me.current.role);
export const canImportIndicators = (me: Me) =>
  ["school_director", "school_coordinator"].includes(me.current.role) && Boolean(me.current.scope_id);
export const canSeeUnexcused = (me: Me) =>
  ["school_director", "school_coordinator", "municipal_coordinator"].includes(me.current.role);
export const canSeeCounts = (me: Me) => ["ikvd_admin", "municipal_coordinator"].includes(me.current.role);
export const canSeeEarlyWarning = (me: Me) => canSeeWorklists(me) || canSeeCounts(me);
