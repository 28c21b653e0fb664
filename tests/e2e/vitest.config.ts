import { defineConfig } from "vitest/config";

/** Browser tests: one local desk (`npm start`'s code, in a child process) and headless Chromium. */
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/desk.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // Console output only for failing tests (the desk child logs at warn under vitest, see core/log.ts).
    silent: "passed-only",
  },
});
