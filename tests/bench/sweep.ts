import { performance } from "node:perf_hooks";
import { z } from "zod";
import { writeSetting } from "../../core/desk/settings.ts";
import { takeMetered } from "../../core/store/meter.ts";
import { createTicket } from "../../core/ticket/create.ts";
import { runSweep } from "../../functions/cron/sweep.ts";

/**
 * The last Wednesday at 16:30 UTC before `from`: inside the default business hours (Mon–Fri 9–17, UTC), so that
 * tickets created 7 hours earlier (09:30) have used 420 business minutes whatever day the bench runs on.
 */
export function lastWednesdayAfternoon(from = new Date()): Date {
  const at = new Date(from);
  at.setUTCHours(16, 30, 0, 0);
  while (at.getUTCDay() !== 3 || at >= from) at.setUTCDate(at.getUTCDate() - 1);
  return at;
}

/**
 * One sweep run with `due` tickets due among everything in the table: `due` tickets are created 7 business hours
 * before "now" (their first-response warning is due), anything else already due is swept first, unmetered; then one
 * metered run at "now". The one-time upgrade step a deploy runs for its first quarter hour is marked done first:
 * this measures the sweep of every minute after. Returns the DynamoDB requests, items read and read units of that
 * run, and its duration.
 */
export async function measureSweep(due: number) {
  const now = lastWednesdayAfternoon();
  await writeSetting("upgrade:ticket-fields", z.object({ done: z.boolean() }), { done: true });
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
