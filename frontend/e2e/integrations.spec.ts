import { type Page } from "@playwright/test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCOUNTS, expectAccessible, signIn, expect, test } from "./helpers";

const SCHOOL_COORDINATOR = "skolas.koordinators@demo.pumpurs.lv"; // of Viesītes vidusskola (A1)

/** A personal code of the post-2017 shape, not yet in the demo data. */
function newPersonalCode(): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
  return `32${digits(4)}-${digits(5)}`;
}

function csvFile(name: string, rows: string[][]): string {
  const path = join(mkdtempSync(join(tmpdir(), "pumpurs-import-")), name);
  writeFileSync(path, rows.map((r) => r.join(";")).join("\n") + "\n", "utf-8");
  return path;
}

/** Waits for the dialogs' fade transitions to end, so the accessibility scan sees the final colours. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().length === 0);
}

const HEADER = ["vards", "uzvards", "personas_kods", "dzimsanas_datums", "aizbildnis", "aizbildna_statuss"];

test("the municipal coordinator creates an API client, sees its secret once, rotates it and revokes the client", async ({ page }) => {
  test.slow(); // accessibility scans of the page and the dialog
  const name = `Novada e-žurnāls ${Date.now()}`;
  await signIn(page, ACCOUNTS.municipal);
  await page.getByRole("navigation").getByRole("link", { name: "API klienti" }).click();
  await expect(page.getByRole("heading", { name: "API klienti" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Jauns API klients" }).click();
  const create = page.getByRole("dialog", { name: "Jauns API klients" });
  await create.getByRole("button", { name: "Izveidot" }).click();
  await expect(create.getByText("Obligāts lauks")).toBeVisible();
  await create.getByLabel("Nosaukums").fill(name);
  await create.getByRole("button", { name: "Izveidot" }).click();

  const shown = page.getByRole("dialog", { name: `Klienta „${name}” noslēpums` });
  await expect(shown.getByText("Tas vairs netiks parādīts")).toBeVisible();
  const secret = await shown.getByLabel("Klienta noslēpums").inputValue();
  expect(secret.length).toBeGreaterThanOrEqual(20);
  await expect(shown.getByRole("button", { name: "Kopēt noslēpumu" })).toBeVisible();
  await settle(page);
  await expectAccessible(page);
  await shown.getByRole("button", { name: "Esmu saglabājis noslēpumu" }).click();
  await expect(shown).toHaveCount(0);

  // Once closed, the secret is nowhere on the page: only the client's public data.
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Aktīvs");
  await expect(row).toContainText("Vēl nav izmantots");
  await expect(row).toContainText("Jēkabpils novads");
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.locator(`input[value="${secret}"]`)).toHaveCount(0);

  // A new secret replaces the old one and is shown once, the same way.
  await row.getByRole("button", { name: `Jauns noslēpums klientam ${name}` }).click();
  const rotate = page.getByRole("dialog", { name: `Ģenerēt jaunu noslēpumu klientam „${name}”?` });
  await rotate.getByRole("button", { name: "Ģenerēt jaunu noslēpumu" }).click();
  await expect(shown.getByText("Tas vairs netiks parādīts")).toBeVisible();
  const rotated = await shown.getByLabel("Klienta noslēpums").inputValue();
  expect(rotated).not.toEqual(secret);
  await shown.getByRole("button", { name: "Esmu saglabājis noslēpumu" }).click();
  await expect(shown).toHaveCount(0);
  await expect(page.locator(`input[value="${rotated}"]`)).toHaveCount(0);

  await row.getByRole("button", { name: `Atsaukt klientu ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Atsaukt klientu „${name}”?` });
  await expect(confirm.getByText("Šo darbību nevar atcelt.")).toBeVisible();
  await confirm.getByRole("button", { name: "Atsaukt klientu" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toContainText("Atsaukts");
  await expect(row.getByRole("button")).toHaveCount(0);
});

test("the school coordinator checks a CSV, fixes it, imports it and sees it through", async ({ page }) => {
  test.slow(); // two uploads, an import and two accessibility scans
  const good = [
    ["Anna", "Kalniņa", newPersonalCode(), "2013-05-17", "Ilze Kalniņa", "māte"],
    ["Jānis", "Bērziņš", newPersonalCode(), "14.02.2012", "", ""],
    ["Līga", "Ozola", newPersonalCode(), "2014-09-01", "Pēteris Ozols", "tēvs"],
  ];
  const badFile = csvFile("skoleni-ar-kludu.csv", [
    HEADER,
    ["Mārtiņš", "Liepa", "12345", "2013-13-40", "", ""],
    ...good,
  ]);
  const goodFile = csvFile("skoleni.csv", [HEADER, ...good]);

  await signIn(page, SCHOOL_COORDINATOR);
  await page.getByRole("navigation").getByRole("link", { name: "Imports un eksports" }).click();
  await expect(page.getByRole("heading", { name: "Izglītojamo imports" })).toBeVisible();
  const importButton = page.getByRole("button", { name: "Importēt", exact: true });
  await expect(importButton).toBeDisabled();

  await page.getByLabel("Izvēlēties CSV failu").setInputFiles(badFile);
  await expect(page.getByText("skoleni-ar-kludu.csv")).toBeVisible();
  await page.getByRole("button", { name: "Pārbaudīt, neko nesaglabājot" }).click();
  const problems = page.getByRole("table", { name: "Faila kļūdas" });
  await expect(problems).toBeVisible();
  const first = problems.getByRole("row").nth(1);
  await expect(first.getByRole("cell").first()).toHaveText("2");
  await expect(problems.getByRole("row").filter({ hasText: "personas_kods" })).toContainText("2");
  await expect(problems.getByRole("row").filter({ hasText: "dzimsanas_datums" })).toContainText("2");
  await expect(page.getByText(/rindās: 1\. Nekas nav saglabāts\./)).toBeVisible();
  await expect(importButton).toBeDisabled();
  await expectAccessible(page);

  await page.getByLabel("Izvēlēties CSV failu").setInputFiles(goodFile);
  await page.getByRole("button", { name: "Pārbaudīt, neko nesaglabājot" }).click();
  await expect(page.getByText("Failā kļūdu nav. Rindas importam: 3.")).toBeVisible();
  await expect(problems).toHaveCount(0);
  await importButton.click();

  const progress = page.getByRole("progressbar", { name: "Importa gaita" });
  await expect(progress).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("status")).toHaveText("Apstrādātas rindas: 3 no 3 (100%)");
  await expect(page.getByText("Imports pabeigts: izveidoti izglītojamie: 3 (rindas failā: 3).")).toBeVisible();
  await expectAccessible(page);

  // The imported students are in the school's CSV export.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Lejupielādēt izglītojamos" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const path = await file.path();
  expect(readFileSync(path, "utf-8")).toContain("Kalniņa");
});
