import { expectAccessible, expect, fillDate, signIn, signOut, test } from "./helpers";

const NGO_MANAGER = "ngo@demo.pumpurs.lv";
const SCHOOL_COORDINATOR = "skolas.koordinators@demo.pumpurs.lv"; // of Viesītes vidusskola (A1)
const PROJECT = "Komandas gars Viesītes vidusskolā";
const TO_MOVE = "Komandas izaicinājumu spēle";
const TO_CANCEL = "Radošā darbnīca “Mūsu klase”";

function isoInDays(days: number): { iso: string; lv: string } {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    iso: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    lv: `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}`,
  };
}

test("the NGO manager's home shows projects and upcoming activities; one is moved, one cancelled", async ({ page }) => {
  test.slow(); // two people, two dialogs and five accessibility scans
  await signIn(page, NGO_MANAGER);

  // Home: what needs doing, the activities coming up, the NGO's projects.
  await expect(page.getByRole("region", { name: "Jāizdara" })).toBeVisible();
  const upcoming = page.getByRole("region", { name: "Gaidāmās aktivitātes" });
  await expect(upcoming.getByRole("row").filter({ hasText: TO_MOVE })).toBeVisible();
  await expect(upcoming.getByRole("row").filter({ hasText: TO_CANCEL })).toBeVisible();
  const projects = page.getByRole("region", { name: "Mūsu projekti" });
  await expect(projects.getByRole("row").filter({ hasText: PROJECT })).toContainText("Apstiprināts");
  await expectAccessible(page);

  // Move one activity to another date, saying why.
  await upcoming.getByRole("link", { name: TO_MOVE }).click();
  await expect(page.getByRole("heading", { name: TO_MOVE, level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Pārcelt uz citu datumu" }).click();
  const move = page.getByRole("dialog", { name: `Pārcelt aktivitāti “${TO_MOVE}”?` });
  await expect(move.getByRole("button", { name: "Pārcelt" })).toBeDisabled();
  const newDate = isoInDays(35);
  await fillDate(page, "Jaunais datums", newDate.lv, move);
  await move.getByLabel("Iemesls").fill("Skolā tajā nedēļā notiek eksāmeni");
  await expectAccessible(page);
  await move.getByRole("button", { name: "Pārcelt" }).click();
  await expect(move).toBeHidden();
  const trail = page.getByRole("region", { name: "Izmaiņu vēsture" });
  await expect(trail).toContainText("Pārcelta");
  await expect(trail).toContainText(newDate.lv);
  await expect(trail).toContainText("Skolā tajā nedēļā notiek eksāmeni");

  // Cancel another, confirmed in a dialog that says what happens.
  await page.getByRole("link", { name: "Sākums" }).click();
  await page.getByRole("region", { name: "Gaidāmās aktivitātes" }).getByRole("link", { name: TO_CANCEL }).click();
  await expect(page.getByRole("heading", { name: TO_CANCEL, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Atcelt aktivitāti" }).click();
  const cancel = page.getByRole("dialog", { name: `Atcelt aktivitāti “${TO_CANCEL}”?` });
  await expect(cancel).toContainText("atcelšanu nevar atsaukt");
  await expect(cancel.getByRole("button", { name: "Atcelt aktivitāti" })).toBeDisabled();
  await cancel.getByLabel("Iemesls").fill("Klases dodas mācību ekskursijā");
  await expectAccessible(page);
  await cancel.getByRole("button", { name: "Atcelt aktivitāti" }).click();
  await expect(cancel).toBeHidden();
  await expect(page.getByText("Atcelta", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Atcelt aktivitāti" })).toHaveCount(0);
  await expectAccessible(page);

  // Home again: the cancelled one is no longer upcoming, the moved one is.
  await page.getByRole("link", { name: "Sākums" }).click();
  const after = page.getByRole("region", { name: "Gaidāmās aktivitātes" });
  await expect(after.getByRole("row").filter({ hasText: TO_MOVE })).toContainText(newDate.lv);
  await expect(after.getByRole("row").filter({ hasText: TO_CANCEL })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("ngo-home.png"), fullPage: true });
  await signOut(page);

  // The school sees the cancellation and why.
  await signIn(page, SCHOOL_COORDINATOR);
  await page.getByRole("link", { name: "NVO aktivitātes" }).click();
  const row = page.getByRole("row").filter({ hasText: TO_CANCEL });
  await expect(row).toContainText("Atcelta");
  await row.getByRole("link", { name: TO_CANCEL }).click();
  await expect(page.getByText("Klases dodas mācību ekskursijā").first()).toBeVisible();
});

test("the NGO plans an activity from the activities page, choosing the project", async ({ page }) => {
  await signIn(page, NGO_MANAGER);
  await page.getByRole("link", { name: "NVO aktivitātes" }).click();
  const form = page.getByRole("region", { name: "Plānot aktivitāti" });
  await expect(form.getByLabel("Projekts")).toBeVisible();
  await form.getByLabel("Projekts").click();
  await page.getByRole("option", { name: PROJECT }).click();
  await form.getByLabel("Aktivitāte").fill("Sporta diena ar vecākajām klasēm");
  await fillDate(page, "Datums", isoInDays(21).lv, form);
  await form.getByRole("checkbox", { name: "9.a" }).check();
  await expectAccessible(page);
  await form.getByRole("button", { name: "Plānot" }).click();
  await expect(form.getByText("Aktivitāte ir ieplānota.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Sporta diena ar vecākajām klasēm" })).toBeVisible();
});
