import { expect, test } from "@playwright/test";

test("login page", async ({ page }) => {
  await page.goto("/students");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("E-pasts").fill("skolotajs@demo.pumpurs.lv");
  await page.getByLabel("Parole").fill("pumpurs-demo");
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
});
