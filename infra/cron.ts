import { events } from "./events.ts";
import { deskSecret } from "./secrets.ts";
import { functionDefaults } from "./settings.ts";
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
    handler: "functions/cron/sweep.handler",
    timeout: "50 seconds",
    link: [table, events, deskSecret],
  },
});
