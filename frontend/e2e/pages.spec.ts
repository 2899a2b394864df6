import { ACCOUNTS, expectAccessible, signIn, token, expect, test } from "./helpers";

// Every role's pages open without errors and pass the accessibility check.
test("IKVD: national totals, plans, users and catalogues", async ({ page }) => {
  await signIn(page, ACCOUNTS.ikvd);
  await expect(page.getByRole("region", { name: "Plāni valstī pēc statusa" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Gaida jūsu apstiprinājumu" })).toBeVisible();
  await expectAccessible(page);

  const nav = page.getByRole("navigation");
  await nav.getByRole("link", { name: "Atbalsta plāni" }).click();
  await expect(page.getByRole("heading", { name: "Atbalsta plāni" })).toBeVisible();
  await expect(page.getByRole("cell").first()).toBeVisible();
  await expectAccessible(page);

  await nav.getByRole("link", { name: "Lietotāji" }).click();
  await expect(page.getByRole("heading", { name: "Lietotāji un lomas" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "skolotajs@demo.pumpurs.lv" })).toBeVisible();
  await expectAccessible(page);

  await nav.getByRole("link", { name: "Klasifikatori" }).click();
  await expect(page.getByRole("heading", { name: "Klasifikatori" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "LS01", exact: true })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("a table whose page is still loading says so, by name, outside the table's rows", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  // Hold the students' next page until the check has looked at the page mid-load.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/v1/students?*", async (route) => {
    if (new URL(route.request().url()).searchParams.get("q")) await held;
    await route.continue();
  });
  await page.getByRole("navigation").getByRole("link", { name: "Izglītojamie" }).click();
  await expect(page.getByRole("cell").first()).toBeVisible();
  await page.getByLabel("Meklēt pēc vārda vai personas koda").fill("Bērziņ");
  const bar = page.getByRole("progressbar", { name: "Ielādē…" });
  await expect(bar).toBeVisible();
  await expectAccessible(page, { whileLoading: true });
  release();
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Izglītojamie" }).getByRole("cell").first()).toBeVisible();
});

test("municipal coordinator: approvals and coverage by institution", async ({ page }) => {
  await signIn(page, ACCOUNTS.municipal);
  const coverage = page.getByRole("region", { name: "Plāni pa iestādēm" });
  await expect(coverage.getByRole("row").nth(1)).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

interface ReportRow {
  institution_name: string;
  plans: number | null;
  plans_by_status: Record<string, number | null>;
}

test("municipal coordinator: the plan report shows each institution's counts, with a chart", async ({ page, request }) => {
  const headers = { Authorization: `Bearer ${await token(request, ACCOUNTS.municipal)}` };
  const response = await request.get("/api/v1/reports/plans", { headers });
  expect(response.ok()).toBeTruthy();
  const report = (await response.json()) as { institutions: ReportRow[]; totals: Omit<ReportRow, "institution_name"> };
  expect(report.institutions.length).toBeGreaterThan(1);
  expect(report.institutions.some((i) => (i.plans ?? 0) > 0)).toBeTruthy();

  await signIn(page, ACCOUNTS.municipal);
  const table = page.getByRole("table", { name: "Plāni pa statusiem" });
  for (const institution of report.institutions) {
    const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: institution.institution_name }) });
    // Cells after the institution: the nine statuses (active is the sixth), then all plans; a
    // count withheld outside the school (null) reads "slēpts".
    const shown = (n: number | null | undefined) => (n === null ? "slēpts" : String(n));
    await expect(row.getByRole("cell").nth(5)).toHaveText(shown(institution.plans_by_status.active));
    await expect(row.getByRole("cell").last()).toHaveText(shown(institution.plans));
  }
  await expect(table.getByRole("rowheader", { name: "Kopā" })).toBeVisible();
  // A chart draws the shown counts; when every count by status is withheld, the page says so.
  const drawable = [report.totals, ...report.institutions].some((r) =>
    Object.values(r.plans_by_status).some((n) => (n ?? 0) > 0),
  );
  if (drawable) {
    await expect(page.getByRole("img", { name: /plāni pa statusiem katrā iestādē/ })).toBeVisible();
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  } else {
    await expect(page.getByText(/diagramma netiek zīmēta/)).toBeVisible();
  }
  await expectAccessible(page);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

test("teacher: drafts, returned plans and plans to log on the home page", async ({ page }) => {
  await signIn(page, ACCOUNTS.teacher);
  await expect(page.getByRole("region", { name: "Mani melnraksti" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Pasākumi, kuru norise jāreģistrē" })).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Lietotāji" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Apstiprināšana" })).toHaveCount(0);
});
