/**
 * What SST's CLI defines before it loads sst.config.ts: `$app`, `$cli`, `$dev`, supplied through esbuild's
 * `inject` like SST's own shim (.sst/platform/src/shim/run.js supplies `$config`, `$interpolate`…). Its own
 * file, importing nothing of SST's, because SST's components read `$app` while they load.
 * `$app` gets the rest of what sst.config.ts's `app()` returns before the program runs (tests/infra/mock-program.ts).
 */
import { join } from "node:path";

const root = process.env.DESK_REPO_ROOT!;
const work = process.env.DESK_MOCK_WORK!;

/** SST's components read `$app` while they load: the stage is known now, the name once sst.config.ts says it. */
export const $app: Record<string, unknown> = {
  stage: "mock",
  providers: { aws: {} },
  removal: "remove",
  protect: false,
};
export const $cli = {
  command: "deploy",
  paths: { home: work, root, work, platform: join(root, ".sst/platform") },
  state: { version: {} as Record<string, number> },
};
export const $dev = false;
