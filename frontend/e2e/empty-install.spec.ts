import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { SCREENSHOTS, expectAccessible, expect, fillDate, signOut, test } from "./helpers";
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
 * two have their guardian in the file, with the consent the guardian signed; the third has
 * neither (her consent is recorded later, in the web app). */
export const STUDENTS = [
  { given: "Elza", family: "Ozoliņa", code: "321111-10001", born: "2011-04-12", guardian: "Ilze Ozoliņa;māte", consent: "PIET-1" },
  { given: "Kārlis", family: "Liepiņš", code: "321111-10002", born: "2011-09-30", guardian: "Juris Liepiņš;tēvs", consent: "PIET-2" },
  { given: "Marta", family: "Bērziņa", code: "321111-10003", born: "2011-01-08", guardian: ";", consent: "" },
] as const;

/** The student at risk: no consent at first, 25 unexcused hours in the attendance file. */
const AT_RISK = STUDENTS[2];

/** Today as the API writes it, and as people write it. */
const todayIso = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Riga" });
const todayLv = () => todayIso().split("-").reverse().join(".");
const yesterdayLv = () => {
  const d = new Date(`${todayIso()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10).split("-").reverse().join(".");
};

function csv(): string {
  const rows = STUDENTS.map(
    (s) =>
      `${s.given};${s.family};${s.code};${s.born};${CLASS};${s.guardian};` +
      (s.consent ? `${todayIso()};${s.consent};aizbildnis` : ";;"),
  );
  const header = "vards;uzvards;personas_kods;dzimsanas_datums;klase;aizbildnis;aizbildna_statuss;piekrisanas_datums;piekrisanas_dokuments;piekrisanu_deva";
  return [header, ...rows].join("\n") + "\n";
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

  let studentUrl = "";
  let planUrl = "";

  test("the school coordinator imports the attendance file: the student at risk is flagged", async ({ page }) => {
    await signInAs(page, PEOPLE.schoolCoordinator);
    await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
    await page.getByLabel("Meklēt pēc vārda vai personas koda").fill(AT_RISK.family);
    await page.getByRole("link", { name: `${AT_RISK.family} ${AT_RISK.given}` }).click();
    await expect(page.getByRole("heading", { name: `${AT_RISK.given} ${AT_RISK.family}` })).toBeVisible();
    studentUrl = new URL(page.url()).pathname;
    const studentId = studentUrl.split("/").pop() ?? "";

    const file = [
      "skolena_id;datums;stundas;attaisnoti_kavejumi;neattaisnoti_kavejumi",
      `${studentId};${todayLv()};300;4;25`,
    ].join("\n");
    await page.getByRole("navigation").getByRole("link", { name: "Kavējumu un vērtējumu imports" }).click();
    await expect(page.getByRole("heading", { name: "Kavējumu un vērtējumu imports", level: 1 })).toBeVisible();
    await page.getByLabel("Izvēlēties failu").setInputFiles({
      name: "kavejumi.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(file + "\n", "utf8"),
    });
    await page.getByRole("button", { name: "Pārbaudīt failu" }).click();
    await expect(page.getByText("Pārbaudīta 1 rinda, problēmu nav.", { exact: false })).toBeVisible();
    await page.getByRole("button", { name: "Importēt", exact: true }).click();
    await expect(page.getByRole("progressbar", { name: "Importa gaita" })).toHaveAttribute("aria-valuenow", "100");
    await expectAccessible(page);
    await signOut(page);
  });

  test("the teacher finds the student at risk without a plan and consent, and starts the plan", async ({ page }) => {
    await signInAs(page, PEOPLE.teacher);
    await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
    await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
    const atRisk = page.getByRole("checkbox", { name: "Riska grupā bez plāna" });
    await atRisk.click();
    await expect(atRisk).toBeChecked();
    const grid = page.getByRole("table", { name: "Izglītojamie" });
    const link = grid.getByRole("link", { name: `${AT_RISK.family} ${AT_RISK.given}` });
    await expect(link).toBeVisible();
    // Only she is at risk: the others have no flag.
    await expect(grid.getByRole("link", { name: `${STUDENTS[0].family} ${STUDENTS[0].given}` })).toHaveCount(0);
    await expectAccessible(page);
    await link.click();
    await expect(page.getByRole("heading", { name: `${AT_RISK.given} ${AT_RISK.family}` })).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Piekrišanas" }).getByText("Piekrišanas nav — plānu nevar iesniegt."),
    ).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Izveidot plānu" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    planUrl = new URL(page.url()).pathname;
    const checklist = page.getByRole("region", { name: "Lai plānu varētu iesniegt" });
    await expect(checklist.getByRole("link", { name: "reģistrēt piekrišanu" })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  test("the school coordinator adds the mother and records her consent", async ({ page }) => {
    await signInAs(page, PEOPLE.schoolCoordinator);
    await page.goto(`${studentUrl}#consents`);
    const guardians = page.getByRole("region", { name: "Likumiskie pārstāvji un kontakti" });
    await guardians.getByRole("button", { name: "Pievienot pārstāvi vai kontaktpersonu" }).click();
    const add = page.getByRole("dialog", { name: "Pievienot pārstāvi vai kontaktpersonu" });
    await add.getByLabel("Vārds, uzvārds").fill("Anna Bērziņa");
    await add.getByLabel("Saistība").selectOption("mother");
    await add.getByLabel("Tālrunis").fill("+371 20000001");
    await expectAccessible(page);
    await add.getByRole("button", { name: "Saglabāt" }).click();
    await expect(add).toBeHidden();

    const consents = page.getByRole("region", { name: "Piekrišanas" });
    await consents.getByRole("button", { name: "Reģistrēt piekrišanu" }).click();
    const dialog = page.getByRole("dialog", { name: "Reģistrēt piekrišanu" });
    await dialog.getByLabel("Parakstīja").selectOption({ label: "Anna Bērziņa (māte)" });
    await fillDate(page, "Parakstīšanas datums", todayLv(), dialog);
    await dialog.getByLabel("Dokumenta numurs vai atsauce").fill("PIET-3");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Reģistrēt" }).click();
    await expect(dialog).toBeHidden();
    await expect(consents.getByText("Piekrišanas nav — plānu nevar iesniegt.")).toBeHidden();
    await expect(consents.getByText(/PIET-3 .*Anna Bērziņa/)).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  test("the teacher writes the plan and submits it; the unsaved goals are saved first", async ({ page }) => {
    await signInAs(page, PEOPLE.teacher);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    await expect(
      page.getByRole("region", { name: "Lai plānu varētu iesniegt" }).getByRole("link", { name: "reģistrēt piekrišanu" }),
    ).toBeHidden();

    await page.getByLabel("LS04 Neattaisnoti kavējumi: Līmenis").selectOption("high");
    await page.getByLabel("LS04 Neattaisnoti kavējumi: Piezīme").fill("25 neattaisnotas stundas semestrī");
    await page.getByLabel("SH02 Psihoemocionālas grūtības: Līmenis").selectOption("medium");
    await page.getByRole("button", { name: "Saglabāt risku izvērtējumu" }).click();
    await expect(page.getByRole("region", { name: "Risku izvērtējums" }).getByText("Saglabāts")).toBeVisible();

    // The psychologist's sessions, and a transport compensation, in the days left of the semester.
    await page.getByRole("button", { name: "Pievienot pasākumu" }).click();
    let dialog = page.getByRole("dialog");
    await dialog.getByLabel("Pasākuma veids").selectOption({ label: "Psihologa konsultācija" });
    await dialog.getByLabel("Atbildīgais darbinieks").selectOption({ label: "Pēteris Psihologs" });
    await dialog.getByLabel(/Plānotais daudzums/).fill("6");
    await dialog.getByRole("checkbox", { name: /LS04/ }).check();
    await dialog.getByRole("checkbox", { name: /SH02/ }).check();
    await fillDate(page, "Sākums", todayLv(), dialog);
    await fillDate(page, "Beigas", todayLv(), dialog);
    await dialog.getByRole("button", { name: "Pievienot" }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole("button", { name: "Pievienot pasākumu" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Pasākuma veids").selectOption({ label: "Sabiedriskā transporta izdevumu kompensācija" });
    await dialog.getByLabel(/Plānotais daudzums/).fill("1");
    await dialog.getByLabel("Plānotā summa, EUR").fill("20");
    await dialog.getByRole("checkbox", { name: /LS04/ }).check();
    await fillDate(page, "Sākums", todayLv(), dialog);
    await fillDate(page, "Beigas", todayLv(), dialog);
    await dialog.getByRole("button", { name: "Pievienot" }).click();
    await expect(dialog).toBeHidden();
    await expectAccessible(page);

    // Goals typed and not saved: submitting saves them first.
    const goals = "Apmeklēt visas stundas; katru nedēļu tikties ar psihologu.";
    await page.getByRole("textbox", { name: "Mērķi" }).fill(goals);
    await page.getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
    const submit = page.getByRole("dialog", { name: /Iesniegt plānu .* apstiprināšanai\?/ });
    await expect(submit.getByText("Nesaglabātās izmaiņas (Mērķi) vispirms tiks saglabātas.")).toBeVisible();
    await expectAccessible(page);
    await submit.getByRole("button", { name: "Saglabāt un iesniegt" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");
    await page.reload();
    await expect(page.getByRole("region", { name: "Mērķi" }).getByText(goals)).toBeVisible();
    await signOut(page);
  });

  for (const [who, before, after] of [
    ["director", "Iesniegts", "Apstiprināts iestādē"],
    ["coordinator", "Apstiprināts iestādē", "Apstiprināts pašvaldībā"],
    ["admin", "Apstiprināts pašvaldībā", "Aktīvs"],
  ] as const) {
    test(`${who} approves the plan`, async ({ page }) => {
      await signInAs(page, PEOPLE[who]);
      await page.goto(planUrl);
      await expect(page.getByTestId("plan-status")).toHaveText(before);
      await page.getByRole("region", { name: "Lēmums" }).getByRole("button", { name: "Apstiprināt" }).click();
      const confirm = page.getByRole("dialog", { name: /Apstiprināt plānu/ });
      await expectAccessible(page);
      await confirm.getByRole("button", { name: "Apstiprināt" }).click();
      await expect(page.getByTestId("plan-status")).toHaveText(after);
      await signOut(page);
    });
  }

  test("the psychologist logs sessions; a date before the measure is refused in Latvian", async ({ page }) => {
    await signInAs(page, PEOPLE.psychologist);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");
    await page.getByRole("tab", { name: "Norise" }).click();
    const entry = page.getByRole("region", { name: "Norises reģistrēšana" });
    const dayField = entry.getByRole("group", { name: "Datums", exact: true }).locator("xpath=..");
    await entry.getByLabel("Pasākums").selectOption({ label: "Psihologa konsultācija" });
    await fillDate(page, "Datums", yesterdayLv(), dayField);
    await entry.getByLabel("Ilgums, min").fill("45");
    await entry.getByRole("button", { name: "Reģistrēt" }).click();
    await expect(entry.getByRole("alert")).toContainText("ne agrāk");
    await expectAccessible(page);

    await fillDate(page, "Datums", todayLv(), dayField);
    await entry.getByRole("button", { name: "Reģistrēt" }).click();
    await expect(entry.getByText("Norise reģistrēta")).toBeVisible();
    const list = page.getByRole("region", { name: "Reģistrētā norise" });
    await expect(list.getByRole("cell", { name: "45", exact: true })).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  test("a compensation over the plan is refused, then logged with a reason; a session is corrected", async ({ page }) => {
    await signInAs(page, PEOPLE.teacher);
    await page.goto(planUrl);
    await page.getByRole("tab", { name: "Norise" }).click();
    const entry = page.getByRole("region", { name: "Norises reģistrēšana" });
    const dayField = entry.getByRole("group", { name: "Datums", exact: true }).locator("xpath=..");
    await entry.getByLabel("Pasākums").selectOption({ label: "Sabiedriskā transporta izdevumu kompensācija" });
    await fillDate(page, "Datums", todayLv(), dayField);
    await entry.getByLabel("Summa, EUR").fill("35");
    await entry.getByLabel("Attaisnojuma dokuments").fill("Biļešu čeks 17");
    await entry.getByRole("button", { name: "Reģistrēt" }).click();
    const overPlan = page.getByRole("dialog", { name: "Izmaksa pārsniedz plānoto summu" });
    await expect(overPlan).toContainText("EUR");
    await expectAccessible(page);
    const reason = "Biļešu cenas pieauga; saskaņots ar direktoru";
    await overPlan.getByLabel("Pamatojums izmaksai virs plāna").fill(reason);
    await overPlan.getByRole("button", { name: "Reģistrēt ar pamatojumu" }).click();
    await expect(overPlan).toBeHidden();
    const list = page.getByRole("region", { name: "Reģistrētā norise" });
    await expect(list.getByText(`Virs plāna: ${reason}`)).toBeVisible();

    await signOut(page);

    // The psychologist's session was 50 minutes, not 45: the school coordinator corrects it with
    // a reason, and the history keeps both.
    await signInAs(page, PEOPLE.schoolCoordinator);
    await page.goto(planUrl);
    await page.getByRole("tab", { name: "Norise" }).click();
    const session = list.getByRole("row").filter({ has: page.getByRole("cell", { name: "45", exact: true }) });
    await session.getByRole("button", { name: /^Labot:/ }).click();
    const correct = page.getByRole("dialog", { name: "Labot ierakstu" });
    await correct.getByLabel("Ilgums, min").fill("50");
    await correct.getByLabel("Pamatojums").fill("Konsultācija ilga 50 minūtes");
    await expectAccessible(page);
    await correct.getByRole("button", { name: "Saglabāt labojumu" }).click();
    await expect(correct).toBeHidden();
    await expect(list.getByRole("cell", { name: "50", exact: true }).first()).toBeVisible();
    await page.getByRole("tab", { name: "Vēsture" }).click();
    await expect(page.getByText("Norise labota").first()).toBeVisible();
    await expect(page.getByText("“Konsultācija ilga 50 minūtes”")).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
  });

  test("the director raises the compensation's planned amount with a reason; the history keeps it", async ({ page }) => {
    await signInAs(page, PEOPLE.director);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");
    const measures = page.getByRole("table", { name: "Atbalsta pasākumi" });
    await measures.getByRole("button", { name: /^Mainīt apjomu: Sabiedriskā transporta/ }).click();
    const dialog = page.getByRole("dialog", { name: "Mainīt plānoto apjomu" });
    await dialog.getByLabel("Plānotā summa, EUR").fill("40");
    await expect(dialog.getByRole("button", { name: "Saglabāt izmaiņu" })).toBeDisabled();
    await dialog.getByLabel("Izmaiņas iemesls").fill("Biļešu cenas pieauga no oktobra");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Saglabāt izmaiņu" }).click();
    await expect(dialog).toBeHidden();
    await expect(measures.getByText("40,00")).toBeVisible();
    await page.getByRole("tab", { name: "Vēsture" }).click();
    await expect(page.getByText("“Biļešu cenas pieauga no oktobra”")).toBeVisible();
    await signOut(page);
  });

  test("the school coordinator evaluates the plan; the psychologist evaluates the sensitive factor", async ({ page }) => {
    await signInAs(page, PEOPLE.schoolCoordinator);
    await page.goto(planUrl);
    await page.getByRole("tab", { name: "Izvērtējums" }).click();
    const section = page.getByRole("region", { name: "Izvērtējums semestra beigās" });
    await section.getByLabel("Rezultāts").selectOption("partly_met");
    const early = section.getByLabel("Pamatojums agrākam izvērtējumam");
    if (await early.isVisible()) await early.fill("Izvērtējam kopā ar ģimeni pirms brīvdienām");
    await expectAccessible(page);
    await section.getByRole("button", { name: "Izvērtēt un noslēgt izvērtējumu" }).click();
    const confirm = page.getByRole("dialog", { name: "Saglabāt galīgo izvērtējumu?" });
    await confirm.getByRole("button", { name: "Saglabāt galīgo izvērtējumu" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Izvērtēts");
    await signOut(page);

    await signInAs(page, PEOPLE.psychologist);
    await page.goto(planUrl);
    await page.getByRole("tab", { name: "Izvērtējums" }).click();
    await page.getByLabel(/^SH02 /).selectOption("low");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Saglabāt sensitīvo faktoru līmeņus" }).click();
    await expect(page.getByText("Sensitīvo faktoru līmeņi saglabāti")).toBeVisible();
    await signOut(page);
  });

  test("the school coordinator closes the plan; its running measures end", async ({ page }) => {
    await signInAs(page, PEOPLE.schoolCoordinator);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Izvērtēts");
    await page.getByRole("button", { name: "Slēgt" }).click();
    const confirm = page.getByRole("dialog", { name: /Slēgt plānu .*\?/ });
    await expect(confirm).toContainText("paliks tikai lasāms");
    await expectAccessible(page);
    await confirm.getByRole("button", { name: "Slēgt" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Slēgts");
    await page.getByRole("tab", { name: "Plāns" }).click();
    await expect(page.getByText("Beidzies ar plānu").first()).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/empty-install-closed-plan.png`, fullPage: true });
  });
});
