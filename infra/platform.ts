/**
 * Generates SST's platform types (.sst/platform) offline, so `npm run check` can typecheck sst.config.ts and
 * infra/ on a machine without AWS credentials or internet. Skips when they are already there.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
if (!existsSync(join(root, ".sst/platform/config.d.ts"))) {
  execFileSync(join(root, "node_modules/.bin/sst"), ["install", "--stage", "check"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      HOME: mkdtempSync(join(tmpdir(), "sst-home-")),
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_TELEMETRY_DISABLED: "1",
      SST_BUN_PATH: join(root, "node_modules/bun/bin/bun.exe"),
    },
  });
}
