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

// In development the API runs separately (make serve); the dev server forwards /api to it.
const apiTarget = process.env.PUMPURS_API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), inlineStylesheet()],
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
