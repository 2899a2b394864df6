import { ACCOUNTS, PASSWORD, expectAccessible, expect, test } from "./helpers";

test("the login page is accessible and refuses a wrong password", async ({ page }) => {
  await page.goto("/students");
  await expect(page).toHaveURL(/\/login\?next=/);
  await expectAccessible(page);
  await page.getByLabel("E-pasts").fill(ACCOUNTS.teacher);
  await page.getByLabel("Parole").fill("wrong-password");
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("alert")).toHaveText("Nepareizs e-pasts vai parole.");

  await page.getByLabel("Parole").fill(PASSWORD);
  await page.getByRole("button", { name: "Pieteikties" }).click();
  // Back where the person was going.
  await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
});

test("a session that can no longer be refreshed ends with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-pasts").fill(ACCOUNTS.teacher);
  await page.getByLabel("Parole").fill(PASSWORD);
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("button", { name: "Iziet" })).toBeVisible();

  // Both tokens become unusable, as after a revocation elsewhere.
  await page.evaluate(() => {
    const tokens = JSON.parse(sessionStorage.getItem("pumpurs.tokens") ?? "{}") as Record<string, unknown>;
    sessionStorage.setItem("pumpurs.tokens", JSON.stringify({ ...tokens, access: "revoked", refresh: "revoked" }));
  });
  await page.goto("/students");
  await expect(page).toHaveURL(/\/login/);
  const ended = page.getByText("Jūsu sesija ir beigusies. Lūdzu, piesakieties vēlreiz.");
  await expect(ended).toBeVisible();
  // A page loaded afterwards still says why, until the person signs in again.
  await page.reload();
  await expect(ended).toBeVisible();
  await page.getByLabel("E-pasts").fill(ACCOUNTS.teacher);
  await page.getByLabel("Parole").fill(PASSWORD);
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
  await page.getByRole("button", { name: "Iziet" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(ended).toHaveCount(0);
});

test("an expired access token is refreshed without the person noticing", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-pasts").fill(ACCOUNTS.teacher);
  await page.getByLabel("Parole").fill(PASSWORD);
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("button", { name: "Iziet" })).toBeVisible();

  await page.evaluate(() => {
    const tokens = JSON.parse(sessionStorage.getItem("pumpurs.tokens") ?? "{}") as Record<string, unknown>;
    sessionStorage.setItem("pumpurs.tokens", JSON.stringify({ ...tokens, access: "expired", expiresAt: 0 }));
  });
  await page.goto("/students");
  await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
  await expect(page.getByRole("cell").first()).toBeVisible();
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("pumpurs.tokens") ?? "{}") as { access: string });
  expect(stored.access).not.toBe("expired");
});
