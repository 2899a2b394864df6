import { expect, test } from "@playwright/test";
import { ACCOUNTS, expectAccessible, signIn } from "./helpers";

const CLIENT_NAME = "Jēkabpils novada IT (demo)"; // the demo client demo-municipal-it (municipality A)
const OTHER_MUNICIPALITY = "koordinators2@demo.pumpurs.lv";
// Nothing listens there: every delivery fails and is logged with its error.
const HOOK_URL = "http://127.0.0.1:9/pumpurs-hook";

test("the municipal coordinator sees a client's webhook, pauses, resumes and replays it", async ({ page, request }) => {
  test.slow(); // accessibility scans of the page and the dialog
  const auth = await request.post("/api/v1/auth/token", {
    form: { grant_type: "client_credentials", client_id: "demo-municipal-it", client_secret: "pumpurs-demo-secret" },
  });
  expect(auth.ok()).toBeTruthy();
  const { access_token } = (await auth.json()) as { access_token: string };
  const subscribed = await request.post("/api/v1/webhooks", {
    headers: { Authorization: `Bearer ${access_token}` },
    data: { url: HOOK_URL, event_types: ["plan.*"] },
  });
  expect(subscribed.status()).toBe(201);

  await signIn(page, ACCOUNTS.municipal);
  await page.getByRole("navigation").getByRole("link", { name: "API klienti" }).click();
  await page.getByRole("link", { name: `Klienta ${CLIENT_NAME} webhooki` }).click();
  await expect(page.getByRole("heading", { name: `Webhooki: ${CLIENT_NAME}` })).toBeVisible();
  const subscription = page.getByRole("region", { name: HOOK_URL });
  await expect(subscription.getByText("Piegādā", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await subscription.getByRole("button", { name: "Apturēt" }).click();
  await expect(subscription.getByText("Apturēts", { exact: true })).toBeVisible();
  await subscription.getByRole("button", { name: "Atsākt" }).click();
  await expect(subscription.getByText("Piegādā", { exact: true })).toBeVisible();

  await subscription.getByRole("button", { name: "Atkārtot piegādi" }).click();
  const dialog = page.getByRole("dialog", { name: "Atkārtot notikumu piegādi" });
  await dialog.getByLabel("No notikuma numura").fill("nulle");
  await dialog.getByRole("button", { name: "Atkārtot" }).click();
  await expect(dialog.getByText("Ievadiet veselu skaitli")).toBeVisible();
  await dialog.getByLabel("No notikuma numura").fill("1");
  await page.waitForFunction(() => document.getAnimations().length === 0);
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Atkārtot" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(/Atkārtotai piegādei rindā nolikti notikumi: [1-9]/)).toBeVisible();

  // The log shows the queued events at once (the page reloads it after the replay); the worker tries
  // them and fails (nobody listens), and a reload shows their error.
  const log = subscription.getByRole("table", { name: "Piegāžu žurnāls" });
  await expect(log.getByRole("row").nth(1)).toContainText("Gaida");
  await expect(async () => {
    await page.reload();
    await expect(log).toContainText("ConnectError", { timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await expectAccessible(page);

  // Another municipality's coordinator does not find the client at all.
  const url = page.url();
  await page.getByRole("button", { name: "Iziet" }).click();
  await signIn(page, OTHER_MUNICIPALITY);
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Lapa nav atrasta" })).toBeVisible();
});
