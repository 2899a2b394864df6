import { type APIRequestContext } from "@playwright/test";
import { ACCOUNTS, expectAccessible, signIn, signOut, token, expect, test } from "./helpers";

interface PlanSummary {
  id: string;
  code: string;
  status: string;
}

/**
 * A plan of the psychologist's school (A1) that still takes notes and that the municipal coordinator
 * may open too. Chosen through the API so the flow does not depend on the demo data's order.
 */
async function sharedOpenPlan(request: APIRequestContext): Promise<PlanSummary> {
  const specialist = { Authorization: `Bearer ${await token(request, ACCOUNTS.psychologist)}` };
  const municipal = { Authorization: `Bearer ${await token(request, ACCOUNTS.municipal)}` };
  const plans = (await (await request.get("/api/v1/plans?limit=200", { headers: specialist })).json()) as {
    items: PlanSummary[];
  };
  for (const plan of plans.items) {
    if (plan.status === "closed") continue;
    if ((await request.get(`/api/v1/plans/${plan.id}`, { headers: municipal })).ok()) return plan;
  }
  throw new Error("No open plan of A1 that the municipality sees in the demo data");
}

test("a restricted note of the psychologist stays hidden from the municipal coordinator", async ({ page, request }) => {
  const plan = await sharedOpenPlan(request);
  const text = `Saruna ar ģimeni par situāciju mājās (${Date.now()}).`;

  await signIn(page, ACCOUNTS.psychologist);
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole("tab", { name: "Piezīmes" }).click();
  const notes = page.getByRole("region", { name: "Piezīmes" });
  await notes.getByRole("textbox", { name: "Piezīme" }).fill(text);
  await notes.getByRole("checkbox", { name: "Ierobežotas piekļuves piezīme" }).check();
  await notes.getByRole("button", { name: "Pievienot piezīmi" }).click();
  await expect(notes.getByText("Piezīme pievienota.")).toBeVisible();
  const note = notes.getByTestId("plan-note").filter({ hasText: text });
  await expect(note).toBeVisible();
  await expect(note.getByText("Ierobežota piekļuve")).toBeVisible();
  await expect(note.getByText(/^\d{2}\.\d{2}\.\d{4}\.? \d{2}:\d{2}$/)).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, ACCOUNTS.municipal);
  await page.goto(`/plans/${plan.id}?tab=notes`);
  await expect(page.getByTestId("plan-status")).toBeVisible();
  const seen = page.getByRole("region", { name: "Piezīmes" });
  await expect(seen.getByText("Piezīmju vēl nav.").or(seen.getByTestId("plan-note").first())).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);
  await expect(seen.getByRole("button", { name: "Pievienot piezīmi" })).toHaveCount(0);
  await expectAccessible(page);
});
