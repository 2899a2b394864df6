import { ACCOUNTS, expectAccessible, signIn, expect, test } from "./helpers";

test("the school coordinator evaluates an active plan and closes it", async ({ page }) => {
  await signIn(page, ACCOUNTS.schoolCoordinator);
  await page.getByRole("navigation").getByRole("link", { name: "Atbalsta plāni" }).click();
  await page.getByLabel("Statuss").selectOption("active");
  const first = page.getByRole("cell").first().getByRole("link");
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");

  await page.getByRole("button", { name: "Izvērtēt" }).click();
  const evaluation = page.getByRole("region", { name: "Izvērtējums semestra beigās" });
  await evaluation.getByLabel("Rezultāts").selectOption("partly_met");
  await evaluation.getByLabel("Apraksts").fill("Kavējumi samazinājās, sekmes uzlabojās daļēji.");
  await expectAccessible(page);
  const early = evaluation.getByLabel("Pamatojums agrākam izvērtējumam");
  if (await early.isVisible()) await early.fill("Skolēns pāriet uz citu skolu");
  await evaluation.getByRole("button", { name: "Izvērtēt un noslēgt izvērtējumu" }).click();
  await page.getByRole("dialog", { name: "Saglabāt galīgo izvērtējumu?" }).getByRole("button", { name: "Saglabāt galīgo izvērtējumu" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Izvērtēts");
  await expect(evaluation.getByText("Mērķi daļēji sasniegti")).toBeVisible();

  await page.getByRole("button", { name: "Slēgt" }).click();
  const close = page.getByRole("dialog", { name: /Slēgt plānu .*\?/ });
  await expect(close.getByText(/to vairs nevarēs mainīt/)).toBeVisible();
  await expectAccessible(page);
  await close.getByRole("button", { name: "Slēgt" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Slēgts");
  await expect(page.getByText("Jums šobrīd nav darbību ar šo plānu.")).toBeVisible();
});

test("the director returns a submitted plan to its author with a comment", async ({ page }) => {
  await signIn(page, ACCOUNTS.director);
  await page.getByRole("navigation").getByRole("link", { name: "Apstiprināšana" }).click();
  const first = page.getByRole("table", { name: "Apstiprināšana" }).getByRole("link").first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");

  const decision = page.getByRole("region", { name: "Lēmums" });
  await decision.getByRole("button", { name: "Atgriezt labošanai" }).click();
  await expect(decision.getByText("Atgriežot plānu, komentārs ir obligāts")).toBeVisible();
  await decision.getByLabel("Komentārs").fill("Lūdzu, papildiniet mērķus.");
  await decision.getByRole("button", { name: "Atgriezt labošanai" }).click();
  const ret = page.getByRole("dialog", { name: /Atgriezt plānu .* labošanai\?/ });
  await ret.getByRole("button", { name: "Atgriezt labošanai" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Atgriezts labošanai");
  await expect(page.getByText("Lūdzu, papildiniet mērķus.").first()).toBeVisible();
});
