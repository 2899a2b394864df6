import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import type { Notification } from "../../api/queries/notifications";
import { notificationTarget, notificationText } from "./text";

const base: Notification = {
  id: "n1",
  kind: "plan_awaits_approval",
  plan_id: "p1",
  plan_code: "IAP-2026-1-000001",
  student_id: null,
  comment: null,
  due_on: null,
  created_at: "2026-12-01T08:00:00Z",
  read_at: null,
};

describe("a notification", () => {
  it("reads as its kind with the plan code", () => {
    const t = ((key: string, options: { code: string }) => `${key}:${options.code}`) as unknown as TFunction;
    expect(notificationText(t, base)).toBe("notifications.kinds.plan_awaits_approval:IAP-2026-1-000001");
  });

  it("leads to its plan, or to the flagged student", () => {
    expect(notificationTarget(base)).toBe("/plans/p1");
    expect(notificationTarget({ ...base, kind: "student_flagged", plan_id: null, plan_code: null, student_id: "s1" })).toBe(
      "/students/s1",
    );
  });
});
