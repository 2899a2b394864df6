import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ACCOUNTS, expectAccessible, signIn, token } from "./helpers";

// The demo has plans waiting at every step in Viesītes vidusskola (municipality A), Valmieras
// Viestura vidusskola (municipality B) and Valmieras tehnikums (a state vocational school, whose
// plans go from its director straight to IKVD). What each approver should see is worked out here
// from the plans' statuses and schools; the inbox itself comes from the API's own rule.
const STATE_SCHOOL = "Valmieras tehnikums";

interface Summary {
  code: string;
  status: string;
  institution_name: string;
}

async function plansIn(request: APIRequestContext, email: string, status: string): Promise<Summary[]> {
  const headers = { Authorization: `Bearer ${await token(request, email)}` };
  const response = await request.get(`/api/v1/plans?status=${status}&limit=200`, { headers });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { items: Summary[] }).items;
}

const codes = (plans: Summary[]) => plans.map((p) => p.code).sort();

async function openInbox(page: Page) {
  await page.getByRole("navigation").getByRole("link", { name: "Apstiprināšana" }).click();
  await expect(page.getByRole("heading", { name: "Apstiprināšana" })).toBeVisible();
  const inbox = page.getByRole("table", { name: "Apstiprināšana" });
  await expect(inbox).toBeVisible();
  return inbox;
}

async function shownCodes(inbox: ReturnType<Page["getByRole"]>): Promise<string[]> {
  return (await inbox.getByRole("link").allTextContents()).sort();
}

test("the director's inbox holds the school's submitted plans", async ({ page, request }) => {
  const expected = codes(await plansIn(request, ACCOUNTS.director, "submitted"));
  expect(expected.length).toBeGreaterThan(0);

  await signIn(page, ACCOUNTS.director);
  const inbox = await openInbox(page);
  await expect(inbox.getByRole("link")).toHaveCount(expected.length);
  expect(await shownCodes(inbox)).toEqual(expected);
  await expect(inbox.getByText("Iesniegts")).toHaveCount(expected.length);
  await expectAccessible(page);
});

test("the municipal coordinator's inbox holds the plans its schools approved", async ({ page, request }) => {
  const approvedBySchools = await plansIn(request, ACCOUNTS.municipal, "approved_school");
  const expected = codes(approvedBySchools);
  expect(expected.length).toBeGreaterThan(0);
  expect(approvedBySchools.map((p) => p.institution_name)).not.toContain(STATE_SCHOOL);

  await signIn(page, ACCOUNTS.municipal);
  const inbox = await openInbox(page);
  await expect(inbox.getByRole("link")).toHaveCount(expected.length);
  expect(await shownCodes(inbox)).toEqual(expected);
  await expect(inbox.getByRole("cell", { name: "Viesītes vidusskola" }).first()).toBeVisible();
  await expectAccessible(page);
});

test("IKVD's inbox holds the municipalities' approvals and the state school's, filterable by institution", async ({
  page,
  request,
}) => {
  const afterMunicipality = await plansIn(request, ACCOUNTS.ikvd, "approved_municipality");
  const afterSchool = await plansIn(request, ACCOUNTS.ikvd, "approved_school");
  const stateSchool = afterSchool.filter((p) => p.institution_name === STATE_SCHOOL);
  // Plans of municipal schools approved only by their school still wait for the municipality.
  expect(afterSchool.length).toBeGreaterThan(stateSchool.length);
  expect(stateSchool.length).toBeGreaterThan(0);
  const expected = codes([...afterMunicipality, ...stateSchool]);

  await signIn(page, ACCOUNTS.ikvd);
  const inbox = await openInbox(page);
  await expect(inbox.getByRole("link")).toHaveCount(expected.length);
  expect(await shownCodes(inbox)).toEqual(expected);
  await expect(inbox.getByRole("cell", { name: STATE_SCHOOL })).toHaveCount(stateSchool.length);
  await expectAccessible(page);

  await page.getByLabel("Iestāde").fill("tehnikums");
  await page.getByRole("option", { name: STATE_SCHOOL }).click();
  await expect(inbox.getByRole("link")).toHaveCount(stateSchool.length);
  expect(await shownCodes(inbox)).toEqual(codes(stateSchool));
  await expectAccessible(page);
});
