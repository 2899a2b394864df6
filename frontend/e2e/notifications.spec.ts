import type { APIRequestContext } from "@playwright/test";
import { ACCOUNTS, expectAccessible, signIn, studentWithoutPlan, token, expect, test } from "./helpers";

interface Draft {
  id: string;
  code: string;
}

/** A draft of the demo teacher, ready to submit: consent, a rated factor and a measure. */
async function readyDraft(request: APIRequestContext): Promise<Draft> {
  const headers = { Authorization: `Bearer ${await token(request, ACCOUNTS.teacher)}` };
  const student = await studentWithoutPlan(request);
  const semesters = (await (await request.get("/api/v1/semesters", { headers })).json()) as {
    id: string;
    starts_on: string;
    ends_on: string;
  }[];
  const today = new Date().toISOString().slice(0, 10);
  const semester = semesters.find((s) => s.starts_on <= today && today <= s.ends_on) ?? semesters[0];
  if (!semester) throw new Error("No semester in the demo data");
  let response = await request.post("/api/v1/plans", {
    headers,
    data: { student_id: student.id, semester_id: semester.id, goals: "Uzlabot sekmes." },
  });
  expect(response.status(), await response.text()).toBe(201);
  const plan = (await response.json()) as { id: string; code: string; version: number };
  const factors = (await (await request.get("/api/v1/risk-factors", { headers })).json()) as { id: string; code: string }[];
  const factor = factors.find((f) => f.code === "LS01");
  if (!factor) throw new Error("No risk factor LS01");
  response = await request.put(`/api/v1/plans/${plan.id}/risk-assessment`, {
    headers: { ...headers, "If-Match": `"${plan.version}"` },
    data: { rated_factors: [{ risk_factor_id: factor.id, level: "medium" }] },
  });
  expect(response.status(), await response.text()).toBe(200);
  const types = (await (await request.get("/api/v1/measure-types", { headers })).json()) as {
    id: string;
    category: string;
    code: string;
  }[];
  const me = (await (await request.get("/api/v1/auth/me", { headers })).json()) as { user: { id: string } };
  const consultation = types.find((t) => t.category === "consultation" && t.code !== "subject_consultation");
  if (!consultation) throw new Error("No consultation type in the catalogue");
  response = await request.post(`/api/v1/plans/${plan.id}/measures`, {
    headers,
    data: {
      measure_type_id: consultation.id,
      responsible_user_id: me.user.id,
      addressed_factor_ids: [factor.id],
      planned_quantity: 6,
      starts_on: today,
      ends_on: today,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return { id: plan.id, code: plan.code };
}

function unreadIn(label: string | null): number {
  return Number(/(\d+)\s*$/.exec(label ?? "")?.[1] ?? "NaN");
}

test("the teacher submits, the director's bell count rises and the plan opens from it", async ({ browser, page, request }) => {
  const draft = await readyDraft(request);

  // The director is signed in, in a browser of their own, before the plan is submitted.
  const directorContext = await browser.newContext();
  const director = await directorContext.newPage();
  await signIn(director, ACCOUNTS.director);
  const bell = director.getByRole("button", { name: /^Paziņojumi, nelasīti/ });
  await expect(bell).toBeVisible();
  await expect.poll(async () => unreadIn(await bell.getAttribute("aria-label"))).not.toBeNaN();
  const before = unreadIn(await bell.getAttribute("aria-label"));

  await signIn(page, ACCOUNTS.teacher);
  await page.goto(`/plans/${draft.id}`);
  await page.getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");

  // The bell asks again on its own: the count rises without a reload.
  await expect
    .poll(async () => unreadIn(await bell.getAttribute("aria-label")), { timeout: 40_000 })
    .toBeGreaterThan(before);
  await bell.click();
  const list = director.getByRole("dialog", { name: "Paziņojumi" });
  const item = list.getByRole("button", { name: new RegExp(`Plāns ${draft.code} gaida jūsu apstiprinājumu`) });
  await expect(item).toBeVisible();
  await expectAccessible(director);
  await item.click();
  await expect(director).toHaveURL(new RegExp(`/plans/${draft.id}$`));
  await expect(director.getByRole("heading", { name: new RegExp(draft.code) })).toBeVisible();
  await expect(director.getByTestId("plan-status")).toHaveText("Iesniegts");
  await expectAccessible(director);

  // Opened means read: the notifications page lists it without the unread mark, with the settings.
  await director.goto("/notifications");
  await expect(director.getByRole("heading", { name: "Paziņojumi", level: 1 })).toBeVisible();
  await expect(director.getByRole("radio", { name: "Uzreiz" })).toBeVisible();
  // The choice is saved at once (and shown once the server has it).
  await director.getByRole("radio", { name: "Reizi dienā (kopsavilkums)" }).click();
  await expect(director.getByText("Iestatījumi saglabāti")).toBeVisible();
  await expect(director.getByRole("radio", { name: "Reizi dienā (kopsavilkums)" })).toBeChecked();
  await expectAccessible(director);
  await director.getByRole("radio", { name: "Uzreiz" }).click();
  await expect(director.getByRole("radio", { name: "Uzreiz" })).toBeChecked();
  await directorContext.close();
});
