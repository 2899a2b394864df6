import { readFileSync } from "node:fs";
import { ACCOUNTS, expect, signIn, test, token } from "./helpers";

const lv = JSON.parse(readFileSync(new URL("../src/i18n/lv.json", import.meta.url), "utf8")) as {
  roles: Record<string, string>;
};

interface RoleRule {
  role: string;
  label_key: string;
  scope_types: string[];
  grantable: boolean;
}

// The grant dialog offers exactly the roles the API says the signed-in person may grant (the users
// page sets up staff of schools, municipalities and IKVD; NGO managers are not set up there).
for (const [who, email] of [
  ["school director", ACCOUNTS.director],
  ["IKVD", ACCOUNTS.ikvd],
] as const) {
  test(`${who}: the grant dialog offers the roles the API lets them grant`, async ({ page, request }) => {
    const headers = { Authorization: `Bearer ${await token(request, email)}` };
    const answer = await request.get("/api/v1/roles", { headers });
    expect(answer.ok()).toBeTruthy();
    const rules = ((await answer.json()) as { items: RoleRule[] }).items;
    const expected = rules
      .filter((r) => r.grantable && r.scope_types[0] !== "ngo")
      .map((r) => lv.roles[r.label_key.replace(/^roles\./, "")] ?? r.label_key);
    expect(expected.length).toBeGreaterThan(0);

    await signIn(page, email);
    await page.getByRole("navigation").getByRole("link", { name: "Lietotāji" }).click();
    const grid = page.getByRole("table", { name: "Lietotāji un lomas" });
    await grid.getByRole("button", { name: "Piešķirt lomu" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("combobox", { name: "Loma" }).click();
    await expect(page.getByRole("option")).toHaveText(expected);
  });
}
