// What the signed-in person may do with a plan now. The API says it (`allowed_actions` on the plan
// read, from the status machine, the role and the institution's approval route); the web app only
// adds printing, which anyone who reads the plan may do.
import type { Schemas } from "../../api/client";

export type PlanAction = Schemas["PlanAction"] | "print";

type PlanWithActions = Pick<Schemas["PlanRead"], "allowed_actions">;

/** The plan's allowed actions as the API gives them, and printing. */
export function planActions(plan: PlanWithActions): PlanAction[] {
  return [...plan.allowed_actions, "print"];
}

export interface NoteRights {
  /** May add notes to the plan. */
  write: boolean;
  /** May mark a note restricted (DESIGN §4: the plan's author, support specialists, the director). */
  writeRestricted: boolean;
}

/** What the signed-in person may do with the plan's notes (a closed plan takes no more notes). */
export function noteRights(plan: PlanWithActions): NoteRights {
  return {
    write: plan.allowed_actions.includes("add_note"),
    writeRestricted: plan.allowed_actions.includes("add_restricted_note"),
  };
}
