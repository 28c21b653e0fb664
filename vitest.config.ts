import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Browser tests need Chromium and the built app: `npm run test:e2e` (tests/e2e/vitest.config.ts).
    // The fault suite kills emulators: `npm run test:faults` (tests/faults/vitest.config.ts).
    exclude: ["tests/e2e/**", "tests/faults/**", "**/node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share the emulators but each provisions its own table, topic and queues.
    fileParallelism: true,
    // A green run prints only the summary: console output is shown for failing tests only (the desk's logger is
    // at warn under vitest, see core/log.ts; LOG_LEVEL=info brings the event log back).
    silent: "passed-only",
  },
});
