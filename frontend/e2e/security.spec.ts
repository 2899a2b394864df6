import { test as plain } from "@playwright/test";
import { expect, isCspViolation, test } from "./helpers";

test("the web app and the API send their security headers", async ({ request }) => {
  const app = await request.get("/");
  const policy = app.headers()["content-security-policy"];
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(app.headers()["x-content-type-options"]).toBe("nosniff");
  const api = await request.get("/api/v1/health");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
});

// The guard that fails every browser test on a policy violation must itself see one: an inline
// script served under the web app's own policy is refused, and the refusal is reported.
plain("an inline script under the web app's policy is refused and reported", async ({ page, request }) => {
  const headers = (await request.get("/")).headers();
  await page.route("**/csp-probe", (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      headers: { "content-security-policy": headers["content-security-policy"] ?? "" },
      body: "<!doctype html><title>probe</title><script>document.title = 'ran'</script>",
    }),
  );
  const reported: string[] = [];
  page.on("console", (message) => {
    if (isCspViolation(message.text())) reported.push(message.text());
  });
  await page.goto("/csp-probe");
  await expect(page).toHaveTitle("probe");
  expect(reported.length).toBeGreaterThan(0);
});

test("the API docs load under their own policy", async ({ page }) => {
  const response = await page.goto("/api/docs");
  expect(response?.headers()["content-security-policy"]).toContain("script-src https://cdn.jsdelivr.net 'sha256-");
});
