import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCOUNTS, expectAccessible, signIn, token } from "./helpers";

interface Student {
  id: string;
  given_name: string;
  family_name: string;
  class_label: string | null;
}

test("the director follows who read a student in the audit trail and exports it", async ({ page, request }) => {
  // Two pages, two accessibility scans and two downloads: more than one page's budget.
  test.setTimeout(120_000);
  // The teacher reads one student of school A1: that read is what the director will find.
  const teacher = { Authorization: `Bearer ${await token(request, ACCOUNTS.teacher)}` };
  const students = (await (await request.get("/api/v1/students?limit=20", { headers: teacher })).json()) as {
    items: Student[];
  };
  const student = students.items[0]!;
  expect((await request.get(`/api/v1/students/${student.id}`, { headers: teacher })).ok()).toBeTruthy();
  const me = (await (await request.get("/api/v1/auth/me", { headers: teacher })).json()) as { full_name: string };

  await signIn(page, ACCOUNTS.director);
  await page.getByRole("navigation").getByRole("link", { name: "Piekļuves žurnāls" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Piekļuves žurnāls" })).toBeVisible();

  const picker = page.getByRole("combobox", { name: "Skolēns" });
  await picker.fill(student.family_name);
  const label = `${student.family_name} ${student.given_name}${student.class_label ? ` (${student.class_label})` : ""}`;
  await page.getByRole("option", { name: label, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`student_id=${student.id}`));

  const grid = page.getByRole("table", { name: "Piekļuves žurnāls" });
  const teacherRead = grid.getByRole("row").filter({ hasText: me.full_name }).filter({ hasText: "Lasīts" });
  await expect(teacherRead.first()).toBeVisible();
  // Every row is about the chosen student: each links to the same student's page.
  const links = grid.getByRole("link", { name: "Atvērt" });
  await expect(links.first()).toBeVisible();
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
    expect(href).toBe(`/students/${student.id}`);
  }
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Eksportēt CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pumpurs-audit-.*\.csv$/);
  await page.screenshot({ path: join(tmpdir(), "pumpurs-screenshots", "audit.png") });

  // From the student's page the director downloads everything held about the student.
  await page.goto(`/students/${student.id}`);
  const [pdf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Visi dati (PDF)" }).click(),
  ]);
  expect(pdf.suggestedFilename()).toBe(`subject-access-${student.id}.pdf`);
  const bytes = await readFile((await pdf.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  await expect(page.getByRole("link", { name: "Piekļuves žurnāls" }).last()).toHaveAttribute(
    "href",
    `/audit?student_id=${student.id}`,
  );
  await expectAccessible(page);
});
