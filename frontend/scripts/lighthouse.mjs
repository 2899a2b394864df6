// Lighthouse performance of the login page and, signed in, of the students page, with Lighthouse's
// default mobile preset and with its desktop preset, against a running server (make run).
//
//   node scripts/lighthouse.mjs [base URL] [--runs=3] [--min=90] [--account=e-mail] [--password=…]
//                               [--pages=login,students] [--presets=mobile,desktop] [--reports=directory]
//
// Each page and preset is measured --runs times, each time with a cold cache; the median counts.
// Prints the scores with FCP, LCP, TBT and CLS, and exits non-zero when a median score is below
// --min. Chromium comes from CHROME_PATH (default: Debian's /usr/bin/chromium).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import lighthouse, { desktopConfig } from "lighthouse";
import puppeteer from "puppeteer-core";

const options = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => arg.slice(2).split("=", 2)),
);
const positional = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const base = (positional[0] ?? "http://127.0.0.1:8000").replace(/\/$/, "");
const runs = Number(options.runs ?? 3);
const minimum = Number(options.min ?? 90);
// The national account sees every student: the heaviest students page of the demo.
const account = options.account ?? "ikvd@demo.pumpurs.lv";
const password = options.password ?? "pumpurs-demo";
// Where each run's full report goes (JSON, readable in the Lighthouse viewer), if anywhere.
const reports = options.reports;
if (reports) mkdirSync(reports, { recursive: true });

const ALL_PRESETS = { mobile: undefined, desktop: desktopConfig };
const ALL_PAGES = {
  login: { path: "/login", signIn: false },
  students: { path: "/students", signIn: true },
};
const only = (all, names) => (names ? Object.fromEntries(names.split(",").map((n) => [n, all[n]])) : all);
const PRESETS = only(ALL_PRESETS, options.presets);
const PAGES = only(ALL_PAGES, options.pages);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  headless: true,
  // As the browser tests run it (playwright.config.ts): nothing in the background skews the trace.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

/** Signs in through the login form, as a person would; the tokens stay in this tab's storage. */
async function signIn(page) {
  await page.goto(`${base}/login`, { waitUntil: "networkidle0" });
  await page.type('input[autocomplete="username"]', account);
  await page.type('input[type="password"]', password);
  await Promise.all([
    page.waitForFunction(() => location.pathname !== "/login", { timeout: 30_000 }),
    page.click('button[type="submit"]'),
  ]);
  // A user with several roles is asked for one: the first is taken.
  const choose = await page.$("[aria-labelledby=role-choice]");
  if (choose) await page.click("main button");
}

async function measure(pageName, presetName, run) {
  const spec = PAGES[pageName];
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    if (spec.signIn) {
      await signIn(page);
      // Signed in, but every script and style is fetched again: a first visit to the page.
      const cdp = await page.createCDPSession();
      await cdp.send("Network.clearBrowserCache");
      await cdp.detach();
    }
    const result = await lighthouse(
      `${base}${spec.path}`,
      {
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance"],
        // Keeps the session; the cache was emptied above (and Lighthouse empties it otherwise).
        disableStorageReset: spec.signIn,
      },
      PRESETS[presetName],
      page,
    );
    const lhr = result.lhr;
    if (reports) writeFileSync(join(reports, `${pageName}-${presetName}-${run + 1}.json`), result.report);
    if (lhr.runtimeError) throw new Error(`${pageName}/${presetName}: ${lhr.runtimeError.message}`);
    if (spec.signIn && !lhr.finalDisplayedUrl.endsWith(spec.path)) {
      throw new Error(`${pageName}: ended at ${lhr.finalDisplayedUrl}, not signed in`);
    }
    const metric = (id) => lhr.audits[id].numericValue;
    return {
      score: Math.round(lhr.categories.performance.score * 100),
      fcp: metric("first-contentful-paint"),
      lcp: metric("largest-contentful-paint"),
      tbt: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
    };
  } finally {
    await context.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(8);

console.log(`Lighthouse performance at ${base}, median of ${runs} run(s), each with a cold cache`);
console.log("page      preset   score     FCP      LCP      TBT     CLS   runs");
const failures = [];
try {
  for (const pageName of Object.keys(PAGES)) {
    for (const presetName of Object.keys(PRESETS)) {
      const results = [];
      for (let i = 0; i < runs; i += 1) results.push(await measure(pageName, presetName, i));
      const pick = (key) => median(results.map((r) => r[key]));
      const score = pick("score");
      console.log(
        `${pageName.padEnd(10)}${presetName.padEnd(9)}${String(score).padStart(5)}` +
          `${seconds(pick("fcp"))} ${seconds(pick("lcp"))} ${`${Math.round(pick("tbt"))} ms`.padStart(8)}` +
          `${pick("cls").toFixed(3).padStart(8)}   ${results.map((r) => r.score).join(" ")}`,
      );
      if (score < minimum) failures.push(`${pageName} (${presetName}): ${score}`);
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`Below ${minimum}: ${failures.join(", ")}`);
  process.exit(1);
}
