import type { Me, Role } from "../auth/SessionProvider";

export function hasPermission(me: Me, permission: string): boolean {
  return me.permissions.includes(permission);
}

/** Roles that hold a step of the approval chain (DESIGN §1.4). */
export const APPROVER_ROLES: readonly Role[] = ["school_director", "municipal_coordinator", "ikvd_admin"];

export function canApprove(role: Role): boolean {
  return APPROVER_ROLES.includes(role);
}
