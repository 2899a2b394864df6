// Fails when src/api/generated/schema.ts (the types, and the lists of enum values the web app and its
// tests take from the API) is not what openapi-typescript makes of the committed schema.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "schema-"));
try {
  const fresh = join(dir, "schema.ts");
  execFileSync(join(root, "node_modules/.bin/openapi-typescript"), ["../openapi/openapi.json", "--enum-values", "--output", fresh], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const committed = readFileSync(join(root, "src/api/generated/schema.ts"), "utf8");
  if (readFileSync(fresh, "utf8") !== committed) {
    console.error("src/api/generated/schema.ts is stale: run `make client` and commit it.");
    process.exit(1);
  }
  console.log("API client types match openapi/openapi.json.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
