/**
 * What a desk that receives nothing pays a month (`npm run bench`, or `node tests/bench/idle-cost.ts` alone).
 *
 * A fresh desk on the local emulators (defaults seeded, the first admin, no ticket) is swept minute after minute
 * on a simulated clock, as the every-minute cron does; each run's DynamoDB requests, wall time and log bytes are
 * counted from the real calls. The monthly bill is priced line by line at published on-demand prices without
 * free tiers (PRICES, tests/bench/cost-model.ts). Prints PASS or FAIL against the goal and exits 1 on FAIL.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import { createAgent } from "../../core/agent/agent.ts";
import { dynamo } from "../../core/store/client.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { importExamples, trainModel } from "../../core/triage/learn.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";
import { PRICES } from "./cost-model.ts";

/** The goal of issue 17: a desk that receives nothing costs at most this a month. */
export const IDLE_GOAL_USD = 0.15;
const RUNS_A_MONTH = 30 * 24 * 60;
/** infra/cron.ts: the sweep's memory. */
const SWEEP_GB = 0.25;
/** Lambda gives a full vCPU at 1,769 MB and a proportional share below (CPU-bound work slows by the ratio). */
const FULL_CPU_MB = 1769;

/** What one sweep run did, counted from the real calls. */
interface Run {
  requests: number;
  /** Read units as AWS bills them: at least 0.5 per eventually consistent read request, 1 per strong one. */
  readUnits: number;
  writeUnits: number;
  commands: string[];
  ms: number;
  logBytes: number;
}

/**
 * Counts every DynamoDB call of the process with its billed units. AWS bills a read request that finds nothing
 * the minimum (0.5 RRU eventually consistent, 1 strongly consistent), where DynamoDB Local reports 0.
 */
function countDynamo() {
  const calls: { command: string; readUnits: number; writeUnits: number }[] = [];
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string; ConsistentRead?: boolean };
      input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      const command = String(context.commandName ?? "").replace(/Command$/, "");
      const consumed = [(result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity ?? []]
        .flat()
        .reduce((sum: number, c) => sum + ((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
      const read = /^(Get|BatchGet|Query|Scan)/.test(command);
      const minimum = input.ConsistentRead ? 1 : 0.5;
      calls.push({
        command,
        readUnits: read ? Math.max(consumed, minimum) : 0,
        writeUnits: read ? 0 : Math.max(consumed, 1),
      });
      return result;
    },
    { step: "initialize", name: "idleCostCounter" },
  );
  return () => calls.splice(0, calls.length);
}

/** Bytes the sweep writes to stdout and stderr while `run` runs (what CloudWatch Logs would ingest of it). */
async function countLogBytes<T>(run: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  let bytes = 0;
  const originals = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  const count = (...parts: unknown[]) => {
    bytes += Buffer.byteLength(`${parts.map(String).join(" ")}\n`);
  };
  Object.assign(console, { log: count, error: count, warn: count, info: count });
  try {
    return { result: await run(), bytes };
  } finally {
    Object.assign(console, originals);
  }
}

/** `count` sweep runs one simulated minute apart from `from`, each measured. */
async function sweepMinutes(from: DateTime, count: number, take: ReturnType<typeof countDynamo>) {
  const runs: Run[] = [];
  for (let i = 0; i < count; i++) {
    take();
    const started = performance.now();
    const { bytes } = await countLogBytes(() => runSweep(from.plus({ minutes: i }).toJSDate()));
    const ms = performance.now() - started;
    const calls = take();
    runs.push({
      requests: calls.length,
      readUnits: calls.reduce((s, c) => s + c.readUnits, 0),
      writeUnits: calls.reduce((s, c) => s + c.writeUnits, 0),
      commands: calls.map((c) => c.command),
      ms,
      logBytes: bytes,
    });
  }
  return runs;
}

const mean = (runs: Run[], f: (r: Run) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Measures the idle sweep on the desk the environment points at (fresh: seeded here). Runs on a Wednesday
 * (`runs`, plus 20 unmeasured first: the upgrade step of a new desk scans for its first 15 minutes, once) and on
 * a Monday from 09:00, when the weekly summary checks whether it is due, weighted by their share of the month.
 */
export async function measureIdleSweep(runs = 120) {
  await seedDefaults();
  await createAgent({
    email: "idle-admin@desk.test",
    name: "Idle admin",
    password: "idle password 1234",
    role: "admin",
    teams: [],
  });
  const take = countDynamo();
  const wednesday = DateTime.utc().startOf("week").plus({ weeks: 1, days: 2, hours: 12 });
  await sweepMinutes(wednesday.minus({ minutes: 30 }), 20, take);
  const weekday = await sweepMinutes(wednesday, runs, take);
  const monday = await sweepMinutes(wednesday.minus({ days: 2, hours: 3 }), Math.max(10, runs / 6), take);
  // Monday 08:00 to midnight (desk time, UTC here): 16 hours of the 168 of a week.
  const mondayShare = 16 / 168;
  const perRun = (f: (r: Run) => number) =>
    (1 - mondayShare) * mean(weekday, f) + mondayShare * mean(monday, f);
  return {
    runs: weekday.length + monday.length,
    requests: perRun((r) => r.requests),
    readUnits: perRun((r) => r.readUnits),
    writeUnits: perRun((r) => r.writeUnits),
    // Lambda bills each invocation's duration rounded up to the millisecond: the median run's, priced (the mean
    // on this shared machine carries other processes' load; both are printed).
    billedMs: Math.ceil(median([...weekday, ...monday].map((r) => r.ms))),
    meanMs: perRun((r) => Math.ceil(r.ms)),
    minMs: Math.min(...weekday.map((r) => r.ms)),
    load: loadavg()[0]!,
    logBytes: perRun((r) => r.logBytes),
    weekdayCommands: tally(weekday),
    mondayCommands: tally(monday),
  };
}

/** The DynamoDB commands of a set of runs, per run on average ("Query 4, Scan 1"). */
function tally(runs: Run[]): string {
  const counts: Record<string, number> = {};
  for (const r of runs) for (const c of r.commands) counts[c] = (counts[c] ?? 0) + 1;
  return Object.entries(counts)
    .map(([command, n]) => `${command} ${+(n / runs.length).toFixed(2)}`)
    .join(", ");
}

/**
 * The classifier's training time on `examples` synthetic labelled tickets (8 categories, 60 words each from a
 * 3,000-word vocabulary), measured here on one core, and what it would be at the sweep's CPU share at 256 MB.
 */
export async function measureTraining(examples: number) {
  const categories = [
    "access",
    "printing",
    "network",
    "purchase",
    "software",
    "security",
    "hr-admin",
    "hardware",
  ];
  let seed = 17;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const word = (category: number) =>
    random() < 0.3
      ? `${categories[category]}${Math.floor(random() * 40)}`
      : `w${Math.floor(random() * 3000)}`;
  for (let done = 0; done < examples; done += 1000) {
    const batch = Array.from({ length: Math.min(1000, examples - done) }, (_, i) => {
      const category = (done + i) % categories.length;
      return {
        text: Array.from({ length: 60 }, () => word(category)).join(" "),
        category: categories[category]!,
      };
    });
    await importExamples({ examples: batch }, "bench");
  }
  const result = await trainModel();
  if (!result.trained) throw new Error("training did not run");
  return {
    examples: result.examples,
    localMs: result.trainMs,
    at256Ms: Math.round(result.trainMs * (FULL_CPU_MB / 256)),
  };
}

type Measured = Awaited<ReturnType<typeof measureIdleSweep>>;

/** The monthly idle bill, line by line: quantity a month, price, cost a month. */
/** `alarmed`: the deploy has its alarms (only with DESK_ALARM_EMAIL: infra/dead-letters.ts, infra/api.ts). */
export function idleBill(m: Measured, alarmed = Boolean(process.env.DESK_ALARM_EMAIL)) {
  const gbSeconds = (m.billedMs / 1000) * SWEEP_GB * RUNS_A_MONTH;
  // Execution environments are recycled a few times a day; one cold start an hour, each billed 400 ms of init.
  const initGbSeconds = 24 * 30 * 0.4 * SWEEP_GB;
  const lines = [
    {
      item: "Sweep invocations",
      quantity: `${RUNS_A_MONTH.toLocaleString("en")} invocations`,
      usd: RUNS_A_MONTH * PRICES.lambdaRequest.usd,
      how: "EventBridge rate(1 minute), 30 days; $0.20 per million requests (EventBridge schedules are free)",
    },
    {
      item: "Sweep compute",
      quantity: `${Math.round(gbSeconds)} GB-s`,
      usd: gbSeconds * PRICES.lambdaCompute.usd,
      how: `${m.billedMs} ms a run (the median run's local wall time, rounded up to the ms as Lambda bills) at the deployed 256 MB, arm64, $0.0000133334 per GB-s`,
    },
    {
      item: "Sweep cold starts",
      quantity: `${Math.round(initGbSeconds)} GB-s`,
      usd: initGbSeconds * PRICES.lambdaCompute.usd,
      how: "assumed: one new execution environment an hour, 400 ms of billed init each",
    },
    {
      item: "Sweep DynamoDB reads",
      quantity: `${Math.round(m.readUnits * RUNS_A_MONTH).toLocaleString("en")} RRU`,
      usd: m.readUnits * RUNS_A_MONTH * PRICES.dynamoRead.usd,
      how: `${m.requests.toFixed(2)} requests, ${m.readUnits.toFixed(2)} RRU a run (AWS's minimum of 0.5 per eventually consistent request), $0.125 per million`,
    },
    {
      item: "Sweep DynamoDB writes",
      quantity: `${Math.round(m.writeUnits * RUNS_A_MONTH).toLocaleString("en")} WRU`,
      usd: m.writeUnits * RUNS_A_MONTH * PRICES.dynamoWrite.usd,
      how: "$0.625 per million",
    },
    {
      item: "Sweep logs",
      quantity: `${((m.logBytes * RUNS_A_MONTH) / 1024).toFixed(1)} KB`,
      usd: ((m.logBytes * RUNS_A_MONTH) / 1024) * PRICES.logs.usd,
      how: `${m.logBytes.toFixed(1)} bytes a run written by the sweep; Lambda's START/REPORT lines are off (system log level WARN, infra/cron.ts); $0.50 per GB ingested`,
    },
    {
      item: "Retry queue receives",
      quantity: `${RUNS_A_MONTH.toLocaleString("en")} requests`,
      usd: RUNS_A_MONTH * PRICES.sqs.usd,
      how: "one ReceiveMessage per sweep run on the shared Retry queue; $0.40 per million",
    },
    {
      item: "Alarms",
      quantity: alarmed ? "2 alarms" : "0 alarms",
      usd: alarmed ? 0.2 : 0,
      how: alarmed
        ? "two standard-resolution CloudWatch metric alarms (DESK_ALARM_EMAIL is set): the shared DeadLetters queue, the API's 5xx answers; $0.10 a month each"
        : "none: the two CloudWatch alarms (DeadLetters queue, API 5xx answers; $0.10 a month each) and their Alarms topic are deployed only with DESK_ALARM_EMAIL; admins see dead letters in the app (banner, Admin → Dead letters)",
    },
    {
      item: "Storage: empty table, site, bundles",
      quantity: "< 10 MB",
      usd: (10 / 1024) * 0.023 + (1 / 1024 / 1024) * 0.25,
      how: "S3 Standard $0.023 per GB-month for the web app, help center and function bundles (< 10 MB); DynamoDB $0.25 per GB-month for a fresh table's few KB",
    },
    {
      item: "Everything else a deploy leaves",
      quantity: "0 requests",
      usd: 0,
      how: "the CloudFront router and sites, the API function, the workers, the SNS topics (events, mail feedback, and alarms with DESK_ALARM_EMAIL), SES identity and receipt rule, the mail bucket: billed per request, message or mail only, and a desk that receives nothing makes none. SST secrets travel encrypted in the bundles (no Secrets Manager, no KMS key)",
    },
  ];
  return { lines, total: lines.reduce((s, l) => s + l.usd, 0) };
}

const money = (usd: number) => `$${usd.toFixed(5)}`;

/** The bill as Markdown; returns whether it meets the goal. */
export function printIdleBill(
  print: (line: string) => void,
  m: Measured,
  training?: Awaited<ReturnType<typeof measureTraining>>,
) {
  print("## Cost when idle\n");
  print(
    `A fresh desk (defaults seeded, one admin, no ticket) swept ${m.runs} times, one simulated minute apart (a Wednesday, and a Monday from 09:00 weighted 16/168 for the weekly summary's check), after 20 unmeasured runs. DynamoDB requests and units counted on the SDK client, billed units per AWS's rules; the log bytes are what the sweep wrote; the duration is the local wall time of each run. Priced at published on-demand prices (us-east-1), free tiers left out.\n`,
  );
  print(
    `Per run: ${m.requests.toFixed(2)} DynamoDB requests (${m.weekdayCommands}; on Monday: ${m.mondayCommands}), ${m.readUnits.toFixed(2)} RRU, ${m.writeUnits.toFixed(2)} WRU, ${m.logBytes.toFixed(1)} log bytes; wall time median ${m.billedMs} ms (min ${m.minMs.toFixed(1)}, mean ${m.meanMs.toFixed(1)}; load average ${m.load.toFixed(1)} on ${cpus().length} cores while measuring).\n`,
  );
  const { lines, total } = idleBill(m);
  print("| item | a month | how | cost a month |");
  print("|---|---:|---|---:|");
  for (const l of lines) print(`| ${l.item} | ${l.quantity} | ${l.how} | ${money(l.usd)} |`);
  print(`| **total** | | | **${money(total)}** |`);
  const pass = total <= IDLE_GOAL_USD;
  print(`\nGoal ≤ $${IDLE_GOAL_USD.toFixed(2)} a month: ${money(total)} — ${pass ? "PASS" : "FAIL"}.`);
  const compute = lines.find((l) => l.item === "Sweep compute")!.usd;
  const headroomMs = m.billedMs + ((IDLE_GOAL_USD - total) / compute) * m.billedMs;
  print(
    `The goal holds while a run bills up to ${Math.floor(headroomMs)} ms; at the mean run (${m.meanMs.toFixed(1)} ms) the total would be ${money(total - compute + (compute * m.meanMs) / m.billedMs)}.`,
  );
  const kept = lines.filter((l) => l.item.startsWith("Sweep DynamoDB") || l.item.startsWith("Storage"));
  print(
    `\nWith AWS's always-free tiers (Lambda 1M requests and 400,000 GB-s, SQS 1M requests, CloudWatch 10 alarms and 5 GB of logs a month) only the DynamoDB on-demand reads (on-demand request units have no free tier) and storage remain: ${money(kept.reduce((s, l) => s + l.usd, 0))} a month.`,
  );
  if (training)
    print(
      `\nTraining is not in the sweep: ${training.examples.toLocaleString("en")} labelled tickets train in ${(training.localMs / 1000).toFixed(1)} s on one local core, which would be about ${(training.at256Ms / 1000).toFixed(0)} s at the sweep's 256 MB (×${(FULL_CPU_MB / 256).toFixed(1)}: Lambda's CPU share at 256 MB), past its 50 s timeout. The sweep hands it to the Trainer function (1,769 MB, one vCPU, about the local time) by an asynchronous invoke, only when agents labelled tickets.`,
    );
  return pass;
}

if (import.meta.main) {
  const emulators = await startEmulators();
  let code = 1;
  try {
    await provisionDesk({
      endpoints: emulators.endpoints,
      tableName: "bench-idle",
      prefix: "benchidle",
      secret: "bench-idle-secret-0123456789",
      visibilityTimeoutSeconds: 1,
    });
    const measured = await measureIdleSweep(Number(process.env.BENCH_IDLE_RUNS ?? 120));
    const training = await measureTraining(Number(process.env.BENCH_TRAIN_EXAMPLES ?? 5000));
    code = printIdleBill(console.log, measured, training) ? 0 : 1;
  } catch (error) {
    console.error(error);
  } finally {
    await emulators.stop();
  }
  process.exit(code);
}
