import { lambdaHandlers } from "./bundling.ts";
import { deadLetters } from "./dead-letters.ts";
import { email } from "./email.ts";
import { events } from "./events.ts";
import { publicUrl } from "./router.ts";
import { deskSecret } from "./secrets.ts";
import { functionDefaults, mailFrom, settings } from "./settings.ts";
import { mailBucket } from "./storage.ts";
import { table } from "./table.ts";

/**
 * Retrains the classifier when the sweep finds agents labelled tickets (core/triage/training-trigger.ts): an
 * asynchronous invoke, at most every few minutes and only then. 1,769 MB is one whole vCPU (Lambda's CPU share
 * grows with memory and training is CPU-bound on one thread: more would not go faster); 5,000 examples train in
 * 14–33 s on one core (tests/bench/idle-cost.ts; README, Cost when idle). No automatic retry: the sweep asks again 15 minutes later if it failed.
 */
export const trainer = new sst.aws.Function("Trainer", {
  ...functionDefaults,
  memory: "1769 MB",
  handler: lambdaHandlers.trainer,
  timeout: "10 minutes",
  retries: 0,
  // config() reads the secret with the table's name.
  link: [table, deskSecret],
});

/**
 * The sweep, every minute: re-publishes events whose publish failed, SLA checks and housekeeping, the safety
 * net, and hands training to the Trainer when due. It runs 43,200 times a month whether or not anything
 * happens, so it is sized for the run with nothing to do: 256 MB (the CPU-bound training runs elsewhere), and
 * Lambda's own START/REPORT lines are not logged (JSON log format, system log level WARN: platform errors such as
 * timeouts still are) — the sweep logs one line when it did something and every error.
 */
export const sweep = new sst.aws.Cron("Sweep", {
  schedule: "rate(1 minute)",
  function: {
    ...functionDefaults,
    memory: "256 MB",
    handler: lambdaHandlers.sweep,
    timeout: "50 seconds",
    logging: { ...functionDefaults.logging, format: "json" },
    // The sweep mails too: the weekly summary and the safety net's digests; and, once a day, lists and deletes
    // orphan files in the bucket (core/ops/file-reclaim.ts).
    link: [table, events, deskSecret, email, trainer, deadLetters, mailBucket],
    environment: { DESK_MAIL_FROM: mailFrom, DESK_NAME: settings.deskName, DESK_PUBLIC_URL: publicUrl },
    transform: {
      function: (args: aws.lambda.FunctionArgs) => {
        args.loggingConfig = $resolve([args.loggingConfig]).apply(([config]) => ({
          ...(config as { logFormat: string; logGroup?: string }),
          logFormat: "JSON",
          systemLogLevel: "WARN",
          applicationLogLevel: "INFO",
        }));
      },
    },
  },
});
