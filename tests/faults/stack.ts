import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../functions/api/app.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";
import type { Supervision } from "../../infra/local/emulators.ts";
import { startPollers } from "../../infra/local/queues.ts";
import { call } from "../support/desk.ts";

/**
 * A whole desk for one fault test, as `npm start` runs it: DynamoDB Local with data on disk (a crash keeps
 * what was written), fauxqs, the SES emulator, the API app, Lambda's asynchronous invocations (emulated) running
 * the real workers, and the sweep (whose retry step re-invokes failed ones). Short settings: Lambda's retries 1 s
 * and 2 s after a failure, the sweep's rounds 1 s apart doubling up to `retryMaxSeconds`, claims leased
 * `leaseSeconds`.
 */
export async function startFaultDesk(options: {
  supervision?: Supervision;
  retryMaxSeconds: number;
  leaseSeconds: number;
}) {
  process.env.DESK_RETRY_MAX_S = String(options.retryMaxSeconds);
  process.env.DESK_LOCAL_LAMBDA_RETRY_S = "1,2";
  process.env.DESK_CLAIM_LEASE_S = String(options.leaseSeconds);
  const dataDir = mkdtempSync(join(tmpdir(), "desk-faults-"));
  const emulators = await startEmulators(dataDir, options.supervision);
  const { queues } = await provisionDesk({
    endpoints: emulators.endpoints,
    tableName: "desk",
    prefix: "faults",
    secret: "fault-suite-secret-0123456789",
    visibilityTimeoutSeconds: 1,
  });
  const app = createApp();
  const workers = new AbortController();
  let polling: Promise<void> | undefined;
  let sweeping: NodeJS.Timeout | undefined;
  let submitted = 0;
  return {
    app,
    queues,
    emulators,
    /** Starts Lambda's part: every worker's invocations, and the sweep every 5 s, until stop(). */
    startWorkers: () => {
      polling ??= startPollers(queues, workers.signal);
      sweeping ??= setInterval(() => runSweep().catch(() => {}), 5000);
    },
    /** A ticket through the public API, as the web form posts it; its status and ticket (when 201). */
    submit: async () => {
      const n = ++submitted;
      const email = `fault${n}@example.com`;
      const response = await call(app, "POST", "/api/tickets", {
        body: { name: `Customer ${n}`, email, subject: `Printer ${n} is on fire`, message: "Please help." },
        ip: `198.51.100.${n % 250}`,
      }).catch((error: Error) => ({ status: 0, json: undefined, text: String(error) }));
      return { status: response.status, email, id: response.json?.id as string | undefined };
    },
    stop: async () => {
      workers.abort();
      clearInterval(sweeping);
      await polling;
      await emulators.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `check` returns true, checking every `everyMs`; throws with `what` after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 1000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
