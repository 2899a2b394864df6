import { ACCOUNTS, SCREENSHOTS, expectAccessible, fillDate, signIn, signOut, studentWithoutPlan, expect, test } from "./helpers";

// One plan through its life: written by a teacher, approved by the director, the municipality and
// IKVD (each in their own login), then a session logged on it.
test.describe.serial("a support plan from draft to a logged session", () => {
  let planUrl = "";

  test("the teacher finds a student, writes a plan and submits it", async ({ page, request }) => {
    const student = await studentWithoutPlan(request);
    await signIn(page, ACCOUNTS.teacher);

    await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
    await expect(page.getByRole("heading", { name: "Izglītojamie" })).toBeVisible();
    await expect(page.getByRole("cell").first()).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/students.png` });
    await page.getByLabel("Meklēt pēc vārda vai personas koda").fill(student.family_name);
    const link = page.getByRole("link", { name: `${student.family_name} ${student.given_name}` });
    await expect(link).toBeVisible();
    await expectAccessible(page);
    await link.click();

    await expect(page.getByRole("heading", { name: `${student.given_name} ${student.family_name}` })).toBeVisible();
    await expect(page.getByText("Derīga").first()).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Izveidot plānu" }).click();

    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    planUrl = new URL(page.url()).pathname;

    await page.getByRole("textbox", { name: "Mērķi" }).fill("Uzlabot sekmes matemātikā un apmeklējumu.");
    const today = new Date().toLocaleDateString("lv-LV", { timeZone: "Europe/Riga", day: "2-digit", month: "2-digit", year: "numeric" });
    await fillDate(page, "Izglītojamais iepazinies (datums)", today.replace(/\.$/, ""));
    await page.getByRole("button", { name: "Saglabāt mērķus" }).click();
    await expect(page.getByRole("region", { name: "Mērķi" }).getByText("Saglabāts")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("group", { name: "Izglītojamais iepazinies (datums)" }).locator("input")).toHaveValue(
      today.replace(/\.$/, ""),
    );

    await page.getByLabel("LS01 Zemi mācību sasniegumi, nepietiekami vērtējumi: Līmenis").selectOption("high");
    await page.getByLabel("LS01 Zemi mācību sasniegumi, nepietiekami vērtējumi: Piezīme").fill("Matemātika: 3 balles");
    await page.getByLabel("LS04 Neattaisnoti kavējumi: Līmenis").selectOption("medium");
    await page.getByRole("button", { name: "Saglabāt risku izvērtējumu" }).click();
    await expect(page.getByRole("region", { name: "Risku izvērtējums" }).getByText("Saglabāts")).toBeVisible();
    await expect(page.getByText("Novērtēti faktori: 2")).toBeVisible();

    await page.getByRole("button", { name: "Pievienot pasākumu" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Pasākuma veids").selectOption({ label: "Pedagoga konsultācija mācību priekšmetā" });
    await dialog.getByLabel("Mācību priekšmets").fill("Matemātika");
    await dialog.getByLabel(/Plānotais daudzums/).fill("8");
    await dialog.getByRole("checkbox", { name: /LS01/ }).check();
    // A measure runs on dates inside the plan's semester (today is inside it).
    await fillDate(page, "Sākums", today.replace(/\.$/, ""), dialog);
    await fillDate(page, "Beigas", today.replace(/\.$/, ""), dialog);
    await dialog.getByRole("button", { name: "Pievienot" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("cell", { name: "Pedagoga konsultācija mācību priekšmetā (Matemātika)", exact: true })).toBeVisible();

    await expectAccessible(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/plan-editor.png` });

    await page.getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
    const submit = page.getByRole("dialog", { name: /Iesniegt plānu .* apstiprināšanai\?/ });
    await submit.getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");
    await expect(page.getByRole("button", { name: "Iesniegt apstiprināšanai" })).toBeHidden();
    await signOut(page);
  });

  for (const [account, before, after] of [
    [ACCOUNTS.director, "Iesniegts", "Apstiprināts iestādē"],
    [ACCOUNTS.municipal, "Apstiprināts iestādē", "Apstiprināts pašvaldībā"],
    [ACCOUNTS.ikvd, "Apstiprināts pašvaldībā", "Aktīvs"],
  ] as const) {
    test(`${account} approves the plan`, async ({ page }) => {
      await signIn(page, account);
      await page.getByRole("navigation").getByRole("link", { name: "Apstiprināšana" }).click();
      await expect(page.getByRole("heading", { name: "Apstiprināšana" })).toBeVisible();
      const link = page.locator(`a[href="${planUrl}"]`);
      await expect(link).toBeVisible();
      if (account === ACCOUNTS.director) {
        await expectAccessible(page);
        await page.screenshot({ path: `${SCREENSHOTS}/approvals.png` });
      }
      await link.click();
      await expect(page.getByTestId("plan-status")).toHaveText(before);
      const decision = page.getByRole("region", { name: "Lēmums" });
      await expect(decision).toBeVisible();
      if (account === ACCOUNTS.director) await expectAccessible(page);
      await decision.getByLabel("Komentārs").fill("Atbalstu.");
      await decision.getByRole("button", { name: "Apstiprināt" }).click();
      await page.getByRole("dialog", { name: /Apstiprināt plānu/ }).getByRole("button", { name: "Apstiprināt" }).click();
      await expect(page.getByTestId("plan-status")).toHaveText(after);
      await signOut(page);
    });
  }

  test("the teacher logs a session on the active plan", async ({ page }) => {
    await signIn(page, ACCOUNTS.teacher);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");
    await page.getByRole("button", { name: "Reģistrēt norisi" }).click();
    const entry = page.getByRole("region", { name: "Norises reģistrēšana" });
    await entry.getByLabel("Ilgums, min").fill("45");
    await entry.getByRole("button", { name: "Reģistrēt" }).click();
    await expect(entry.getByText("Norise reģistrēta")).toBeVisible();
    await expectAccessible(page);
    await expect(page.getByRole("region", { name: "Reģistrētā norise" }).getByRole("cell", { name: "45" })).toBeVisible();

    await page.getByRole("tab", { name: "Vēsture" }).click();
    await expect(page.getByText("Reģistrēta norise").first()).toBeVisible();
    await expectAccessible(page);

    // The printable plan: on paper only the document, with its signature lines.
    await page.getByRole("link", { name: "Drukāt plānu" }).click();
    await expect(page.getByRole("heading", { name: "Individuālais atbalsta plāns" })).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("navigation")).toBeHidden();
    await expect(page.getByRole("button", { name: "Drukāt" })).toBeHidden();
    await expect(page.getByText("Likumiskais pārstāvis · Datums")).toBeVisible();
  });

  test("a teacher of another school typing the plan's address sees 'not found'", async ({ page }) => {
    await signIn(page, ACCOUNTS.otherTeacher);
    await page.goto(planUrl);
    await expect(page.getByRole("heading", { name: "Lapa nav atrasta" })).toBeVisible();
  });
});
