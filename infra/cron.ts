import { events } from "./events.ts";
import { deskSecret } from "./secrets.ts";
import { functionDefaults } from "./settings.ts";
import { table } from "./table.ts";

/** The sweep, every minute: re-publishes events whose publish failed (and, later, SLA checks). */
export const sweep = new sst.aws.Cron("Sweep", {
  schedule: "rate(1 minute)",
  function: {
    ...functionDefaults,
    handler: "functions/cron/sweep.handler",
    timeout: "50 seconds",
    link: [table, events, deskSecret],
  },
});
