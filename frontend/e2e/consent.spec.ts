import type { APIRequestContext } from "@playwright/test";
import { ACCOUNTS, SCREENSHOTS, expectAccessible, fillDate, signIn, signOut, studentWithoutPlan, token, expect, test } from "./helpers";

async function auth(request: APIRequestContext, email: string) {
  return { Authorization: `Bearer ${await token(request, email)}` };
}

const today = () =>
  new Date()
    .toLocaleDateString("lv-LV", { timeZone: "Europe/Riga", day: "2-digit", month: "2-digit", year: "numeric" })
    .replace(/\.$/, "");

// A student whose consent was withdrawn: the teacher sees what is missing before writing the plan,
// the school coordinator records consent in the web app, the teacher writes and submits the plan
// with goals left unsaved, and the director is asked before deciding.
test.describe.serial("consent, the submit checklist and confirmations", () => {
  let studentId = "";
  let planUrl = "";

  test("the teacher sees the missing consent as a checklist item on a new plan", async ({ page, request }) => {
    const student = await studentWithoutPlan(request);
    studentId = student.id;
    const headers = await auth(request, ACCOUNTS.schoolCoordinator);
    const consents = (await (await request.get(`/api/v1/students/${student.id}/consents`, { headers })).json()) as {
      id: string;
      valid: boolean;
    }[];
    for (const c of consents.filter((x) => x.valid)) {
      const r = await request.post(`/api/v1/students/${student.id}/consents/${c.id}/withdraw`, {
        headers,
        data: { reason: "Māte piekrišanu atsauca rakstiski" },
      });
      expect(r.ok()).toBeTruthy();
    }

    await signIn(page, ACCOUNTS.teacher);
    await page.goto(`/students/${student.id}`);
    const consentsSection = page.getByRole("region", { name: "Piekrišanas" });
    await expect(consentsSection.getByText("Piekrišanas nav — plānu nevar iesniegt.")).toBeVisible();
    await expect(consentsSection.getByText("Māte piekrišanu atsauca rakstiski").first()).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Izveidot plānu" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    planUrl = new URL(page.url()).pathname;

    const checklist = page.getByRole("region", { name: "Lai plānu varētu iesniegt" });
    await expect(checklist.getByText(/Derīga likumiskā pārstāvja/)).toBeVisible();
    await expect(checklist.getByRole("link", { name: "reģistrēt piekrišanu" })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/plan-checklist.png` });
    await signOut(page);
  });

  test("the school coordinator records the consent in the web app", async ({ page }) => {
    await signIn(page, ACCOUNTS.schoolCoordinator);
    await page.goto(`/students/${studentId}#consents`);
    // The legal representative who signed is added first.
    const guardians = page.getByRole("region", { name: "Likumiskie pārstāvji un kontakti" });
    await guardians.getByRole("button", { name: "Pievienot pārstāvi vai kontaktpersonu" }).click();
    const add = page.getByRole("dialog", { name: "Pievienot pārstāvi vai kontaktpersonu" });
    await add.getByLabel("Vārds, uzvārds").fill("Inese Paraudziņa");
    await add.getByLabel("Saistība").selectOption("mother");
    await add.getByLabel("Tālrunis").fill("+371 20000099");
    await expectAccessible(page);
    await add.getByRole("button", { name: "Saglabāt" }).click();
    await expect(add).toBeHidden();
    await expect(guardians.getByText(/Inese Paraudziņa/)).toBeVisible();

    const consentsSection = page.getByRole("region", { name: "Piekrišanas" });
    await consentsSection.getByRole("button", { name: "Reģistrēt piekrišanu" }).click();
    const dialog = page.getByRole("dialog", { name: "Reģistrēt piekrišanu" });
    await dialog.getByLabel("Parakstīja").selectOption({ label: "Inese Paraudziņa (māte)" });
    await fillDate(page, "Parakstīšanas datums", today(), dialog);
    await dialog.getByLabel("Dokumenta numurs vai atsauce").fill("PIET-E2E-1");
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Reģistrēt" }).click();
    await expect(dialog).toBeHidden();
    await expect(consentsSection.getByText("Derīga")).toBeVisible();
    await expect(consentsSection.getByText(/PIET-E2E-1 .*Inese Paraudziņa/)).toBeVisible();
    await expect(consentsSection.getByText("Piekrišanas nav — plānu nevar iesniegt.")).toBeHidden();
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/consent-student.png`, fullPage: true });
    await signOut(page);
  });

  test("the teacher writes the plan; submit saves the unsaved goals first", async ({ page }) => {
    await signIn(page, ACCOUNTS.teacher);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    const checklist = page.getByRole("region", { name: "Lai plānu varētu iesniegt" });
    await expect(checklist.getByRole("link", { name: "reģistrēt piekrišanu" })).toBeHidden();

    await page.getByLabel("LS01 Zemi mācību sasniegumi, nepietiekami vērtējumi: Līmenis").selectOption("high");
    await page.getByRole("button", { name: "Saglabāt risku izvērtējumu" }).click();
    await expect(page.getByRole("region", { name: "Risku izvērtējums" }).getByText("Saglabāts")).toBeVisible();
    await page.getByRole("button", { name: "Pievienot pasākumu" }).click();
    const measure = page.getByRole("dialog");
    await measure.getByLabel("Pasākuma veids").selectOption({ label: "Pedagoga konsultācija mācību priekšmetā" });
    await measure.getByLabel("Mācību priekšmets").fill("Matemātika");
    await measure.getByLabel(/Plānotais daudzums/).fill("8");
    await measure.getByRole("checkbox", { name: /LS01/ }).check();
    await fillDate(page, "Sākums", today(), measure);
    await fillDate(page, "Beigas", today(), measure);
    await measure.getByRole("button", { name: "Pievienot" }).click();
    await expect(measure).toBeHidden();

    // Goals typed, not saved.
    const goals = "Uzlabot sekmes matemātikā; apmeklēt konsultācijas katru nedēļu.";
    await page.getByRole("textbox", { name: "Mērķi" }).fill(goals);

    // Leaving the page asks first.
    await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
    const leave = page.getByRole("dialog", { name: "Pamest lapu bez saglabāšanas?" });
    await expect(leave.getByText(/Mērķi/)).toBeVisible();
    await expectAccessible(page);
    await leave.getByRole("button", { name: "Atcelt" }).click();
    await expect(page.getByRole("textbox", { name: "Mērķi" })).toHaveValue(goals);

    // Deleting the draft asks first, naming what goes.
    await page.getByRole("button", { name: "Dzēst" }).click();
    const del = page.getByRole("dialog", { name: /Dzēst plāna .* melnrakstu\?/ });
    await expect(del.getByText(/tiks neatgriezeniski dzēsts/)).toBeVisible();
    await expectAccessible(page);
    await del.getByRole("button", { name: "Atcelt" }).click();
    await expect(del).toBeHidden();

    await page.getByRole("button", { name: "Iesniegt apstiprināšanai" }).click();
    const submit = page.getByRole("dialog", { name: /Iesniegt plānu .* apstiprināšanai\?/ });
    await expect(submit.getByText("Nesaglabātās izmaiņas (Mērķi) vispirms tiks saglabātas.")).toBeVisible();
    await expect(submit.getByText("Aizpildīti plāna mērķi")).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/submit-dialog.png` });
    await submit.getByRole("button", { name: "Saglabāt un iesniegt" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");
    await expect(page.getByRole("region", { name: "Mērķi" }).getByText(goals)).toBeVisible();
    await page.reload();
    await expect(page.getByRole("region", { name: "Mērķi" }).getByText(goals)).toBeVisible();
    await signOut(page);
  });

  test("the director is asked before approving and before returning", async ({ page }) => {
    await signIn(page, ACCOUNTS.director);
    await page.goto(planUrl);
    await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");
    const decision = page.getByRole("region", { name: "Lēmums" });
    await decision.getByRole("button", { name: "Apstiprināt" }).click();
    const approve = page.getByRole("dialog", { name: /Apstiprināt plānu/ });
    await expect(approve.getByText(/pāries nākamajā apstiprināšanas solī/)).toBeVisible();
    await expectAccessible(page);
    await approve.getByRole("button", { name: "Atcelt" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Iesniegts");

    await decision.getByLabel("Komentārs").fill("Lūdzu, precizējiet pasākumu biežumu.");
    await decision.getByRole("button", { name: "Atgriezt labošanai" }).click();
    const ret = page.getByRole("dialog", { name: /Atgriezt plānu .* labošanai\?/ });
    await expect(ret.getByText(/Lūdzu, precizējiet pasākumu biežumu\./)).toBeVisible();
    await expectAccessible(page);
    await ret.getByRole("button", { name: "Atgriezt labošanai" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Atgriezts labošanai");
  });
});

test("the printed plan shows the class, birth date, legal representative, the director's approval and the evaluation", async ({
  page,
  request,
}) => {
  const headers = await auth(request, ACCOUNTS.director);
  const closed = (await (await request.get("/api/v1/plans?status=closed&limit=50", { headers })).json()) as {
    items: { id: string; student_id: string }[];
  };
  const evaluated = closed.items.length
    ? closed.items
    : ((await (await request.get("/api/v1/plans?status=evaluated&limit=50", { headers })).json()) as typeof closed).items;
  expect(evaluated.length).toBeGreaterThan(0);
  const plan = evaluated[0]!;
  const student = (await (await request.get(`/api/v1/students/${plan.student_id}`, { headers })).json()) as {
    class_label: string;
    date_of_birth: string;
  };
  const [y, m, d] = student.date_of_birth.split("-");
  const guardians = (await (await request.get(`/api/v1/students/${plan.student_id}/guardians`, { headers })).json()) as {
    full_name: string;
    is_legal_representative: boolean;
  }[];

  await signIn(page, ACCOUNTS.director);
  await page.goto(`/plans/${plan.id}/print`);
  await expect(page.getByRole("heading", { name: "Individuālais atbalsta plāns" })).toBeVisible();
  const facts = page.locator("dl").first();
  await expect(facts.getByText(student.class_label, { exact: true })).toBeVisible();
  await expect(facts.getByText(`${d}.${m}.${y}`)).toBeVisible();
  const representative = guardians.find((g) => g.is_legal_representative);
  if (representative) await expect(facts.getByText(representative.full_name)).toBeVisible();
  await expect(page.getByTestId("director-approval")).toContainText("Apstiprināja");
  await expect(page.getByRole("heading", { name: "Izvērtējums semestra beigās" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}/print.png`, fullPage: true });
  await page.emulateMedia({ media: "print" });
  await expect(page.getByText("Iestādes vadītājs · Datums")).toBeVisible();
});

test("on a phone the plan header is compact and not in the way", async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const headers = await auth(request, ACCOUNTS.teacher);
  const plans = (await (await request.get("/api/v1/plans?limit=20", { headers })).json()) as { items: { id: string }[] };
  await signIn(page, ACCOUNTS.teacher);
  await page.goto(`/plans/${plans.items[0]!.id}`);
  const header = page.getByTestId("plan-header");
  await expect(header).toBeVisible();
  const box = await header.boundingBox();
  expect(box!.height).toBeLessThanOrEqual(120);
  await expect(header).toHaveCSS("position", "static");
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}/plan-phone.png` });
});
