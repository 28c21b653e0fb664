import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildFunctions } from "../../infra/build-functions.ts";
import { formEvent } from "./cold-start.ts";

const { provisionDesk, startEmulators } = await import("../../infra/local/desk.ts");
const emulators = await startEmulators();
try {
  await provisionDesk({
    endpoints: emulators.endpoints,
    tableName: "bench-cold",
    prefix: "benchcold",
    secret: "bench-secret-0123456789",
    visibilityTimeoutSeconds: 30,
  });
  const built = await buildFunctions();
  const api = built.find((f) => f.name === "api")!;
  const invoker = join(import.meta.dirname, "cold-start/invoke.mjs");
  for (let i = 0; i < 4; i++) {
    const r = spawnSync(process.execPath, ["--import", "/tmp/probe/trace.mjs", ...(i === 3 ? ["--cpu-prof", "--cpu-prof-dir=/tmp/probe/prof"] : []), invoker, api.file, JSON.stringify(formEvent())], {
      env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: "cold-start-bench" },
      encoding: "utf8",
    });
    console.log(`--- run ${i}\n${r.stderr}${r.stdout}`);
  }
} finally {
  await emulators.stop();
}
