import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { SCREENSHOTS, expectAccessible, expect, signOut, test } from "./helpers";
import { linkSentTo } from "./mail";

// A school starting from an empty install (e2e/serve-empty.sh: demo mode off, secrets of its own,
// no demo data, one IKVD administrator created with `python -m backend.cli create-admin`). Each
// step leaves the install as the next one needs it; further steps (consents, approvals, sessions,
// evaluation) are appended at the end.

/** Every person's password, once set from their invitation link. */
export const PASSWORD_OF_EVERYONE = "sava parole 2026";

export const PEOPLE = {
  admin: process.env.E2E_ADMIN_EMAIL ?? "ikvd.admin@tukss.pumpurs.lv",
  coordinator: "koordinatore@selija.tukss.pumpurs.lv",
  director: "direktors@selijasvsk.tukss.pumpurs.lv",
  schoolCoordinator: "koordinatore@selijasvsk.tukss.pumpurs.lv",
  teacher: "skolotaja@selijasvsk.tukss.pumpurs.lv",
  psychologist: "psihologs@selijasvsk.tukss.pumpurs.lv",
} as const;

export const MUNICIPALITY = "Sēlijas novads";
export const SCHOOL = "Sēlijas vidusskola";
export const CLASS = "9.a";

/** The students the director imports; new-format personal codes carry no birth date. The first
 * two have their guardian in the file. */
export const STUDENTS = [
  { given: "Elza", family: "Ozoliņa", code: "321111-10001", born: "2011-04-12", guardian: "Ilze Ozoliņa;māte" },
  { given: "Kārlis", family: "Liepiņš", code: "321111-10002", born: "2011-09-30", guardian: "Juris Liepiņš;tēvs" },
  { given: "Marta", family: "Bērziņa", code: "321111-10003", born: "2011-01-08", guardian: ";" },
] as const;

function csv(): string {
  const rows = STUDENTS.map((s) => `${s.given};${s.family};${s.code};${s.born};${CLASS};${s.guardian}`);
  return ["vards;uzvards;personas_kods;dzimsanas_datums;klase;aizbildnis;aizbildna_statuss", ...rows].join("\n") + "\n";
}

export async function signInAs(page: Page, email: string, password = PASSWORD_OF_EVERYONE): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-pasts").fill(email);
  await page.getByLabel("Parole").fill(password);
  await page.getByRole("button", { name: "Pieteikties" }).click();
  await expect(page.getByRole("button", { name: "Iziet" })).toBeVisible();
}

/** Opens an invitation link and sets the password it asks for. */
async function setPassword(page: Page, link: string, checkAccessible = false): Promise<void> {
  // A link differing from the last only after "#" would not load the page afresh.
  await page.goto("about:blank");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Uzaicinājums" })).toBeVisible();
  await page.getByLabel("Jaunā parole").fill(PASSWORD_OF_EVERYONE);
  await page.getByLabel("Atkārtojiet paroli").fill(PASSWORD_OF_EVERYONE);
  if (checkAccessible) await expectAccessible(page);
  await page.getByRole("button", { name: "Iestatīt paroli" }).click();
  await expect(page.getByText("Parole iestatīta")).toBeVisible();
}

/** Fills the open invitation dialog and sends it; the scope is the page's own. */
async function invite(page: Page, opener: string, name: string, email: string, role: string): Promise<void> {
  await page.getByRole("button", { name: opener }).click();
  const dialog = page.getByRole("dialog", { name: "Uzaicināt jaunu lietotāju" });
  await dialog.getByLabel("Vārds, uzvārds").fill(name);
  await dialog.getByLabel("E-pasts").fill(email);
  await dialog.getByLabel("Loma").click();
  await page.getByRole("option", { name: role, exact: true }).click();
  await expect(dialog.getByLabel("Darbības joma")).not.toBeEmpty();
  await dialog.getByRole("button", { name: "Nosūtīt uzaicinājumu" }).click();
  await expect(dialog.getByText(`Uzaicinājums nosūtīts uz ${email}`)).toBeVisible();
  await dialog.getByRole("button", { name: "Aizvērt" }).click();
  await expect(dialog).toBeHidden();
}

test.describe.serial("a school starting from an empty install", () => {
  test("the IKVD administrator sets a password from the command line's link and signs in", async ({ page }) => {
    const link = readFileSync(process.env.E2E_ADMIN_LINK_FILE ?? "", "utf8").trim();
    expect(link).toContain("/accept-invitation#token=");
    await setPassword(page, new URL(link).pathname + new URL(link).hash, true);
    await signInAs(page, PEOPLE.admin);
    await expect(page.getByText("IKVD administrators").first()).toBeVisible();
    await expectAccessible(page);
  });

  test("IKVD adds the school year, a municipality and a school", async ({ page }) => {
    await signInAs(page, PEOPLE.admin);
    await page.getByRole("navigation").getByRole("link", { name: "Iestāžu reģistrs" }).click();
    await expect(page.getByRole("heading", { name: "Iestāžu reģistrs" })).toBeVisible();
    const years = page.getByRole("region", { name: "Mācību gadi" });
    await expect(years.getByText("Vēl nav neviena mācību gada")).toBeVisible();
    await expectAccessible(page);

    // The form proposes today's school year: 1 September to 31 August, two semesters.
    const today = new Date();
    const first = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
    const name = `${first}/${first + 1}`;
    await expect(years.getByLabel("Mācību gads")).toHaveValue(name);
    await expect(years.getByRole("group", { name: "Mācību gada sākums" }).locator("input")).toHaveValue(`01.09.${first}`);
    await years.getByRole("button", { name: "Pievienot mācību gadu" }).click();
    const confirmYear = page.getByRole("dialog", { name: `Pievienot mācību gadu ${name}?` });
    await expect(confirmYear).toContainText("Tā datumus pēc tam mainīt nevarēs");
    await expectAccessible(page);
    await confirmYear.getByRole("button", { name: "Pievienot mācību gadu" }).click();
    await expect(years.getByText(`Mācību gads ${name} pievienots.`)).toBeVisible();
    await expect(years.getByRole("cell", { name, exact: true })).toBeVisible();

    const municipalities = page.getByRole("region", { name: "Pašvaldības" });
    await municipalities.getByLabel("Nosaukums").fill(MUNICIPALITY);
    await municipalities.getByLabel("ATVK kods").fill("0560001");
    await municipalities.getByRole("button", { name: "Pievienot pašvaldību" }).click();
    const confirmMunicipality = page.getByRole("dialog", { name: `Pievienot pašvaldību ${MUNICIPALITY}?` });
    await expect(confirmMunicipality).toContainText("ATVK 0560001");
    await confirmMunicipality.getByRole("button", { name: "Pievienot pašvaldību" }).click();
    await expect(municipalities.getByRole("cell", { name: MUNICIPALITY, exact: true })).toBeVisible();

    const institutions = page.getByRole("region", { name: "Izglītības iestādes" });
    await institutions.getByLabel("Nosaukums").fill(SCHOOL);
    await institutions.getByLabel("Reģistrācijas numurs").fill("4011234567");
    await institutions.getByLabel("Veids").click();
    await page.getByRole("option", { name: "Pašvaldības vispārizglītojošā skola" }).click();
    await institutions.getByLabel("Pašvaldība").click();
    await page.getByRole("option", { name: MUNICIPALITY }).click();
    await expectAccessible(page);
    await institutions.getByRole("button", { name: "Pievienot iestādi" }).click();
    const confirmSchool = page.getByRole("dialog", { name: `Pievienot iestādi ${SCHOOL}?` });
    await expect(confirmSchool).toContainText("Veidu un reģistrācijas numuru pēc tam mainīt nevarēs");
    await expectAccessible(page);
    await confirmSchool.getByRole("button", { name: "Pievienot iestādi" }).click();
    const row = institutions.getByRole("row", { name: new RegExp(SCHOOL) });
    await expect(row).toContainText("direktors → pašvaldības koordinators → IKVD");
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/empty-install-register.png`, fullPage: true });
  });

  test("IKVD invites the municipality's coordinator", async ({ page }) => {
    await signInAs(page, PEOPLE.admin);
    await page.goto("/organisation");
    await page.getByRole("button", { name: `Uzaicināt koordinatoru: ${MUNICIPALITY}` }).click();
    const dialog = page.getByRole("dialog", { name: "Uzaicināt jaunu lietotāju" });
    await dialog.getByLabel("Vārds, uzvārds").fill("Inese Sēlija");
    await dialog.getByLabel("E-pasts").fill(PEOPLE.coordinator);
    await dialog.getByLabel("Loma").click();
    await page.getByRole("option", { name: "Pašvaldības koordinators" }).click();
    await expect(dialog.getByLabel("Darbības joma")).toContainText(MUNICIPALITY);
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Nosūtīt uzaicinājumu" }).click();
    await expect(dialog.getByText(`Uzaicinājums nosūtīts uz ${PEOPLE.coordinator}`)).toBeVisible();
    await dialog.getByRole("button", { name: "Aizvērt" }).click();
    await signOut(page);
    await setPassword(page, await linkSentTo(PEOPLE.coordinator, "/accept-invitation"));
    await signInAs(page, PEOPLE.coordinator);
    await expect(page.getByRole("banner").getByText(`Pašvaldības koordinators · ${MUNICIPALITY}`)).toBeVisible();
    await expectAccessible(page);
  });

  test("IKVD opens the school, adds its class and invites its people", async ({ page }) => {
    await signInAs(page, PEOPLE.admin);
    await page.goto("/organisation");
    await page.getByRole("link", { name: SCHOOL }).click();
    await expect(page.getByRole("heading", { name: SCHOOL, level: 1 })).toBeVisible();
    const classes = page.getByRole("region", { name: "Klases" });
    await expect(classes.getByText("Šajā mācību gadā vēl nav klašu.")).toBeVisible();
    await expectAccessible(page);
    await classes.getByLabel("Klases apzīmējums").fill(CLASS);
    await classes.getByLabel("Klase (1–12)").fill("9");
    await classes.getByRole("button", { name: "Pievienot klasi" }).click();
    await expect(classes.getByText(`Klase ${CLASS} pievienota.`)).toBeVisible();
    await expect(classes.getByRole("cell", { name: CLASS, exact: true })).toBeVisible();

    await invite(page, "Uzaicināt lietotāju", "Andris Direktors", PEOPLE.director, "Izglītības iestādes vadītājs");
    await invite(page, "Uzaicināt lietotāju", "Laura Koordinatore", PEOPLE.schoolCoordinator, "Iestādes koordinators");
    await invite(page, "Uzaicināt lietotāju", "Dace Skolotāja", PEOPLE.teacher, "Pedagogs");
    await invite(page, "Uzaicināt lietotāju", "Pēteris Psihologs", PEOPLE.psychologist, "Atbalsta speciālists");
    const people = page.getByRole("region", { name: "Lietotāji" });
    await expect(people.getByRole("row", { name: /vēl nav pieteicies/ })).toHaveCount(4);
    await expect(people.getByRole("row", { name: /Andris Direktors/ })).toContainText("Izglītības iestādes vadītājs");
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/empty-install-institution.png`, fullPage: true });
  });

  test("the school's people set their passwords from the e-mailed links", async ({ page }) => {
    for (const email of [PEOPLE.director, PEOPLE.schoolCoordinator, PEOPLE.teacher, PEOPLE.psychologist]) {
      await setPassword(page, await linkSentTo(email, "/accept-invitation"));
    }
  });

  test("the director sees the school's classes and imports its students from CSV", async ({ page }) => {
    await signInAs(page, PEOPLE.director);
    await page.getByRole("navigation").getByRole("link", { name: "Klases" }).click();
    await expect(page.getByRole("heading", { name: SCHOOL, level: 1 })).toBeVisible();
    await expect(page.getByRole("region", { name: "Klases" }).getByRole("cell", { name: CLASS, exact: true })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("navigation").getByRole("link", { name: "Imports un eksports" }).click();
    await expect(page.getByRole("heading", { name: "Izglītojamo imports" })).toBeVisible();
    await page.locator('input[type="file"]').setInputFiles({
      name: "skolnieki.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv(), "utf8"),
    });
    await page.getByRole("button", { name: "Pārbaudīt, neko nesaglabājot" }).click();
    await expect(page.getByText(`Failā kļūdu nav. Rindas importam: ${STUDENTS.length}.`)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Importēt" }).click();
    await expect(page.getByText(`Imports pabeigts: izveidoti izglītojamie: ${STUDENTS.length}`)).toBeVisible({
      timeout: 30_000,
    });
    await expectAccessible(page);

    await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
    for (const s of STUDENTS) await expect(page.getByRole("link", { name: `${s.family} ${s.given}` })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  test("the teacher finds a student and starts a plan", async ({ page }) => {
    const student = STUDENTS[0];
    await signInAs(page, PEOPLE.teacher);
    await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
    await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
    await page.getByLabel("Meklēt pēc vārda vai personas koda").fill(student.family);
    const link = page.getByRole("link", { name: `${student.family} ${student.given}` });
    await expect(link).toBeVisible();
    await expectAccessible(page);
    await link.click();
    await expect(page.getByRole("heading", { name: `${student.given} ${student.family}` })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Izveidot plānu" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    await page.getByRole("textbox", { name: "Mērķi" }).fill("Uzlabot sekmes un apmeklējumu.");
    await page.getByRole("button", { name: "Saglabāt mērķus" }).click();
    await expect(page.getByRole("region", { name: "Mērķi" }).getByText("Saglabāts")).toBeVisible();
    await expectAccessible(page);
  });
});
