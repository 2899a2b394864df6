import { ACCOUNTS, signIn, expect, test } from "./helpers";

test("switching to English changes the interface, and back", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: "Izglītojamie" })).toBeVisible();

  await page.getByRole("button", { name: "Switch the interface to English" }).click();
  await expect(nav.getByRole("link", { name: "Students" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await nav.getByRole("link", { name: "Students" }).click();
  await expect(page.getByRole("heading", { name: "Students" })).toBeVisible();
  // Dates stay in the Latvian format whatever the language.
  await expect(page.getByRole("gridcell").filter({ hasText: /^\d{2}\.\d{2}\.\d{4}\.?$/ }).first()).toBeVisible();

  await page.getByRole("button", { name: "Pārslēgt saskarni latviski" }).click();
  await expect(nav.getByRole("link", { name: "Izglītojamie" })).toBeVisible();
});
