/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** The app's own stylesheet is a few hundred bytes: written into index.html, it costs the first paint
 * no request of its own (component styles come with the components). */
function inlineStylesheet(): Plugin {
  return {
    name: "pumpurs-inline-stylesheet",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, context) {
        let result = html;
        for (const [fileName, chunk] of Object.entries(context.bundle ?? {})) {
          if (chunk.type !== "asset" || !fileName.endsWith(".css")) continue;
          const link = new RegExp(`<link rel="stylesheet"[^>]*href="/${fileName}"[^>]*>`);
          if (!link.test(result)) continue;
          // The file stays too: lazy pages name it among the files they wait for.
          result = result.replace(link, () => `<style>${String(chunk.source)}</style>`);
        }
        return result;
      },
    },
  };
}

/** main.tsx is a small entry that imports the app (src/start.tsx) dynamically, so that the page the
 * address opens on is fetched beside the app, not after it. The app's own files are named in
 * index.html as module preloads all the same: the browser fetches them from the first byte, as it
 * would a static import. */
function preloadApp(): Plugin {
  return {
    name: "pumpurs-preload-app",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, context) {
        const bundle = context.bundle ?? {};
        const start = Object.values(bundle).find(
          (chunk) => chunk.type === "chunk" && chunk.facadeModuleId?.endsWith("/src/start.tsx"),
        );
        if (!start || start.type !== "chunk") throw new Error("No chunk of src/start.tsx in the build");
        const files: string[] = [];
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (files.includes(fileName) || !chunk || chunk.type !== "chunk") return;
          files.push(fileName);
          chunk.imports.forEach(visit);
        };
        visit(start.fileName);
        const links = files
          .filter((fileName) => !html.includes(`/${fileName}"`))
          .map((fileName) => `<link rel="modulepreload" crossorigin href="/${fileName}">`);
        return html.replace("</head>", `  ${links.join("\n    ")}\n  </head>`);
      },
    },
  };
}

// In development the API runs separately (make serve); the dev server forwards /api to it.
const apiTarget = process.env.PUMPURS_API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), inlineStylesheet(), preloadApp()],
  server: { proxy: { "/api": apiTarget } },
  build: { sourcemap: false, chunkSizeWarningLimit: 1500 },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    // A page rendered in jsdom on a busy 2-core CI machine can take several seconds; the time
    // limit is for tests that hang, not for slow machines.
    testTimeout: 30_000,
  },
});
