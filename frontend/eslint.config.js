import js from "@eslint/js";
import importPlugin from "eslint-plugin-import";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import { readdirSync } from "node:fs";
import tseslint from "typescript-eslint";

// The web app's layers, lowest first. Each may import only from the layers below it:
//   src/api         the network: the API client, its generated types and the query functions
//   src/i18n        translations
//   src/auth        the session
//   src/lib         rules and helpers without a page (permissions, formatting, paging)
//   src/components  shared building blocks of pages (the shell, the server-paged table)
//   src/features    one folder per domain (plans, students, audit...), used by the pages
//   src/routes      the pages
// Features do not import each other at all: what two features share moves down into lib/ or
// components/. A new folder under src/features is covered by this rule without a change here.
// (eslint-plugin-import's peer range ends at ESLint 9; package.json's "overrides" lets it install
// beside ESLint 10, under which its no-restricted-paths rule runs as it should: see the zones below.)
const FEATURES = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const zones = [
  {
    target: "./src/api",
    from: ["./src/i18n", "./src/auth", "./src/lib", "./src/components", "./src/features", "./src/routes"],
    message: "src/api is the bottom layer: it imports nothing of the app.",
  },
  {
    target: ["./src/i18n", "./src/auth", "./src/lib", "./src/components"],
    from: ["./src/features", "./src/routes"],
    message: "Shared layers do not import features or pages; move the shared part down instead.",
  },
  {
    target: "./src/features",
    from: "./src/routes",
    message: "Features do not import pages.",
  },
  ...FEATURES.map((feature) => ({
    target: `./src/features/${feature}`,
    from: "./src/features",
    except: [`./${feature}`],
    message: "A feature does not import another feature; move what they share into lib/ or components/.",
  })),
];

const NETWORK = "Only src/api/ talks to the network: add a query or mutation there.";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/api/generated", "playwright-report", "test-results"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The layers above, as import zones.
    files: ["src/**/*.{ts,tsx}"],
    plugins: { import: importPlugin },
    settings: { "import/resolver": { node: { extensions: [".ts", ".tsx", ".js", ".json"] } } },
    rules: {
      "import/no-restricted-paths": ["error", { zones }],
    },
  },
  {
    // Only the API layer talks to the network.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/api/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["fetch", "XMLHttpRequest", "WebSocket", "EventSource"].map((name) => ({ name, message: NETWORK })),
      ],
      "no-restricted-properties": [
        "error",
        ...["window", "globalThis", "self"].map((object) => ({ object, property: "fetch", message: NETWORK })),
        { object: "navigator", property: "sendBeacon", message: NETWORK },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: ["axios", "ky", "openapi-fetch"].map((name) => ({ name, message: NETWORK })),
        },
      ],
    },
  },
);
