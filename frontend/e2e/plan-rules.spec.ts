import type { APIRequestContext } from "@playwright/test";
import { ACCOUNTS, SCREENSHOTS, expectAccessible, fillDate, signIn, token, expect, test } from "./helpers";

// Money and dates are checked on the server; corrections leave a trail. On the demo's plans.

interface Measure {
  id: string;
  category: string;
  status: string;
  responsible_user_id: string | null;
  starts_on: string | null;
  planned_quantity: number | null;
}
interface Plan {
  id: string;
  semester_starts_on: string;
  measures: Measure[];
}

/** dd.mm.gggg of an ISO date. */
const latvian = (iso: string) => iso.split("-").reverse().join(".");
const today = () =>
  new Date()
    .toLocaleDateString("lv-LV", { timeZone: "Europe/Riga", day: "2-digit", month: "2-digit", year: "numeric" })
    .replace(/\.$/, "");

/** A plan of ``email`` in ``status`` with a measure of each category asked for, through the API. */
async function planOf(request: APIRequestContext, email: string, status: string, categories: string[]): Promise<Plan> {
  const headers = { Authorization: `Bearer ${await token(request, email)}` };
  const me = (await (await request.get("/api/v1/auth/me", { headers })).json()) as { user: { id: string } };
  const list = (await (
    await request.get(`/api/v1/plans?status=${status}&author_id=${me.user.id}&limit=50`, { headers })
  ).json()) as { items: { id: string }[] };
  for (const item of list.items) {
    const plan = (await (await request.get(`/api/v1/plans/${item.id}`, { headers })).json()) as Plan;
    const open = plan.measures.filter((m) => m.status !== "cancelled");
    if (categories.every((c) => open.some((m) => m.category === c))) return plan;
  }
  throw new Error(`No ${status} plan of ${email} with ${categories.join(", ")}`);
}

test.describe.serial("plan rules on the server, corrections with a trail", () => {
  test("on an active plan: a delivery out of range, a payment over the plan, a correction", async ({ page, request }) => {
    const plan = await planOf(request, ACCOUNTS.teacher, "active", ["consultation", "compensation"]);
    const consultation = plan.measures.find((m) => m.category === "consultation" && m.status !== "cancelled")!;
    const compensation = plan.measures.find((m) => m.category === "compensation" && m.status !== "cancelled")!;
    await signIn(page, ACCOUNTS.teacher);
    await page.goto(`/plans/${plan.id}`);
    await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");
    await page.getByRole("tab", { name: "Norise" }).click();
    const entry = page.getByRole("region", { name: "Norises reģistrēšana" });
    // "Datums" alone: the confirmation's date field is named "Apstiprināts (datums)".
    const dayField = entry.getByRole("group", { name: "Datums", exact: true }).locator("xpath=..");

    // A session on the semester's first day, before the measure started: refused by the server.
    await entry.getByLabel("Pasākums").selectOption(consultation.id);
    await fillDate(page, "Datums", latvian(plan.semester_starts_on), dayField);
    await entry.getByLabel("Ilgums, min").fill("45");
    await entry.getByRole("button", { name: "Reģistrēt" }).click();
    await expect(entry.getByRole("alert")).toContainText(`Pasākums sākas ${latvian(consultation.starts_on!)}: ne agrāk`);
    await expectAccessible(page);

    // A payment over the measure's planned amount: refused, then logged with a reason.
    await entry.getByLabel("Pasākums").selectOption(compensation.id);
    await fillDate(page, "Datums", today(), dayField);
    await entry.getByLabel("Summa, EUR").fill("60");
    await entry.getByLabel("Attaisnojuma dokuments").fill("Biļešu čeks 4711");
    await entry.getByRole("button", { name: "Reģistrēt" }).click();
    const overPlan = page.getByRole("dialog", { name: "Izmaksa pārsniedz plānoto summu" });
    await expect(overPlan).toBeVisible();
    await expect(overPlan).toContainText("EUR");
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/over-plan.png` });
    const reason = "Ceļa izmaksas pieauga, saskaņots ar direktoru";
    await overPlan.getByLabel("Pamatojums izmaksai virs plāna").fill(reason);
    await overPlan.getByRole("button", { name: "Reģistrēt ar pamatojumu" }).click();
    await expect(overPlan).toBeHidden();
    await expect(entry.getByText("Norise reģistrēta")).toBeVisible();
    const list = page.getByRole("region", { name: "Reģistrētā norise" });
    await expect(list.getByText(`Virs plāna: ${reason}`)).toBeVisible();
    await expect(list.getByRole("cell", { name: "Biļešu čeks 4711" })).toBeVisible();
    await page.getByRole("tab", { name: "Plāns" }).click();
    await expect(page.getByText(/Virs plāna: .*\(1 ar pamatojumu\)/)).toBeVisible();
    await expectAccessible(page);

    // A session corrected with a reason: the history keeps the old and the new value.
    await page.getByRole("tab", { name: "Norise" }).click();
    await list.getByRole("button", { name: /^Labot:/ }).first().click();
    const correct = page.getByRole("dialog", { name: "Labot ierakstu" });
    await correct.getByLabel("Ilgums, min").fill("50");
    await correct.getByLabel("Pamatojums").fill("Konsultācija ilga 50 minūtes");
    await expectAccessible(page);
    await correct.getByRole("button", { name: "Saglabāt labojumu" }).click();
    await expect(correct).toBeHidden();
    await expect(list.getByText(/^Labots /).first()).toBeVisible();
    await expect(list.getByRole("cell", { name: "50", exact: true }).first()).toBeVisible();
    await page.getByRole("tab", { name: "Vēsture" }).click();
    await expect(page.getByText("Norise labota").first()).toBeVisible();
    await expect(page.getByText(/Ilgums, min: \d+ → 50/).first()).toBeVisible();
    await expect(page.getByText("“Konsultācija ilga 50 minūtes”")).toBeVisible();
    await expectAccessible(page);
  });

  test("on a draft: a measure edited", async ({ page, request }) => {
    const plan = await planOf(request, ACCOUNTS.psychologist, "draft", ["consultation"]);
    const measure = plan.measures.find((m) => m.category === "consultation" && m.status !== "cancelled")!;
    await signIn(page, ACCOUNTS.psychologist);
    await page.goto(`/plans/${plan.id}`);
    await expect(page.getByTestId("plan-status")).toHaveText("Melnraksts");
    await page.getByRole("button", { name: /^Labot: Pedagoga konsultācija/ }).first().click();
    const dialog = page.getByRole("dialog", { name: "Labot pasākumu" });
    await expect(dialog.getByLabel(/Plānotais daudzums/)).toHaveValue(String(measure.planned_quantity));
    await dialog.getByLabel(/Plānotais daudzums/).fill("14");
    await dialog.getByLabel("Plānotās stundas").fill("7");
    await expectAccessible(page);
    await page.screenshot({ path: `${SCREENSHOTS}/measure-edit.png` });
    await dialog.getByRole("button", { name: "Saglabāt" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("cell", { name: /^14 .* · 7 h/ }).first()).toBeVisible();
    // Cancelling asks first, naming what happens.
    await page.getByRole("button", { name: /^Atcelt pasākumu: Pedagoga konsultācija/ }).first().click();
    const confirm = page.getByRole("dialog", { name: "Atcelt pasākumu?" });
    await expect(confirm).toContainText("Atcelšanu nevar atsaukt");
    await expectAccessible(page);
    await confirm.getByRole("button", { name: "Atcelt", exact: true }).click();
    await expect(confirm).toBeHidden();
    await page.getByRole("tab", { name: "Vēsture" }).click();
    await expect(page.getByText("Pasākums mainīts").first()).toBeVisible();
  });

  test("the evaluation asks before it is final, and for a reason when early", async ({ page, request }) => {
    const headers = { Authorization: `Bearer ${await token(request, ACCOUNTS.schoolCoordinator)}` };
    const list = (await (await request.get("/api/v1/plans?status=active&limit=50", { headers })).json()) as {
      items: { id: string }[];
    };
    const plan = list.items[list.items.length - 1]!;
    await signIn(page, ACCOUNTS.schoolCoordinator);
    await page.goto(`/plans/${plan.id}`);
    await expect(page.getByTestId("plan-status")).toHaveText("Aktīvs");
    await page.getByRole("tab", { name: "Izvērtējums" }).click();
    const section = page.getByRole("region", { name: "Izvērtējums semestra beigās" });
    await section.getByLabel("Rezultāts").selectOption("partly_met");
    const early = section.getByLabel("Pamatojums agrākam izvērtējumam");
    // Before the window of the semester's last weeks opens, the reason is asked.
    if (await early.isVisible()) await early.fill("Skolēns pāriet uz citu skolu");
    await section.getByRole("button", { name: "Izvērtēt un noslēgt izvērtējumu" }).click();
    const confirm = page.getByRole("dialog", { name: "Saglabāt galīgo izvērtējumu?" });
    await expect(confirm).toContainText("Izvērtējums ir galīgs");
    await expectAccessible(page);
    await confirm.getByRole("button", { name: "Saglabāt galīgo izvērtējumu" }).click();
    await expect(page.getByTestId("plan-status")).toHaveText("Izvērtēts");
    await expect(section.getByText("Kopējais līmenis pēc izvērtējuma")).toBeVisible();
    await expectAccessible(page);
  });
});
