import type { Me } from "../auth/SessionProvider";

export function hasPermission(me: Me, permission: string): boolean {
  return me.permissions.includes(permission);
}

const APPROVAL_PERMISSIONS = ["plans:approve_school", "plans:approve_municipality", "plans:approve_national"];

/** Holds a step of the approval chain (DESIGN §1.4). */
export function canApprove(me: Me): boolean {
  return APPROVAL_PERMISSIONS.some((p) => me.permissions.includes(p));
}
