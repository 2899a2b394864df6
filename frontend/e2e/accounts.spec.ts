import { ACCOUNTS, expectAccessible, signIn, signOut, expect, test } from "./helpers";
import { linkSentTo } from "./mail";

const FIRST_PASSWORD = "pirmā parole 2026";
const NEW_PASSWORD = "jaunā parole pēc atjaunošanas";

async function signInWith(page: import("@playwright/test").Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-pasts").fill(email);
  await page.getByLabel("Parole").fill(password);
  await page.getByRole("button", { name: "Pieteikties" }).click();
}

test.describe.serial("invitation and password reset by e-mail", () => {
  const email = `uzaicinata.${Date.now()}@demo.pumpurs.lv`;

  test("the director invites a teacher, who sets a password from the e-mailed link", async ({ page }) => {
    await signIn(page, ACCOUNTS.director);
    await page.getByRole("navigation").getByRole("link", { name: "Lietotāji" }).click();
    await page.getByRole("button", { name: "Uzaicināt lietotāju" }).click();
    const dialog = page.getByRole("dialog", { name: "Uzaicināt jaunu lietotāju" });
    await dialog.getByLabel("Vārds, uzvārds").fill("Uzaicināta Skolotāja");
    await dialog.getByLabel("E-pasts").fill(email);
    await dialog.getByLabel("Loma").click();
    await page.getByRole("option", { name: "Pedagogs" }).click();
    await dialog.getByLabel("Darbības joma").click();
    await page.getByRole("option").first().click();
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Nosūtīt uzaicinājumu" }).click();
    await expect(dialog.getByText(`Uzaicinājums nosūtīts uz ${email}`)).toBeVisible();
    await dialog.getByRole("button", { name: "Aizvērt" }).click();
    await signOut(page);

    const link = await linkSentTo(email, "/accept-invitation");
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Uzaicinājums" })).toBeVisible();
    await page.getByLabel("Jaunā parole").fill(FIRST_PASSWORD);
    await page.getByLabel("Atkārtojiet paroli").fill(FIRST_PASSWORD);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Iestatīt paroli" }).click();
    await expect(page.getByText("Parole iestatīta")).toBeVisible();

    await signInWith(page, email, FIRST_PASSWORD);
    await expect(page.getByRole("button", { name: "Iziet" })).toBeVisible();
    await signOut(page);

    // The link works once.
    await page.goto(link);
    await page.getByLabel("Jaunā parole").fill(NEW_PASSWORD);
    await page.getByLabel("Atkārtojiet paroli").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Iestatīt paroli" }).click();
    await expect(page.getByRole("alert")).toContainText("Saite nav derīga");
  });

  test("a forgotten password is reset from the e-mailed link, once", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("link", { name: "Aizmirsāt paroli?" }).click();
    await expect(page.getByRole("heading", { name: "Paroles atjaunošana" })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("E-pasts").fill(email);
    await page.getByRole("button", { name: "Nosūtīt saiti" }).click();
    const answer = page.getByRole("status");
    await expect(answer).toContainText("Ja šai adresei ir konts");
    const known = await answer.textContent();

    // An unknown address gets the very same answer.
    await page.goto("/forgot-password");
    await page.getByLabel("E-pasts").fill("neviens.nav@demo.pumpurs.lv");
    await page.getByRole("button", { name: "Nosūtīt saiti" }).click();
    await expect(page.getByRole("status")).toHaveText(known ?? "");

    const link = await linkSentTo(email, "/reset-password");
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Jauna parole" })).toBeVisible();
    await page.getByLabel("Jaunā parole").fill(NEW_PASSWORD);
    await page.getByLabel("Atkārtojiet paroli").fill(NEW_PASSWORD);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Saglabāt paroli" }).click();
    await expect(page.getByText("Parole nomainīta")).toBeVisible();

    await signInWith(page, email, FIRST_PASSWORD);
    await expect(page.getByRole("alert")).toBeVisible();
    await signInWith(page, email, NEW_PASSWORD);
    await expect(page.getByRole("button", { name: "Iziet" })).toBeVisible();
    await signOut(page);

    await page.goto(link);
    await page.getByLabel("Jaunā parole").fill("vēl viena parole 2026");
    await page.getByLabel("Atkārtojiet paroli").fill("vēl viena parole 2026");
    await page.getByRole("button", { name: "Saglabāt paroli" }).click();
    await expect(page.getByRole("alert")).toContainText("Saite nav derīga");
  });
});
