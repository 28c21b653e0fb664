import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

/** The agent app: served at /app beside the API (same origin, so the session cookie just works). */
export default defineConfig({
  root: import.meta.dirname,
  base: "/app/",
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", modulePreload: { polyfill: false } },
});
