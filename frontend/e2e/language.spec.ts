import type { APIRequestContext } from "@playwright/test";
import { ACCOUNTS, SCREENSHOTS, expectAccessible, fillDate, signIn, studentWithoutPlan, token, expect, test } from "./helpers";

test("switching to English changes the interface, and back", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: "Izglītojamie" })).toBeVisible();

  // The button's name begins with the label it shows (WCAG 2.5.3).
  const toEnglish = page.getByRole("button", { name: "English — switch the interface to English" });
  await expect(toEnglish).toHaveText("English");
  await toEnglish.click();
  await expect(nav.getByRole("link", { name: "Students" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await nav.getByRole("link", { name: "Students" }).click();
  await expect(page.getByRole("heading", { name: "Students" })).toBeVisible();
  // Dates stay in the Latvian format whatever the language.
  await expect(page.getByRole("cell").filter({ hasText: /^\d{2}\.\d{2}\.\d{4}\.?$/ }).first()).toBeVisible();

  const toLatvian = page.getByRole("button", { name: "Latviešu — pārslēgt saskarni latviski" });
  await expect(toLatvian).toHaveText("Latviešu");
  await toLatvian.click();
  await expect(nav.getByRole("link", { name: "Izglītojamie" })).toBeVisible();
});

interface Plan {
  id: string;
  semester_starts_on: string;
  measures: { id: string; category: string; status: string; starts_on: string | null; responsible_user_id: string | null }[];
}

/** An active plan of the teacher with a consultation that starts after its semester does. */
async function activePlanWithLateConsultation(request: APIRequestContext): Promise<{ plan: Plan; measureId: string; startsOn: string }> {
  const headers = { Authorization: `Bearer ${await token(request, ACCOUNTS.teacher)}` };
  const me = (await (await request.get("/api/v1/auth/me", { headers })).json()) as { user: { id: string } };
  const list = (await (
    await request.get(`/api/v1/plans?status=active&author_id=${me.user.id}&limit=50`, { headers })
  ).json()) as { items: { id: string }[] };
  for (const item of list.items) {
    const plan = (await (await request.get(`/api/v1/plans/${item.id}`, { headers })).json()) as Plan;
    const late = plan.measures.find(
      (m) =>
        m.category === "consultation" &&
        m.status !== "cancelled" &&
        m.responsible_user_id === me.user.id &&
        m.starts_on !== null &&
        m.starts_on > plan.semester_starts_on,
    );
    if (late) return { plan, measureId: late.id, startsOn: late.starts_on! };
  }
  throw new Error("No active plan of the teacher with a consultation starting after its semester");
}

test("the server's refusals and the plan's history speak the interface's language", async ({ page, request }) => {
  const { plan, measureId, startsOn } = await activePlanWithLateConsultation(request);
  const latvian = (iso: string) => iso.split("-").reverse().join(".");
  await signIn(page, ACCOUNTS.teacher);
  await page.goto(`/plans/${plan.id}`);
  await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");

  // A session dated before its measure starts: the API refuses it (422), in Latvian by default.
  await page.getByRole("tab", { name: "Norise" }).click();
  let entry = page.getByRole("region", { name: "Norises reģistrēšana" });
  await entry.getByLabel("Pasākums").selectOption(measureId);
  await fillDate(page, "Datums", latvian(plan.semester_starts_on), entry.getByRole("group", { name: "Datums", exact: true }).locator("xpath=.."));
  await entry.getByLabel("Ilgums, min").fill("45");
  await entry.getByRole("button", { name: "Reģistrēt" }).click();
  await expect(entry.getByRole("alert")).toContainText(`Pasākums sākas ${latvian(startsOn)}: ne agrāk`);
  await expectAccessible(page);

  // In English the same refusal comes in English.
  await page.getByRole("button", { name: "English — switch the interface to English" }).click();
  entry = page.getByRole("region", { name: "Log a session" });
  await entry.getByRole("button", { name: "Log", exact: true }).click();
  await expect(entry.getByRole("alert")).toContainText(`The measure starts on ${startsOn}: not before`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Latviešu — pārslēgt saskarni latviski" }).click();

  // A change in the history: the field by its name, the date as dd.mm.gggg.
  const student = await studentWithoutPlan(request);
  await page.goto(`/students/${student.id}`);
  await expect(page.getByRole("heading", { name: `${student.given_name} ${student.family_name}` })).toBeVisible();
  // The student's language as a word, not a code.
  await expect(page.locator("dd").filter({ hasText: /^latviešu$/ })).toBeVisible();
  await page.getByRole("button", { name: "Izveidot plānu" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
  await fillDate(page, "Izglītojamais iepazinies (datums)", "01.09.2026");
  await page.getByRole("button", { name: "Saglabāt mērķus" }).click();
  await expect(page.getByRole("region", { name: "Mērķi" }).getByText("Saglabāts")).toBeVisible();
  await page.getByRole("tab", { name: "Vēsture" }).click();
  await expect(page.getByText("Izglītojamais iepazinies: — → 01.09.2026")).toBeVisible();
  await expect(page.getByText("student_agreed_on")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/plan-history.png` });
  await expectAccessible(page);

  // The draft goes, so that later flows find the student without a plan.
  await page.getByRole("button", { name: "Dzēst" }).click();
  await page.getByRole("dialog", { name: /Dzēst plāna .* melnrakstu\?/ }).getByRole("button", { name: "Dzēst" }).click();
  await expect(page).toHaveURL(new RegExp(`/students/${student.id}$`));
});
