/**
 * `npm start`: the whole desk on this machine. DynamoDB Local, an SQS/SNS emulator and an SES emulator as
 * children or in-process, the table, topic and queues from their one definition, the API and web form on PORT,
 * the workers invoked as Lambda invokes them (SNS- and S3-shaped events, Lambda's retries, then the Retry queue:
 * infra/local/queues.ts), and the sweep on a timer. Data stays in DESK_DATA_DIR.
 */
import { resolve } from "node:path";
import { ensureFirstAdmin } from "../../core/agent/bootstrap.ts";
import { calendarNotice, unroutedWorkNotice } from "../../core/agent/onboarding.ts";
import { config } from "../../core/config.ts";
import { deskNameNotice } from "../../core/desk/name.ts";
import { bareAddress } from "../../core/mail/message-id.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { handler as sweep } from "../../functions/cron/sweep.ts";
import { publishEndpoints } from "./attach.ts";
import { localSecret, provisionDesk, startEmulators } from "./desk.ts";
import { startPollers } from "./queues.ts";
import { startHttp } from "./server.ts";
import { startSmtp } from "./smtp.ts";

const dataDir = resolve(process.env.DESK_DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const sweepSeconds = Number(process.env.DESK_SWEEP_INTERVAL_S ?? 60);

const started = Date.now();
const launcher = process.ppid;
const emulators = await startEmulators(dataDir, {
  // It came back by itself up to five times a minute; past that something is wrong with the machine.
  onGiveUp: (error) => {
    console.error(`\n  Stopping the desk: ${error.message}\n`);
    void shutdown(1);
  },
});
const stopping = new AbortController();
let http: Awaited<ReturnType<typeof startHttp>> | undefined;
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
let sweepTimer: NodeJS.Timeout | undefined;
const forgetEndpoints = publishEndpoints(dataDir, emulators.endpoints);

async function shutdown(code: number) {
  if (stopping.signal.aborted) return;
  stopping.abort();
  clearInterval(sweepTimer);
  forgetEndpoints();
  await http?.close().catch(() => {});
  await smtp?.close().catch(() => {});
  await emulators.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));
// A desk whose launcher is gone (npm killed, even with -9: the script execs node, so npm is the parent) stops too,
// rather than keep DynamoDB Local and the emulators running with nobody to stop them.
setInterval(() => {
  if (process.ppid !== launcher) void shutdown(0);
}, 1000).unref();
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
    inboundSecret: localSecret(dataDir, "inbound-secret", "DESK_INBOUND_SECRET"),
    visibilityTimeoutSeconds: Number(process.env.DESK_LOCAL_VISIBILITY_S ?? 10),
  });
  const adminEmail = process.env.DESK_ADMIN_EMAIL ?? "admin@desk.localhost";
  const admin = await ensureFirstAdmin(adminEmail, process.env.DESK_ADMIN_PASSWORD);
  const seeded = await seedDefaults();
  http = await startHttp(port);
  const deskAddress = bareAddress(config().mailFrom);
  smtp = await startSmtp(Number(process.env.DESK_SMTP_PORT ?? 2525), deskAddress);
  void startPollers(queues, stopping.signal);
  sweepTimer = setInterval(
    () => sweep().catch((e) => console.error("sweep failed:", e)),
    sweepSeconds * 1000,
  );

  const url = `http://localhost:${http.port}`;
  console.log(`
  Help desk running (${((Date.now() - started) / 1000).toFixed(1)} s)

    Agent app     ${url}/app
    Web form      ${url}/
    Help center   ${url}/help   (and ${url}/fr/help)
    Portal        ${url}/portal.html
    API           ${url}/api   (OpenAPI: ${url}/api/openapi.json)
    Mail viewer   ${emulators.endpoints.mail}/   (everything the desk sends)
    Inbound mail  SMTP 127.0.0.1:${smtp.port} for ${deskAddress} (and any @${deskAddress.split("@")[1]})
                  or POST ${url}/api/inbound/email with "Authorization: Bearer ${config().inboundSecret}"
    Data          ${dataDir}
`);
  if (admin?.password) {
    console.log(
      `  First admin created: ${admin.email} / ${admin.password}\n  (shown once; reset with: npm run admin -- --email ${admin.email})\n`,
    );
  } else if (admin) {
    console.log(`  First admin created: ${admin.email} (password from DESK_ADMIN_PASSWORD)\n`);
  }
  if (seeded)
    console.log("  Seeded the default IT teams and categories (with English and French keyword rules).\n");
  // Where work goes that no team member will see (issue 14): said on every start until every team has someone.
  const notices = [await deskNameNotice(), await unroutedWorkNotice(), await calendarNotice()].filter(
    (lines) => lines.length,
  );
  for (const lines of notices) console.log(`${lines.map((line) => `  ${line}`).join("\n")}\n`);
  console.log("  Ctrl-C stops everything.\n");
} catch (error) {
  console.error("Could not start the desk:", error);
  await shutdown(1);
}
