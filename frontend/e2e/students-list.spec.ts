import { ACCOUNTS, expect, expectAccessible, signIn, test } from "./helpers";

test("the teacher finds the students at risk without a plan, opens one and Back keeps the filter", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
  const grid = page.getByRole("table", { name: "Izglītojamie" });
  await expect(grid.getByRole("columnheader", { name: "Atvērtais plāns" })).toBeVisible();
  await expect(grid.getByRole("columnheader", { name: "Riska līmenis" })).toBeVisible();

  // The filter lives in the address: the box shows it once the address has changed.
  const atRisk = page.getByRole("checkbox", { name: "Riska grupā bez plāna" });
  await atRisk.click();
  await expect(atRisk).toBeChecked();
  await expect(page).toHaveURL(/atRisk=1/);
  await expect(page.getByRole("progressbar", { name: "Ielādē…" })).toHaveCount(0);
  const rows = grid.getByRole("row").filter({ has: page.getByRole("cell") });
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

test("the students list pages forward and back, and shows more rows a page on request", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
  const table = page.getByRole("table", { name: "Izglītojamie" });
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(25);
  await expect(page.getByText("1–25 no vairāk nekā 25")).toBeVisible();
  const firstOnPageOne = (await rows.first().getByRole("link").first().textContent()) ?? "";

  await page.getByRole("button", { name: "Nākamā lapa" }).click();
  await expect(page.getByText(/^26–\d+ no /)).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Ielādē…" })).toHaveCount(0);
  await expect(rows.first().getByRole("link").first()).not.toHaveText(firstOnPageOne);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Iepriekšējā lapa" }).click();
  await expect(page.getByText("1–25 no vairāk nekā 25")).toBeVisible();
  await expect(rows.first().getByRole("link").first()).toHaveText(firstOnPageOne);

  await page.getByRole("combobox", { name: /Rindas lapā/ }).click();
  await page.getByRole("option", { name: "50" }).click();
  await expect(rows.nth(25)).toBeVisible();
  await expect(page.getByText("1–25 no vairāk nekā 25")).toHaveCount(0);
  await expect(rows.first().getByRole("link").first()).toHaveText(firstOnPageOne);
});
