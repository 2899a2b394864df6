import type { TFunction } from "i18next";
import type { Notification } from "../../api/queries/notifications";

/** The line a notification reads as: its kind, with the plan code (never a name). */
export function notificationText(t: TFunction, n: Notification): string {
  return t(`notifications.kinds.${n.kind}`, { code: n.plan_code ?? "" });
}

/** Where a notification leads: its plan, or the student of a flag. */
export function notificationTarget(n: Notification): string {
  if (n.plan_id) return `/plans/${n.plan_id}`;
  if (n.student_id) return `/students/${n.student_id}`;
  return "/notifications";
}
