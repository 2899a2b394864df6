import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Chromium reports each refusal of the Content-Security-Policy as a console error. */
export function isCspViolation(text: string): boolean {
  return /Content[- ]Security[- ]Policy/i.test(text);
}

/**
 * Every browser test fails when the page logs a Content-Security-Policy violation: the app must
 * work under the policy the server sends, not merely render.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (isCspViolation(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations in the console").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const PASSWORD = "pumpurs-demo";
export const ACCOUNTS = {
  teacher: "skolotajs@demo.pumpurs.lv",
  otherTeacher: "skolotajs2@demo.pumpurs.lv",
  director: "direktors@demo.pumpurs.lv",
  psychologist: "psihologs@demo.pumpurs.lv",
  schoolCoordinator: "skolas.koordinators@demo.pumpurs.lv",
  municipal: "koordinators@demo.pumpurs.lv",
  ikvd: "ikvd@demo.pumpurs.lv",
} as const;

// The README's screenshots are rewritten only on request (make -C frontend screenshots), so ordinary
// test runs leave the working tree clean.
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : join(tmpdir(), "pumpurs-screenshots");

/** Signs in through the login form, as a person would, and waits for the app. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-pasts").fill(email);
  await page.getByLabel("Parole").fill(PASSWORD);
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("button", { name: "Iziet" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Iziet" }).click();
  await expect(page.getByRole("button", { name: "Pieteikties" })).toBeVisible();
}

/** Fails on serious or critical accessibility violations of the page as it stands. With
 * `whileLoading`, the page is judged as it is (a table's page still on the way); otherwise once
 * every table has its data. */
export async function expectAccessible(page: Page, { whileLoading = false } = {}): Promise<void> {
  // Judge the page at rest: a colour caught halfway through a transition (a hover, a ripple, a
  // fade-in) is not what a person reads.
  await page.mouse.move(0, 0);
  if (!whileLoading) await expect(page.getByRole("progressbar", { name: "Ielādē…" })).toHaveCount(0);
  await page.addStyleTag({
    content: "*, *::before, *::after { transition: none !important; animation: none !important; }",
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  // Only violations are collected in full: the passes are not read, and collecting them costs a
  // third of the analysis on a large table.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .options({ resultTypes: ["violations"] })
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`),
  ).toEqual([]);
}

export async function token(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post("/api/v1/auth/token", {
    form: { grant_type: "password", username: email, password: PASSWORD },
  });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { access_token: string }).access_token;
}

interface Student {
  id: string;
  given_name: string;
  family_name: string;
  grade: number | null;
}

// Students already handed to a test: the tests run in parallel workers, and two that started a
// plan for the same student would each find it taken by the other. Student ids are new with each
// demo database, so claims left by an earlier run never match.
const CLAIMS = join(tmpdir(), "pumpurs-e2e-claims");

/** True for the first caller, in any worker, that claims this student. */
function claim(id: string): boolean {
  mkdirSync(CLAIMS, { recursive: true });
  try {
    closeSync(openSync(join(CLAIMS, id), "wx"));
    return true;
  } catch {
    return false;
  }
}

/**
 * A student of the teacher's school who may get a plan: eligible grade, a valid consent, and no plan
 * yet, and not handed to another test of the run. Chosen through the API so the browser flow does not
 * depend on the demo data's order.
 */
export async function studentWithoutPlan(request: APIRequestContext): Promise<Student> {
  const headers = { Authorization: `Bearer ${await token(request, ACCOUNTS.teacher)}` };
  const students = (await (await request.get("/api/v1/students?limit=200", { headers })).json()) as { items: Student[] };
  for (const student of students.items) {
    if (!student.grade || student.grade < 5) continue;
    const plans = (await (await request.get(`/api/v1/plans?student_id=${student.id}`, { headers })).json()) as {
      items: unknown[];
    };
    if (plans.items.length) continue;
    const consents = (await (await request.get(`/api/v1/students/${student.id}/consents`, { headers })).json()) as {
      valid: boolean;
    }[];
    if (consents.some((c) => c.valid) && claim(student.id)) return student;
  }
  throw new Error("No student without a plan in the demo data");
}

/** Types a date into a date field (DateField) the way a person does: dd.mm.gggg, digits only. */
export async function fillDate(page: Page, label: string, date: string, within?: Locator): Promise<void> {
  const field = (within ?? page).getByRole("group", { name: label });
  const day = field.getByRole("spinbutton").first();
  await day.click();
  // Everything typed before goes: select all the field's parts, clear them, start from the day.
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Home");
  await page.keyboard.type(date.replaceAll(".", ""));
  await expect(field.locator("input")).toHaveValue(date);
}
