// Who reads the audit trail (the API decides and scopes it; this only shapes the pages).
import type { Me } from "../../auth/SessionProvider";
import { hasPermission } from "../../lib/permissions";

export const canReadAudit = (me: Me) => hasPermission(me, "audit:read");
export const canExportSubjectAccess = (me: Me) => hasPermission(me, "subject_access:export");
