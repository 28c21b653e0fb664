/**
 * `node tests/bench/life.ts`: only the cost model of `npm run bench` (one ticket's life, web and mail intake),
 * for measuring a change to one part without the 100,000-ticket runs. Prints the same tables, then the Reports
 * worker's write units per step and in total.
 */
import { startMetering } from "../../core/store/meter.ts";
import { createApp } from "../../functions/api/app.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";
import { printCostModel } from "./cost-model.ts";
import { liveOneTicket } from "./lifecycle.ts";
import { measureReportCounters } from "./report-counters.ts";

const print = console.log.bind(console);
console.log = () => {};
const emulators = await startEmulators();
try {
  const { queues } = await provisionDesk({
    endpoints: emulators.endpoints,
    tableName: "bench-life",
    prefix: "benchlife",
    secret: "bench-secret-0123456789",
    visibilityTimeoutSeconds: 1,
  });
  startMetering();
  print("| operation | requests | promised | read units | write units | promised | check |");
  print("|---|---:|---:|---:|---:|---:|---|");
  for (const row of await measureReportCounters(createApp()))
    print(
      `| ${row.operation} | ${row.requests} | ${row.promised} | ${row.readUnits} | ${row.writeUnits} | ${row.promisedWriteUnits} | ${row.check} |`,
    );
  for (const intake of ["web", "mail"] as const) {
    const steps = await liveOneTicket(createApp(), queues, intake, 1);
    printCostModel(print, steps, intake);
    const reports = steps.map((s) => s.writeUnitsBy.Reports ?? 0);
    print(
      `\n${intake}: Reports WRU per step ${reports.join(" + ")} = ${reports.reduce((a, b) => a + b, 0)}\n`,
    );
  }
} finally {
  await emulators.stop();
}
process.exit(0);
