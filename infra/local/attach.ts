import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Endpoints, localSecret, provisionDesk, startEmulators } from "./desk.ts";

const endpointsFile = (dataDir: string) => join(dataDir, "endpoints.json");

/** While `npm start` runs, it leaves its emulator addresses here so that CLI commands can use the same desk. */
export function publishEndpoints(dataDir: string, endpoints: Endpoints): () => void {
  writeFileSync(endpointsFile(dataDir), JSON.stringify({ pid: process.pid, endpoints }));
  return () => rmSync(endpointsFile(dataDir), { force: true });
}

export function runningDesk(dataDir: string): Endpoints | null {
  if (!existsSync(endpointsFile(dataDir))) return null;
  const { pid, endpoints } = JSON.parse(readFileSync(endpointsFile(dataDir), "utf8"));
  try {
    process.kill(pid, 0);
  } catch {
    return null; // left behind by a desk that was killed
  }
  // A desk started before an upgrade publishes no Lambda endpoint (AWS_ENDPOINT_URL_LAMBDA would be
  // "undefined"); starting a second set of emulators on its data would fight over the same files.
  if (!endpoints?.lambda) {
    throw new Error(
      `The desk running as process ${pid} predates this version: stop it, then npm start again`,
    );
  }
  return endpoints;
}

/** Points this process at the local desk: the running one, or its data started just for this command. */
export async function attachLocalDesk(dataDir: string): Promise<() => Promise<void>> {
  const running = runningDesk(dataDir);
  const emulators = running ? null : await startEmulators(dataDir);
  await provisionDesk({
    endpoints: running ?? emulators!.endpoints,
    tableName: "desk",
    prefix: "desk",
    secret: localSecret(dataDir),
    inboundSecret: localSecret(dataDir, "inbound-secret", "DESK_INBOUND_SECRET"),
    visibilityTimeoutSeconds: 10,
  });
  return async () => {
    await emulators?.stop();
  };
}
