/**
 * Hand every dead letter back to its worker, and say how many went where.
 *
 *   npm run redrive [-- --queue Acknowledge]
 *
 * On AWS (inside the stage's linked environment: `npx sst shell --stage prod -- npm run redrive`) and locally (the
 * desk in DESK_DATA_DIR, default .data/, running or not) each dead letter's worker is invoked again
 * (asynchronously) with the event it failed on, and the dead letter deleted once Lambda accepted it. Safe to run
 * again: the workers handle an event once however often it comes.
 */

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { deadLetterCounts, redriveDeadLetters } from "../../core/ops/dead-letters.ts";

const { values } = parseArgs({ options: { queue: { type: "string" } } });

let stop = async () => {};
if (!process.env.SST_RESOURCE_DeadLetters) {
  const { attachLocalDesk } = await import("../../infra/local/attach.ts");
  stop = await attachLocalDesk(resolve(process.env.DESK_DATA_DIR ?? ".data"));
}
try {
  const before = await deadLetterCounts();
  for (const { name, count, oldestAgeSeconds, reason } of before) {
    if (count) console.log(`${name}: ${count} dead letter(s), oldest ${oldestAgeSeconds ?? "?"} s`);
    if (count && reason) console.log(`  newest reason: ${reason}`);
  }
  // Each call is bounded (it also serves the API): the command calls again while more wait.
  const total = new Map<string, number>();
  for (let more = true; more; ) {
    const { results, remaining } = await redriveDeadLetters(values.queue);
    for (const r of results) total.set(r.name, (total.get(r.name) ?? 0) + r.moved);
    more = remaining;
  }
  const moved = [...total].filter(([, n]) => n > 0);
  if (moved.length === 0) console.log("No dead letters: nothing to redrive.");
  for (const [name, n] of moved) {
    console.log(`${name}: ${n} dead letter(s) handed back to the worker`);
  }
} catch (error) {
  console.error(`Redrive failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stop();
}
