import { ACCOUNTS, expectAccessible, signIn, token, expect, test } from "./helpers";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
const EXECUTABLE = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);

test("documents on a plan: attached by content, downloaded, a renamed executable refused, removal kept", async ({ page, request }) => {
  const headers = { Authorization: `Bearer ${await token(request, ACCOUNTS.teacher)}` };
  const plans = (await (await request.get("/api/v1/plans?limit=100", { headers })).json()) as {
    items: { id: string; code: string; status: string }[];
  };
  const plan = plans.items.find((p) => p.status === "active") ?? plans.items[0];
  if (!plan) throw new Error("The demo teacher's school has no plan");

  await signIn(page, ACCOUNTS.teacher);
  await page.goto(`/plans/${plan.id}?tab=documents`);
  const section = page.getByRole("region", { name: "Dokumenti" });
  await expect(section).toBeVisible();

  await section.getByLabel("Fails").setInputFiles({ name: "parakstits-plans.pdf", mimeType: "application/pdf", buffer: PDF });
  await section.getByLabel("Dokumenta veids").click();
  await page.getByRole("option", { name: "Parakstīts plāns" }).click();
  await section.getByRole("button", { name: "Augšupielādēt" }).click();
  await expect(section.getByText("Dokuments pievienots")).toBeVisible();
  const row = section.getByRole("row", { name: /parakstits-plans\.pdf/ });
  await expect(row).toBeVisible();
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await row.getByRole("button", { name: /Lejupielādēt/ }).click();
  expect((await download).suggestedFilename()).toBe("parakstits-plans.pdf");

  // The name says PDF, the content says otherwise: refused.
  await section.getByLabel("Fails").setInputFiles({ name: "kvits.pdf", mimeType: "application/pdf", buffer: EXECUTABLE });
  await section.getByRole("button", { name: "Augšupielādēt" }).click();
  await expect(section.getByRole("alert")).toContainText("Fails netika pieņemts");
  await expect(section.getByRole("row", { name: /kvits/ })).toHaveCount(0);

  await row.getByRole("button", { name: /Dzēst/ }).click();
  await expect(row).toContainText("Dzēsts");
  await expect(row.getByRole("button", { name: /Lejupielādēt/ })).toHaveCount(0);

  // Deliveries show their evidence reference.
  await page.getByRole("tab", { name: "Norise" }).click();
  await expect(page.getByRole("columnheader", { name: "Attaisnojuma dokuments" }).first()).toBeVisible();
});
