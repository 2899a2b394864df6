// What the signed-in person may do with a plan now: the status machine of DESIGN §2 seen from the
// role's permissions. The API decides in the end; this keeps the buttons honest.
import type { Schemas } from "../../api/client";

export type PlanStatus = Schemas["PlanStatus"];
export type ApprovalStep = Schemas["ApprovalStep"];
export type ApprovalRoute = Schemas["ApprovalRoute"];

export type PlanAction =
  | "edit"
  | "submit"
  | "delete"
  | "approve"
  | "return"
  | "logDelivery"
  | "evaluate"
  | "close"
  | "discontinue"
  | "print";

export interface ActionContext {
  status: PlanStatus;
  permissions: readonly string[];
  /** The signed-in user wrote the plan. */
  isAuthor: boolean;
  /** The approval step the plan waits for (the API's `awaiting_step`). */
  awaitingStep: ApprovalStep | null;
}

const EDITABLE: readonly PlanStatus[] = ["draft", "returned"];

const STEP_PERMISSION: Record<ApprovalStep, string> = {
  school: "plans:approve_school",
  municipality: "plans:approve_municipality",
  national: "plans:approve_national",
};

/** The approval step a plan in `status` waits for on `route`, if any. */
export function awaitingStep(status: PlanStatus, route: ApprovalRoute): ApprovalStep | null {
  if (status === "submitted") return "school";
  if (status === "approved_school") return route === "state" ? "national" : "municipality";
  if (status === "approved_municipality") return "national";
  return null;
}

export function allowedActions(ctx: ActionContext): PlanAction[] {
  const can = (permission: string) => ctx.permissions.includes(permission);
  const actions: PlanAction[] = [];
  if (EDITABLE.includes(ctx.status) && ctx.isAuthor && can("plans:write")) {
    actions.push("edit", "submit");
    if (ctx.status === "draft") actions.push("delete");
  }
  if (ctx.awaitingStep && can(STEP_PERMISSION[ctx.awaitingStep])) actions.push("approve", "return");
  if (ctx.status === "active") {
    if (can("deliveries:write")) actions.push("logDelivery");
    if (can("plans:evaluate")) actions.push("evaluate", "discontinue");
  }
  if (ctx.status === "evaluated" && can("plans:evaluate")) actions.push("close");
  actions.push("print");
  return actions;
}

/** The statuses an approver with these permissions acts on (for the approvals inbox). */
export function statusesToApprove(permissions: readonly string[]): PlanStatus[] {
  const statuses: PlanStatus[] = [];
  if (permissions.includes(STEP_PERMISSION.school)) statuses.push("submitted");
  if (permissions.includes(STEP_PERMISSION.municipality)) statuses.push("approved_school");
  if (permissions.includes(STEP_PERMISSION.national)) statuses.push("approved_school", "approved_municipality");
  return [...new Set(statuses)];
}

export interface NoteRights {
  /** May add notes to the plan. */
  write: boolean;
  /** May mark a note restricted (DESIGN §4: the plan's author, support specialists, the director). */
  writeRestricted: boolean;
}

/** What the signed-in person may do with the plan's notes; a closed plan takes no more notes. */
export function noteRights(ctx: Pick<ActionContext, "status" | "permissions" | "isAuthor">): NoteRights {
  const write = ctx.status !== "closed" && ctx.permissions.includes("notes:write");
  return { write, writeRestricted: write && (ctx.isAuthor || ctx.permissions.includes("notes:restricted")) };
}
