/**
 * `node tests/bench/report-spread.ts`: what a two-year `volume` report reads when a busy desk's counters are spread
 * as they are in practice — 15–30 active priority × channel × tier cells a day (of 80), each with 3–12 of the
 * common metrics, under 20 agents, 5 teams and 8 categories (a seeded pseudo-random draw: the same every run).
 * The same two years are written in the first layout (one item per metric per key: how every version before the
 * packing stored them) and in the packed layout (cells, agents, teams, categories a day), in
 * different years of one table, and read through `volumeReport` with every DynamoDB call metered. The first layout
 * is read by today's code as the code before the packing read it — the same Queries — except that a priority also
 * reads the (empty) cell range: 24 more Queries, 12 RRU. About 7 minutes on a shared 2-core machine.
 */
import { DateTime } from "luxon";
import { batchWrite, counterItem, type Target } from "../../core/report/counters.ts";
import { BUCKETS } from "../../core/report/facts.ts";
import { counterMoves } from "../../core/report/stats.ts";
import { volumeReport } from "../../core/report/volume.ts";
import { CHANNELS, PRIORITIES, TIERS } from "../../core/store/entities/ticket.ts";
import { store } from "../../core/store/index.ts";
import { startMetering, takeMetered } from "../../core/store/meter.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";

const print = console.log.bind(console);
console.log = () => {};

const POOL = [
  "created",
  "solved",
  "reopened",
  "one_touch",
  "reply",
  "first_response",
  ...BUCKETS.slice(0, 9).map((_, i) => `first_response_b${i}`),
  ...BUCKETS.slice(2, 12).map((_, i) => `solved_b${i + 2}`),
  "sla_first_response_met",
  "sla_first_response_missed",
  "sla_resolution_met",
  "sla_resolution_missed",
  "csat_sent",
  "csat_good",
  "csat_bad",
  "escalated_L2",
  "escalation_reason_needs_expertise",
  "breach_resolution",
];
const AGENTS = Array.from({ length: 20 }, (_, i) => `01AGENT${String(i).padStart(19, "0")}`);
const TEAMS = ["service-desk", "field-support", "network", "applications", "security"];
const CATEGORIES = ["access", "hardware", "network", "software", "email", "printing", "security", "purchase"];

/** mulberry32: a small seeded generator, so every run draws the same desk. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Contribution = { keys: Record<string, string>; changes: { metric: string; delta: number }[] };

/** One day's work: 15–30 active cells, each with one or two tickets' worth of metrics under an agent, team, category. */
function dayOf(random: () => number): Contribution[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const cells = new Set<string>();
  const wanted = 15 + Math.floor(random() * 16);
  while (cells.size < wanted) cells.add(`${pick(PRIORITIES)}#${pick(CHANNELS)}#${pick(TIERS)}`);
  return [...cells].flatMap((cell) => {
    const [priority, channel, tier] = cell.split("#") as [string, string, string];
    return Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
      const metrics = new Set<string>();
      const n = 3 + Math.floor(random() * 10);
      while (metrics.size < n) metrics.add(pick(POOL));
      return {
        keys: {
          all: "all",
          agent: pick(AGENTS),
          team: pick(TEAMS),
          category: pick(CATEGORIES),
          priority,
          channel,
          tier,
        },
        changes: [...metrics].map((metric) => ({ metric, delta: 1 + Math.floor(random() * 5) })),
      };
    });
  });
}

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
    const byTarget = new Map<string, { target: Target; metrics: Record<string, number> }>();
    for (const { keys, changes } of dayOf(random))
      for (const { target, metrics } of counterMoves(changes, keys as never)) {
        const id = `${target.dim}|${target.key}`;
        const entry = byTarget.get(id) ?? { target, metrics: {} };
        for (const [m, n] of Object.entries(metrics)) entry.metrics[m] = (entry.metrics[m] ?? 0) + n;
        byTarget.set(id, entry);
      }
    for (const { target, metrics } of byTarget.values()) {
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
