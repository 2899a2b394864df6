import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Page } from "@playwright/test";
import { ACCOUNTS, expect, expectAccessible, signIn, signOut, test, token } from "./helpers";

interface SchoolYear {
  name: string;
  semesters: { id: string; number: number; ends_on: string }[];
}

/** The label of the last semester that has ended, as the period selector names it. */
async function lastSemester(page: Page): Promise<string> {
  const bearer = await token(page.request, ACCOUNTS.municipal);
  const response = await page.request.get("/api/v1/school-years", { headers: { Authorization: `Bearer ${bearer}` } });
  const years = (await response.json()) as SchoolYear[];
  const today = new Date().toISOString().slice(0, 10);
  const ended = years
    .flatMap((y) => y.semesters.map((s) => ({ ...s, year: y.name })))
    .filter((s) => s.ends_on < today)
    .sort((a, b) => a.ends_on.localeCompare(b.ends_on));
  const last = ended[ended.length - 1];
  if (!last) throw new Error("no semester has ended yet");
  return `${last.year}, ${last.number}. semestris`;
}

/** The cells of one row of a report table as the screen shows them. */
async function screenRow(page: Page, table: string, row: string): Promise<string[]> {
  return page.locator(`#${table} tr[data-row="${row}"] td`).allInnerTexts();
}

/** A sheet of an XLSX file read back with openpyxl: its rows as lists of cells. */
function readSheet(path: string, sheet: string): (string | number | null)[][] {
  const script = [
    "import json, sys",
    "from openpyxl import load_workbook",
    "book = load_workbook(sys.argv[1])",
    "print(json.dumps([list(r) for r in book[sys.argv[2]].iter_rows(values_only=True)], default=str))",
  ].join("\n");
  const out = execFileSync(join("..", ".venv", "bin", "python"), ["-c", script, path, sheet], { encoding: "utf-8" });
  return JSON.parse(out) as (string | number | null)[][];
}

/** "1 234" or "slēpts" on the screen, 1234 or "slēpts" in the file. */
function same(screen: string, file: string | number | null): boolean {
  if (typeof file === "number") return Number(screen.replace(/[^\d,-]/g, "").replace(",", ".")) === file;
  return screen.trim() === String(file ?? "");
}

test("the municipal coordinator drills into a school of last semester and downloads the XLSX", async ({ page }) => {
  const period = await lastSemester(page);
  await signIn(page, ACCOUNTS.municipal);
  await page.getByRole("link", { name: "Programmas uzraudzība" }).click();
  await expect(page.getByRole("heading", { name: "Programmas uzraudzība" })).toBeVisible();
  await page.getByLabel("Periods").click();
  await page.getByRole("option", { name: period }).click();
  const funnel = page.locator("#monitoring-coverage-funnel");
  await expect(funnel.locator("tbody tr")).not.toHaveCount(0);
  // Drill from the municipality's schools to one school.
  const school = funnel.locator("tbody tr[data-row] th button").first();
  const name = (await school.innerText()).trim();
  await school.click();
  await expect(page.getByRole("navigation", { name: "Līmenis" }).getByText(name)).toBeVisible();
  await expect(funnel.locator("tbody tr")).toHaveCount(2); // the school and the total
  const rowKey = await funnel.locator("tbody tr").first().getAttribute("data-row");
  const cells = await screenRow(page, "monitoring-coverage-funnel", rowKey!);
  expect(cells.length).toBeGreaterThan(5);
  await expectAccessible(page);

  const section = page.getByRole("region", { name: "Aptvērums" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    section.getByRole("button", { name: "Lejupielādēt XLSX" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("pumpurs-coverage.xlsx");
  const path = join(tmpdir(), `pumpurs-e2e-${Date.now()}.xlsx`);
  await download.saveAs(path);
  const sheet = readSheet(path, "Aptvērums");
  expect(sheet[0]?.[0]).toBe("Rinda");
  const line = sheet.find((r) => r[0] === name);
  expect(line, `the school's row in the file: ${JSON.stringify(sheet)}`).toBeTruthy();
  const file = line!.slice(1);
  expect(file.length).toBe(cells.length);
  cells.forEach((text, i) => expect(same(text, file[i] ?? null), `column ${i}: screen ${text}, file ${file[i]}`).toBe(true));
  await signOut(page);
});

test("IKVD sees the national funnel", async ({ page }) => {
  await signIn(page, ACCOUNTS.ikvd);
  await page.goto("/monitoring");
  const section = page.getByRole("region", { name: "Aptvērums" });
  await expect(section.getByRole("img", { name: /Aptvēruma piltuve/ })).toBeVisible();
  const funnel = page.locator("#monitoring-coverage-funnel");
  await expect(funnel.locator('tr[data-row="total"] th')).toHaveText("Kopā");
  // The rows are municipalities (and the state institutions), each a step of the drill-down.
  await expect(funnel.locator("tbody tr[data-row] th button").first()).toBeVisible();
  const plans = await funnel.locator('tr[data-row="total"] td[data-col="plans"]').innerText();
  expect(Number(plans.replace(/\D/g, ""))).toBeGreaterThan(0);
  await expectAccessible(page);
});
