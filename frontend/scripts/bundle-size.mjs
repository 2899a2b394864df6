// Prints the size of every JavaScript chunk of the build, raw and gzipped, and the total that the
// first page loads (the entry of index.html and the app's files it preloads, the login route, and
// every chunk they import statically);
// fails when that exceeds the budget, or when the first page would load another feature's heavy code.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

// Measured at 234.5 KB when the budget was set; a little room, not enough for a new library.
const BUDGET_KB = 245;
// Code that only signed-in pages use, recognised by names it carries even when minified.
// (The app has no Data Grid any more: the marker keeps one from coming back onto the first page.)
const NOT_ON_FIRST_PAGE = {
  "MUI X Data Grid": "MuiDataGrid",
  "MUI X Date Pickers": "MuiPickers",
  Recharts: "recharts-",
  zod: "ZodError",
};
const dist = new URL("../dist/", import.meta.url).pathname;
const assets = join(dist, "assets");
const kb = (n) => (n / 1024).toFixed(1).padStart(8);

const sizes = new Map();
for (const name of readdirSync(assets).filter((f) => f.endsWith(".js")).sort()) {
  const raw = readFileSync(join(assets, name));
  sizes.set(name, { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length });
}

const html = readFileSync(join(dist, "index.html"), "utf8");
const entry = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
const loginRoute = [...sizes.keys()].filter((name) => name.startsWith("LoginPage-"));

function staticImports(name) {
  const code = readFileSync(join(assets, name), "utf8");
  return [...code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);
}
const initial = [];
const pending = [...entry, ...loginRoute];
while (pending.length) {
  const name = pending.pop();
  if (initial.includes(name) || !sizes.has(name)) continue;
  initial.push(name);
  pending.push(...staticImports(name));
}

console.log("JavaScript chunks (KB):      raw     gzip");
for (const [name, s] of [...sizes].sort((a, b) => b[1].gzip - a[1].gzip)) {
  console.log(`  ${name.padEnd(28)}${kb(s.raw)} ${kb(s.gzip)}${initial.includes(name) ? "  (first page)" : ""}`);
}
const total = [...sizes.values()].reduce((a, s) => a + s.gzip, 0);
const first = initial.reduce((a, n) => a + (sizes.get(n)?.gzip ?? 0), 0);
console.log(`All chunks: ${(total / 1024).toFixed(1)} KB gzipped`);
console.log(`First page: ${(first / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
let failed = false;
if (first > BUDGET_KB * 1024) {
  console.error("The first page is over its JavaScript budget.");
  failed = true;
}
for (const name of initial) {
  const code = readFileSync(join(assets, name), "utf8");
  for (const [library, marker] of Object.entries(NOT_ON_FIRST_PAGE)) {
    if (code.includes(marker)) {
      console.error(`The first page loads ${library} (in ${name}): load it with the pages that use it.`);
      failed = true;
    }
  }
}
if (failed) process.exit(1);
