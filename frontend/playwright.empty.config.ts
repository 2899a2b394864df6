import { defineConfig } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import base from "./playwright.config";

// The empty install: the same browser and settings as the other browser tests, against a server
// started without demo data (e2e/serve-empty.sh). `make -C frontend e2e` runs it after the others.
const port = Number(process.env.E2E_PORT ?? 8765);
process.env.E2E_ADMIN_LINK_FILE ??= join(tmpdir(), `pumpurs-e2e-admin-link-${port}`);
process.env.E2E_ADMIN_EMAIL ??= "ikvd.admin@tukss.pumpurs.lv";

export default defineConfig({
  ...base,
  testMatch: "empty-install.spec.ts",
  testIgnore: [],
  webServer: {
    ...(Array.isArray(base.webServer) ? base.webServer[0] : base.webServer!),
    command: "./e2e/serve-empty.sh",
    env: {
      E2E_PORT: String(port),
      E2E_MAIL_DIR: process.env.E2E_MAIL_DIR ?? "",
      E2E_ADMIN_LINK_FILE: process.env.E2E_ADMIN_LINK_FILE,
      E2E_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ...(process.env.E2E_SMTP_PORT ? { E2E_SMTP_PORT: process.env.E2E_SMTP_PORT } : {}),
    },
  },
});
