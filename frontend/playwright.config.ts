import { defineConfig } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.E2E_PORT ?? 8765);
// The maildir of the test SMTP server (e2e/serve.sh starts it): the tests read e-mails from here.
process.env.E2E_MAIL_DIR ??= join(tmpdir(), `pumpurs-e2e-mail-${port}`);

export default defineConfig({
  testDir: "e2e",
  // The empty install has its own server: playwright.empty.config.ts.
  testIgnore: "empty-install.spec.ts",
  outputDir: process.env.E2E_OUTPUT ?? "test-results",
  // The flows share one database and follow each other (a plan moves through the approval chain).
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "lv-LV",
    timezoneId: "Europe/Riga",
    viewport: { width: 1366, height: 900 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "./e2e/serve.sh",
    url: `http://127.0.0.1:${port}/api/v1/ready`,
    env: {
      E2E_PORT: String(port),
      E2E_MAIL_DIR: process.env.E2E_MAIL_DIR,
      ...(process.env.E2E_SMTP_PORT ? { E2E_SMTP_PORT: process.env.E2E_SMTP_PORT } : {}),
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
