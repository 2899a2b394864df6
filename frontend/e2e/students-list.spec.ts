import { ACCOUNTS, expect, expectAccessible, signIn, test } from "./helpers";

test("the teacher finds the students at risk without a plan, opens one and Back keeps the filter", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
  const grid = page.getByRole("grid", { name: "Izglītojamie" });
  await expect(grid.getByRole("columnheader", { name: "Atvērtais plāns" })).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: "Riska līmenis" })).toBeVisible();

  // The filter lives in the address: the box shows it once the address has changed.
  const atRisk = page.getByRole("checkbox", { name: "Riska grupā bez plāna" });
  await atRisk.click();
  await expect(atRisk).toBeChecked();
  await expect(page).toHaveURL(/atRisk=1/);
  await expect(page.getByRole("progressbar", { name: "Ielādē…" })).toHaveCount(0);
  const rows = grid.getByRole("row").filter({ has: page.getByRole("gridcell") });
  await expect(rows.first()).toBeVisible();
  // Every student listed has no open plan and an early-identification flag this semester.
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await expect(rows.nth(i)).toContainText("Nav plāna");
    await expect(rows.nth(i).getByText(/^(Uzmanību|Brīdinājums)$/)).toBeVisible();
  }
  await expectAccessible(page);

  const first = rows.first().getByRole("link").first();
  const name = (await first.textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name.trim().split(" ")[0] ?? "");
  await expectAccessible(page);

  await page.goBack();
  await expect(page).toHaveURL(/atRisk=1/);
  await expect(page.getByRole("checkbox", { name: "Riska grupā bez plāna" })).toBeChecked();
  await expect(grid.getByRole("row").filter({ hasText: name.trim() })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("students-at-risk.png"), fullPage: true });
});
