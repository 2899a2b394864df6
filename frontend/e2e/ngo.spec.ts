import { expectAccessible, signIn, signOut, expect, test } from "./helpers";

const NGO_MANAGER = "ngo@demo.pumpurs.lv";
const SCHOOL_COORDINATOR = "skolas.koordinators@demo.pumpurs.lv"; // of Viesītes vidusskola (A1)

test("the NGO records a held activity's outcome and the school sees it for its classes", async ({ page }) => {
  test.slow(); // two sign-ins and two accessibility scans
  await signIn(page, NGO_MANAGER);
  await page.getByRole("link", { name: "NVO aktivitātes" }).click();
  await expect(page.getByRole("heading", { name: "NVO aktivitātes" })).toBeVisible();
  await page.getByRole("link", { name: "Virvju parka diena" }).click();

  await expect(page.getByRole("heading", { name: "Virvju parka diena" })).toBeVisible();
  const outcome = page.getByRole("region", { name: "Reģistrēt rezultātu" });
  await expectAccessible(page);
  await outcome.getByLabel("Dalībnieki").fill("24");
  await outcome.getByLabel("No tiem riska grupas skolēni").fill("25");
  await outcome.getByRole("button", { name: "Saglabāt rezultātu" }).click();
  await expect(outcome.getByText("Nevar būt vairāk par dalībnieku skaitu")).toBeVisible();
  await outcome.getByLabel("No tiem riska grupas skolēni").fill("4");
  await outcome.getByLabel("Atsauksmes").fill("Klases 9.a skolēni paši sadalīja lomas komandās.");
  await outcome.getByRole("button", { name: "Saglabāt rezultātu" }).click();
  await expect(outcome.getByText("Rezultāts ir saglabāts.")).toBeVisible();
  // The NGO has no way to students: no such section in its navigation.
  await expect(page.getByRole("link", { name: "Izglītojamie" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, SCHOOL_COORDINATOR);
  await page.getByRole("link", { name: "NVO aktivitātes" }).click();
  await expect(page.getByRole("heading", { name: "NVO aktivitātes manām klasēm" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Virvju parka diena" });
  await expect(row).toContainText("9.a");
  await expect(row).toContainText("Notikusi");
  await expect(row.getByRole("cell", { name: "24", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "4", exact: true })).toBeVisible();
  await expectAccessible(page);
});
