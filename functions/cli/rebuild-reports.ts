/**
 * Rebuilds the report counters from the tickets (after an upgrade, or to repair them), with a progress bar.
 * Locally it uses the desk in DESK_DATA_DIR (default .data/), running or not. On AWS run it inside the desk's
 * SST environment (`npx sst shell -- npm run reports:rebuild`).
 *
 *   npm run reports:rebuild
 */
import { resolve } from "node:path";
import { rebuildReports } from "../../core/report/rebuild.ts";
import { store } from "../../core/store/index.ts";

let stop = async () => {};
if (!process.env.SST_RESOURCE_Table) {
  const { attachLocalDesk } = await import("../../infra/local/attach.ts");
  stop = await attachLocalDesk(resolve(process.env.DESK_DATA_DIR ?? ".data"));
}
try {
  const { data: counter } = await store().entities.counter.get({ name: "ticket" }).go();
  const total = counter?.value ?? 0;
  const bar = (done: number) => {
    const width = 30;
    const filled = total ? Math.min(width, Math.round((done / total) * width)) : width;
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} tickets`);
  };
  const result = await rebuildReports(bar);
  process.stderr.write("\n");
  console.log(
    `Rebuilt ${result.counters} counters over ${result.months} months from ${result.tickets} tickets.`,
  );
} finally {
  await stop();
}
