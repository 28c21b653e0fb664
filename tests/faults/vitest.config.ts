import { defineConfig } from "vitest/config";

/**
 * The fault suite (`npm run test:faults`): each file starts its own emulators with data on disk, kills a part
 * of the desk on purpose, and checks that nothing accepted was lost. Loopback only, bounded, one file at a time.
 */
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/faults/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // The workers log every event; show that only for a test that fails.
    silent: "passed-only",
  },
});
