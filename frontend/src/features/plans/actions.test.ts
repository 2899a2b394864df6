import { describe, expect, it } from "vitest";
import { allowedActions, awaitingStep, statusesToApprove, type ActionContext, type PlanStatus } from "./actions";

// Permissions per role, as the API's role table grants them.
const PERMISSIONS = {
  teacher: ["plans:read", "plans:write", "deliveries:write", "notes:write"],
  school_coordinator: ["plans:read", "plans:evaluate", "deliveries:write", "notes:write"],
  school_director: ["plans:read", "plans:approve_school", "notes:write", "notes:restricted"],
  municipal_coordinator: ["plans:read", "plans:approve_municipality"],
  ikvd_admin: ["plans:read", "plans:approve_national"],
} as const;
type Role = keyof typeof PERMISSIONS;

function actions(role: Role, status: PlanStatus, extra: Partial<ActionContext> = {}) {
  return allowedActions({
    status,
    permissions: PERMISSIONS[role],
    isAuthor: false,
    awaitingStep: awaitingStep(status, "municipal"),
    ...extra,
  });
}

describe("allowed actions", () => {
  it("lets the author edit, submit and delete a draft", () => {
    expect(actions("teacher", "draft", { isAuthor: true })).toEqual(["edit", "submit", "delete", "print"]);
  });

  it("lets the author edit and resubmit a returned plan, not delete it", () => {
    expect(actions("teacher", "returned", { isAuthor: true })).toEqual(["edit", "submit", "print"]);
  });

  it("gives another teacher of the school only printing", () => {
    expect(actions("teacher", "draft")).toEqual(["print"]);
  });

  it("gives the author nothing to change once submitted", () => {
    expect(actions("teacher", "submitted", { isAuthor: true })).toEqual(["print"]);
  });

  it.each<[Role, PlanStatus]>([
    ["school_director", "submitted"],
    ["municipal_coordinator", "approved_school"],
    ["ikvd_admin", "approved_municipality"],
  ])("lets the %s decide on a %s plan", (role, status) => {
    expect(actions(role, status)).toEqual(["approve", "return", "print"]);
  });

  it.each<[Role, PlanStatus]>([
    ["school_director", "approved_school"],
    ["municipal_coordinator", "submitted"],
    ["ikvd_admin", "approved_school"],
    ["teacher", "submitted"],
  ])("does not let the %s decide on a %s plan of a municipal school", (role, status) => {
    expect(actions(role, status)).not.toContain("approve");
  });

  it("sends a state school's plan from the director straight to IKVD", () => {
    const step = awaitingStep("approved_school", "state");
    expect(step).toBe("national");
    expect(actions("ikvd_admin", "approved_school", { awaitingStep: step })).toContain("approve");
    expect(actions("municipal_coordinator", "approved_school", { awaitingStep: step })).not.toContain("approve");
  });

  it("lets staff log sessions on an active plan and the coordinator evaluate it", () => {
    expect(actions("teacher", "active", { isAuthor: true })).toEqual(["logDelivery", "print"]);
    expect(actions("school_coordinator", "active")).toEqual(["logDelivery", "evaluate", "discontinue", "print"]);
    expect(actions("school_director", "active")).toEqual(["print"]);
  });

  it("lets the coordinator close an evaluated plan", () => {
    expect(actions("school_coordinator", "evaluated")).toEqual(["close", "print"]);
  });

  it.each<PlanStatus>(["closed", "discontinued"])("leaves a %s plan read-only for everyone", (status) => {
    for (const role of Object.keys(PERMISSIONS) as Role[]) {
      expect(actions(role, status, { isAuthor: true })).toEqual(["print"]);
    }
  });
});

describe("approvals inbox", () => {
  it("lists the statuses each approver acts on", () => {
    expect(statusesToApprove(PERMISSIONS.school_director)).toEqual(["submitted"]);
    expect(statusesToApprove(PERMISSIONS.municipal_coordinator)).toEqual(["approved_school"]);
    expect(statusesToApprove(PERMISSIONS.ikvd_admin)).toEqual(["approved_school", "approved_municipality"]);
    expect(statusesToApprove(PERMISSIONS.teacher)).toEqual([]);
  });
});
