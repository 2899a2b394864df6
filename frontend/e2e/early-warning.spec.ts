import { type Locator, type Page } from "@playwright/test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCOUNTS, expectAccessible, expect, signIn, signOut, studentWithoutPlan, test } from "./helpers";

function attendanceFile(rows: string[][]): string {
  const path = join(mkdtempSync(join(tmpdir(), "pumpurs-indicators-")), "kavejumi.csv");
  writeFileSync(path, rows.map((r) => r.join(";")).join("\n") + "\n", "utf-8");
  return path;
}

/** Today in Latvia, as the server counts days (the test machine's own day differs around midnight). */
function today(): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Riga",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")}.${part("month")}.${part("year")}`;
}

/** The row of a student in a paged list, turning pages until it shows. */
async function rowOf(page: Page, section: Locator, name: string): Promise<Locator> {
  for (let i = 0; i < 10; i++) {
    await expect(section.getByRole("table")).toBeVisible();
    const row = section.getByRole("row").filter({ hasText: name });
    if (await row.count()) return row;
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/v1/worklists/")),
      section.getByRole("button", { name: "Nākamā lapa" }).click(),
    ]);
  }
  throw new Error(`${name} not in the list`);
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().length === 0);
}

test("an attendance file flags a student; the teacher starts a plan from the flags; the municipality sees the list", async ({
  page,
  request,
}) => {
  test.slow(); // three people, an import and five accessibility scans
  const student = await studentWithoutPlan(request);
  const name = `${student.family_name} ${student.given_name}`;
  const file = attendanceFile([
    ["skolena_id", "datums", "stundas", "attaisnoti_kavejumi", "neattaisnoti_kavejumi", "Vērtējums: Matemātika"],
    [student.id, today(), "300", "4", "25", "6"],
  ]);

  // The school coordinator imports the e-journal's attendance file: a dry run, then the import.
  await signIn(page, ACCOUNTS.schoolCoordinator);
  await page.getByRole("navigation").getByRole("link", { name: "Kavējumu un vērtējumu imports" }).click();
  await expect(page.getByRole("heading", { name: "Kavējumu un vērtējumu imports", level: 1 })).toBeVisible();
  await page.getByLabel("Izvēlēties failu").setInputFiles(file);
  await page.getByRole("button", { name: "Pārbaudīt failu" }).click();
  await expect(page.getByText("Pārbaudīta 1 rinda, problēmu nav.", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Importēt", exact: true }).click();
  await expect(page.getByRole("progressbar", { name: "Importa gaita" })).toHaveAttribute("aria-valuenow", "100");
  await expectAccessible(page);

  // The "flagged without a plan" list shows the student with the reason.
  await page.getByRole("navigation").getByRole("link", { name: "Agrīnā brīdināšana" }).click();
  const flagged = page.getByRole("region", { name: "Ar pazīmēm, bez plāna" });
  const row = await rowOf(page, flagged, name);
  await expect(row).toContainText("Brīdinājums: Neattaisnotas stundas semestrī: 25 (slieksnis 20)");
  await expectAccessible(page);
  await signOut(page);

  // The teacher opens the student and starts a plan from the flags, with the suggested factors.
  await signIn(page, ACCOUNTS.teacher);
  await page.goto(`/students/${student.id}`);
  const flags = page.getByRole("region", { name: "Agrīnā brīdināšana" });
  await expect(flags.getByRole("table", { name: "Pazīmes ar pamatojumu" })).toContainText(
    "Neattaisnotas stundas semestrī: 25 (slieksnis 20)",
  );
  await expect(flags.getByRole("img", { name: /Apmeklējuma un nesekmīgo priekšmetu diagramma/ })).toBeVisible();
  await flags.getByRole("button", { name: "Sākt plānu no pazīmēm" }).click();
  const dialog = page.getByRole("dialog", { name: "Sākt atbalsta plānu no pazīmēm" });
  const absences = dialog.getByRole("region", { name: /LS04/ });
  await expect(absences.getByRole("checkbox")).toBeChecked();
  await expect(absences).toContainText("Neattaisnotas stundas semestrī: 25 (slieksnis 20)");
  await settle(page);
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Izveidot plāna melnrakstu" }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  await expect(page.getByText("LS04", { exact: false }).first()).toBeVisible();
  await signOut(page);

  // The municipal coordinator sees the student among those with more than 20 unexcused lessons.
  await signIn(page, ACCOUNTS.municipal);
  await page.getByRole("navigation").getByRole("link", { name: "Agrīnā brīdināšana" }).click();
  const unexcused = page.getByRole("region", { name: "Vairāk nekā 20 neattaisnotu stundu" });
  const reported = await rowOf(page, unexcused, name);
  await expect(reported).toContainText("25");
  await reported.getByRole("button", { name: /Atzīmēt kā paziņotu šodien/ }).click();
  await expect(reported.getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Skolēni ar pazīmēm pa iestādēm" })).toBeVisible();
  await expectAccessible(page);
});
