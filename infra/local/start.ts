/**
 * `npm start`: the whole desk on this machine. DynamoDB Local, an SQS/SNS emulator and an SES emulator as
 * children or in-process, the table and queues from their one definition, the API and web form on PORT, the
 * workers polling their queues with SQS-shaped events, and the sweep on a timer. Data stays in DESK_DATA_DIR.
 */
import { resolve } from "node:path";
import { ensureFirstAdmin } from "../../core/agent/bootstrap.ts";
import { handler as sweep } from "../../functions/cron/sweep.ts";
import { publishEndpoints } from "./attach.ts";
import { localSecret, provisionDesk, startEmulators } from "./desk.ts";
import { startPollers } from "./queues.ts";
import { startHttp } from "./server.ts";

const dataDir = resolve(process.env.DESK_DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const sweepSeconds = Number(process.env.DESK_SWEEP_INTERVAL_S ?? 60);

const started = Date.now();
const emulators = await startEmulators(dataDir);
const stopping = new AbortController();
let http: Awaited<ReturnType<typeof startHttp>> | undefined;
let sweepTimer: NodeJS.Timeout | undefined;
const forgetEndpoints = publishEndpoints(dataDir, emulators.endpoints);

async function shutdown(code: number) {
  if (stopping.signal.aborted) return;
  stopping.abort();
  clearInterval(sweepTimer);
  forgetEndpoints();
  await http?.close().catch(() => {});
  await emulators.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("uncaughtException", (error) => {
  console.error("Crashed:", error);
  void shutdown(1);
});

try {
  process.env.DESK_PUBLIC_URL ??= `http://localhost:${port}`;
  const { queues } = await provisionDesk({
    endpoints: emulators.endpoints,
    tableName: "desk",
    prefix: "desk",
    secret: localSecret(dataDir),
    visibilityTimeoutSeconds: Number(process.env.DESK_LOCAL_VISIBILITY_S ?? 10),
  });
  const adminEmail = process.env.DESK_ADMIN_EMAIL ?? "admin@desk.localhost";
  const admin = await ensureFirstAdmin(adminEmail, process.env.DESK_ADMIN_PASSWORD);
  http = await startHttp(port);
  void startPollers(queues, stopping.signal);
  sweepTimer = setInterval(
    () => sweep().catch((e) => console.error("sweep failed:", e)),
    sweepSeconds * 1000,
  );

  const url = `http://localhost:${http.port}`;
  console.log(`
  Help desk running (${((Date.now() - started) / 1000).toFixed(1)} s)

    Web form      ${url}/
    API           ${url}/api   (OpenAPI: ${url}/api/openapi.json)
    Mail viewer   ${emulators.endpoints.mail}/   (everything the desk sends)
    Data          ${dataDir}
`);
  if (admin?.password) {
    console.log(
      `  First admin created: ${admin.email} / ${admin.password}\n  (shown once; reset with: npm run admin -- --email ${admin.email})\n`,
    );
  } else if (admin) {
    console.log(`  First admin created: ${admin.email} (password from DESK_ADMIN_PASSWORD)\n`);
  }
  console.log("  Ctrl-C stops everything.\n");
} catch (error) {
  console.error("Could not start the desk:", error);
  await shutdown(1);
}
