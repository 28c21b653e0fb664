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
    // A page that changes after a request (a status, a toast) is waited for up to 10 s, not vitest's 1 s: the
    // desk's workers share a busy CI machine with the browser.
    expect: { poll: { timeout: 10_000 } },
    // Console output only for failing tests (the desk child logs at warn under vitest, see core/log.ts).
    silent: "passed-only",
  },
});
