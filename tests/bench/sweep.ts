import { performance } from "node:perf_hooks";
import { takeMetered } from "../../core/store/meter.ts";
import { createTicket } from "../../core/ticket/create.ts";
import { runSweep } from "../../functions/cron/sweep.ts";

/**
 * One sweep run with `due` tickets due among everything in the table: `due` tickets are created 7 hours in the
 * past (their first-response warning is due), anything else already due is swept first, unmetered; then one
 * metered run at "now". Returns the DynamoDB requests, items read and read units of that run, and its duration.
 */
export async function measureSweep(due: number) {
  const now = new Date();
  await runSweep(now);
  const past = new Date(now.getTime() - 7 * 3600_000);
  for (let i = 0; i < due; i++)
    await createTicket(
      {
        name: "Due",
        email: `due${i}@bench.example`,
        subject: `Due ${i}`,
        message: "Waiting",
        channel: "web",
        locale: "en",
      },
      { type: "system" },
      { now: past },
    );
  takeMetered();
  const started = performance.now();
  const result = await runSweep(now);
  const ms = performance.now() - started;
  const calls = takeMetered();
  const sum = (f: (c: (typeof calls)[number]) => number) => calls.reduce((s, c) => s + f(c), 0);
  return {
    acted: result.due.acted ?? 0,
    requests: calls.length,
    itemsRead: sum((c) => c.items),
    readUnits: +sum((c) => c.readUnits).toFixed(1),
    writeUnits: +sum((c) => c.writeUnits).toFixed(1),
    ms: Math.round(ms),
  };
}
