import { lambdaHandlers } from "./bundling.ts";
import { deadLetters } from "./dead-letters.ts";
import { email } from "./email.ts";
import { events } from "./events.ts";
import { publicUrl } from "./router.ts";
import { deskSecret } from "./secrets.ts";
import { functionDefaults, mailFrom, settings } from "./settings.ts";
import { table } from "./table.ts";

/**
 * The sweep, every minute: re-publishes events whose publish failed, retrains the classifier when agents
 * labelled tickets (1 GB: Lambda's CPU share grows with memory, and training is CPU-bound), SLA checks.
 */
export const sweep = new sst.aws.Cron("Sweep", {
  schedule: "rate(1 minute)",
  function: {
    ...functionDefaults,
    memory: "1024 MB",
    handler: lambdaHandlers.sweep,
    timeout: "50 seconds",
    // The sweep mails too: the weekly summary and the safety net's digests.
    link: [table, events, deskSecret, email, deadLetters],
    environment: { DESK_MAIL_FROM: mailFrom, DESK_NAME: settings.deskName, DESK_PUBLIC_URL: publicUrl },
  },
});
