import { ACCOUNTS, SCREENSHOTS, expectAccessible, fillDate, signIn, studentWithoutPlan, expect, test } from "./helpers";

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
  await expect(page.getByRole("gridcell").filter({ hasText: /^\d{2}\.\d{2}\.\d{4}\.?$/ }).first()).toBeVisible();

  const toLatvian = page.getByRole("button", { name: "Latviešu — pārslēgt saskarni latviski" });
  await expect(toLatvian).toHaveText("Latviešu");
  await toLatvian.click();
  await expect(nav.getByRole("link", { name: "Izglītojamie" })).toBeVisible();
});

test("the server's refusals and the plan's history speak the interface's language", async ({ page, request }) => {
  const student = await studentWithoutPlan(request);
  await signIn(page, ACCOUNTS.teacher);
  await page.goto(`/students/${student.id}`);
  await expect(page.getByRole("heading", { name: `${student.given_name} ${student.family_name}` })).toBeVisible();
  // The student's language as a word, not a code.
  await expect(page.locator("dd").filter({ hasText: /^latviešu$/ })).toBeVisible();
  await page.getByRole("button", { name: "Izveidot plānu" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");

  // An incomplete plan: the API refuses it (409), in Latvian by default.
  await page.getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
  await expect(page.getByRole("alert")).toHaveText("Plānu nevar iesniegt: nav novērtēts neviens riska faktors");
  await expectAccessible(page);

  // A change in the history: the field by its name, the date as dd.mm.gggg.
  await fillDate(page, "Izglītojamais iepazinies (datums)", "01.09.2026");
  await page.getByRole("button", { name: "Saglabāt mērķus" }).click();
  await expect(page.getByRole("region", { name: "Mērķi" }).getByText("Saglabāts")).toBeVisible();
  await page.getByRole("tab", { name: "Vēsture" }).click();
  await expect(page.getByText("Izglītojamais iepazinies: — → 01.09.2026")).toBeVisible();
  await expect(page.getByText("student_agreed_on")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/plan-history.png` });
  await expectAccessible(page);

  // In English the same refusal comes in English.
  await page.getByRole("button", { name: "English — switch the interface to English" }).click();
  await page.getByRole("tab", { name: "Plan" }).click();
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByRole("alert")).toHaveText("The plan cannot be submitted: no rated risk factor");
  await expectAccessible(page);

  // The draft goes, so that later flows find the student without a plan.
  await page.getByRole("button", { name: "Delete draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/students/${student.id}$`));
  await page.getByRole("button", { name: "Latviešu — pārslēgt saskarni latviski" }).click();
});
