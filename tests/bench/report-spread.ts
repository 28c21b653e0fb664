/**
 * `node tests/bench/report-spread.ts`: what a two-year `volume` report reads when a busy desk's counters are spread
 * as they are in practice — 15–30 active priority × channel × tier cells a day (of 80), each with 3–12 of the
 * common metrics, under 20 agents, 5 teams and 8 categories (tests/bench/spread.ts: the same draw every run).
 * The same two years are written in the first layout (one item per metric per key: how every version before the
 * packing stored them) and in the packed layout (cells, agents, teams, categories a day), in
 * different years of one table, and read through `volumeReport` with every DynamoDB call metered. The first layout
 * is read by today's code as the code before the packing read it — the same Queries — except that a priority also
 * reads the (empty) cell range: 24 more Queries (DynamoDB Local bills an empty Query nothing; AWS at most 0.5 RRU
 * each). About 7 minutes on a shared 2-core machine.
 */
import { DateTime } from "luxon";
import { batchWrite, counterItem } from "../../core/report/counters.ts";
import { volumeReport } from "../../core/report/volume.ts";
import { store } from "../../core/store/index.ts";
import { startMetering, takeMetered } from "../../core/store/meter.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";
import { dayOf, generator, packedDay } from "./spread.ts";

const print = console.log.bind(console);
console.log = () => {};

const DAYS = 730;
const days = (start: string) =>
  Array.from({ length: DAYS }, (_, i) => DateTime.fromISO(start).plus({ days: i }).toISODate()!);

/** The first layout, as `stat` items: one per metric per key of every dimension a report reads here. */
async function seedFirstLayout(start: string) {
  const random = generator(7);
  const items = [];
  for (const day of days(start)) {
    const sums = new Map<string, number>();
    for (const { keys, changes } of dayOf(random))
      for (const dim of ["all", "category", "priority"])
        for (const { metric, delta } of changes) {
          const id = `${dim}|${keys[dim]}|${metric}`;
          sums.set(id, (sums.get(id) ?? 0) + delta);
        }
    for (const [id, count] of sums) {
      const [dim, key, metric] = id.split("|") as [string, string, string];
      items.push({ month: day.slice(0, 7), day, dim, key, metric, count });
    }
  }
  await store().entities.stat.put(items).go({ concurrency: 8 });
  return items.length;
}

/** The packed layout, as the Reports worker and the rebuild write it (`counterMoves`, `counterItem`). */
async function seedPacked(start: string) {
  const random = generator(7);
  const items: ReturnType<typeof counterItem>[] = [];
  let cells = 0;
  for (const day of days(start)) {
    for (const { target, metrics } of packedDay(dayOf(random))) {
      if (target.dim === "cell") cells++;
      items.push(counterItem(day, target, metrics));
    }
  }
  const streams = 8;
  const share = Math.ceil(items.length / streams);
  await Promise.all(
    Array.from({ length: streams }, (_, i) =>
      batchWrite(items.slice(i * share, (i + 1) * share).map((Item) => ({ PutRequest: { Item } }))),
    ),
  );
  return { items: items.length, cellsPerDay: +(cells / DAYS).toFixed(1) };
}

const metered = () => {
  const calls = takeMetered();
  return { requests: calls.length, readUnits: +calls.reduce((s, c) => s + c.readUnits, 0).toFixed(1) };
};

const emulators = await startEmulators();
try {
  await provisionDesk({
    endpoints: emulators.endpoints,
    tableName: "bench-spread",
    prefix: "benchspread",
    secret: "bench-secret-0123456789",
    visibilityTimeoutSeconds: 1,
  });
  const [first, packed] = ["2021-01-01", "2024-01-01"];
  const firstItems = await seedFirstLayout(first);
  const packedSeed = await seedPacked(packed);
  print(
    `Seeded ${DAYS} days twice: first layout ${firstItems} items (all, category, priority); packed ${packedSeed.items} items, ${packedSeed.cellsPerDay} cells a day.\n`,
  );
  startMetering();
  print("| layout | groupBy | rows | DynamoDB requests | read units |");
  print("|---|---|---:|---:|---:|");
  for (const [layout, start] of [
    ["first layout (one item per metric)", first],
    ["packed", packed],
  ] as const)
    for (const groupBy of ["all", "category", "priority"] as const) {
      const [from, to] = [days(start)[0]!, days(start).at(-1)!];
      takeMetered();
      const rows = await volumeReport(from, to, groupBy);
      print(`| ${layout} | ${groupBy} | ${rows.length} | ${Object.values(metered()).join(" | ")} |`);
    }
} finally {
  await emulators.stop();
}
process.exit(0);
