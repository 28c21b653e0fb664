/**
 * `npm run bench`: what one call of each API operation costs in DynamoDB requests and units, the idle bill,
 * inbound mail and
 * triage throughput and cost, how create and
 * view latency behave with 1,000 vs 100,000 tickets in the table, and each Lambda bundle's size and cold start.
 * Everything runs against the local emulators on loopback and stops by itself.
 *
 * BENCH_LARGE (default 100000) and BENCH_SAMPLES (default 200) change the sizes.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startMetering, takeMetered } from "../../core/store/meter.ts";
import { createApp } from "../../functions/api/app.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";
import { appSizes, timeToFirstQueue } from "./app.ts";
import { measureColdStarts, printColdStarts } from "./cold-start.ts";
import { printCostModel } from "./cost-model.ts";
import { measureInbound } from "./inbound.ts";
import { formRequests, measureKb } from "./kb.ts";
import { liveOneTicket } from "./lifecycle.ts";
import { measureOperations } from "./operations.ts";
import { measureParse } from "./parse.ts";
import { measureReportCounters } from "./report-counters.ts";
import { measureReport, seedCounters } from "./reports.ts";
import { seedTickets } from "./seed.ts";
import { measureSweep } from "./sweep.ts";
import { measureTriage } from "./triage.ts";
import { writeGoals } from "./write-goals.ts";

// The report goes to stdout; the workers' own JSON logs (one line per event) would drown it, so they are muted.
const print = console.log.bind(console);
console.log = () => {};

const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const SMALL = 1_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WARMUP = 50;

const emulators = await startEmulators();
const stop = async (code: number) => {
  await emulators.stop();
  process.exit(code);
};
const timeout = setTimeout(() => {
  console.error("bench: gave up after 30 minutes");
  void stop(1);
}, 30 * 60_000);

try {
  print("# Benchmarks\n");
  print(
    `Node ${process.version}, ${new Date().toISOString()}; DynamoDB Local, fauxqs and the SES emulator on loopback.\n`,
  );

  // 1. Cost of each API operation, counted from the real calls.
  const { queues } = await provisionDesk({
    endpoints: emulators.endpoints,
    tableName: "bench-ops",
    prefix: "benchops",
    secret: "bench-secret-0123456789",
    visibilityTimeoutSeconds: 1,
  });
  startMetering();
  const operations = [
    ...(await measureOperations(createApp())),
    ...(await measureReportCounters(createApp())),
  ];
  print("## DynamoDB cost per API operation\n");
  print(
    "Counted with SDK middleware on the real calls (ReturnConsumedCapacity), transactions doubled as AWS bills them.",
  );
  print(
    "Promised = core/store/README.md (requests: the access patterns; write units: the Writes table); FAIL where a measured figure exceeds its promise.\n",
  );
  print("| operation | requests | promised | read units | write units | promised | check |");
  print("|---|---:|---:|---:|---:|---:|---|");
  for (const row of operations) {
    print(
      `| ${row.operation} | ${row.requests} | ${row.promised} | ${row.readUnits} | ${row.writeUnits} | ${row.promisedWriteUnits} | ${row.check} |`,
    );
  }
  const broken = operations.filter((row) => row.check === "FAIL").map((row) => row.operation);

  // 1b. The cost model: one ticket's whole life, counted, at published prices.
  print("\n## Cost model: one ticket's life\n");
  print(
    "Each step run on the local desk through the API and the workers (queue by queue until all are empty); DynamoDB requests and units metered as above, SNS, SES and S3 requests counted on the SDK clients, worker deliveries counted by the local invoker. Priced below at published on-demand prices (us-east-1, free tiers left out); a worker delivery costs no SQS request (SNS and S3 invoke the workers directly), Lambda one invocation per API call, delivery and sweep run, billed for the local wall time at 256 MB.",
  );
  const webSteps = await liveOneTicket(createApp(), queues, "web", 1);
  const mailSteps = await liveOneTicket(createApp(), queues, "mail", 1);
  const web = printCostModel(print, webSteps, "web");
  const mail = printCostModel(print, mailSteps, "mail");
  for (const [intake, model] of [
    ["web", web],
    ["mail", mail],
  ] as const)
    print(
      `\nGoal ≤ $0.05 per 1,000 tickets before SES, ${intake} intake: $${(model.beforeSes * 1000).toFixed(3)} — ${model.beforeSes * 1000 <= 0.05 ? "met" : "missed"}.`,
    );

  // 1c. What a desk that receives nothing pays a month: its own process, desk and emulators (a fresh table).
  const idle = await idleCost();
  print(`\n${idle.report.trim()}`);
  if (!idle.pass) console.error("bench: FAIL — idle bill above the goal (tests/bench/idle-cost.ts)");
  // 1d. The write goals that span several calls (core/store/README.md, Writes), from the same two lives.
  print("\n## Write goals across workers\n");
  print("| goal | measured | limit | detail | check |");
  print("|---|---:|---:|---|---|");
  for (const goal of writeGoals(webSteps, mailSteps)) {
    print(`| ${goal.goal} | ${goal.measured} | ${goal.limit} | ${goal.detail} | ${goal.check} |`);
    if (goal.check === "FAIL") broken.push(goal.goal);
  }

  // 2. Inbound mail through the local pipeline.
  const inbound = await measureInbound(queues, Number(process.env.BENCH_MAILS ?? 200));
  print("\n## Inbound mail\n");
  print(
    `${inbound.count} messages sent over SMTP (4 connections) to the local desk, timed until every one is filed and acknowledged (SMTP → S3 → InboundMail queue → filing worker → ticket → Acknowledge queue → SES), one process.\n`,
  );
  print("| messages/s | DynamoDB requests per message | read units | write units |");
  print("|---:|---:|---:|---:|");
  print(
    `| ${inbound.perSecond} | ${inbound.requestsPerMessage} | ${inbound.readUnitsPerMessage} | ${inbound.writeUnitsPerMessage} |`,
  );
  print(`\nAWS cost of one inbound message at on-demand prices (us-east-1): ${inboundCost(inbound)}.`);

  // 2a. Parsing the hard cases of real-world mail (CPU only).
  print("\n## Parsing real-world mail\n");
  print("`parseMail` alone on the desk's fixtures, one process, 20 runs after a warm-up (ms).\n");
  print("| message | KB | p50 ms | max ms |");
  print("|---|---:|---:|---:|");
  for (const row of await measureParse()) print(`| ${row.kind} | ${row.kb} | ${row.p50} | ${row.max} |`);

  // 2b. The triage worker.
  const triageCount = Number(process.env.BENCH_TRIAGE ?? 200);
  print("\n## Triage worker\n");
  print(
    `${triageCount} new tickets (8 kinds of English and French text, 4 available agents), then only the Triage queue drained through the local poller (batches of 10, one process) — with keyword rules deciding, then with a trained model. Each ticket: read, categorize, prioritize, route, assign, one transaction.\n`,
  );
  print("| decided by | tickets/s | DynamoDB requests per ticket | read units | write units |");
  print("|---|---:|---:|---:|---:|");
  for (const row of await measureTriage(queues, triageCount))
    print(
      `| ${row.decidedBy} | ${row.perSecond} | ${row.requestsPerTicket} | ${row.readUnitsPerTicket} | ${row.writeUnitsPerTicket} |`,
    );

  // 2c. The knowledge base.
  const kbResult = await measureKb(Number(process.env.BENCH_ARTICLES ?? 1000));
  print("\n## Knowledge base search\n");
  print(
    `${kbResult.articles} published articles; the index (MiniSearch, stemmed) is rebuilt once, then 200 two-word searches through \`searchArticles\` on a warm worker (the index is cached per version; each search reads only the small version pointer).\n`,
  );
  print(
    "| articles | index rebuild ms | rebuild read units | search p50 ms | search p99 ms | DynamoDB requests per search | read units per search |",
  );
  print("|---:|---:|---:|---:|---:|---:|---:|");
  print(
    `| ${kbResult.articles} | ${kbResult.rebuildMs} | ${kbResult.rebuildReadUnits} | ${kbResult.p50} | ${kbResult.p99} | ${kbResult.requestsPerSearch} | ${kbResult.readUnitsPerSearch} |`,
  );
  const form = await formRequests();
  print(
    `\nOne web-form submission typed in headless Chromium (about six characters a second, two pauses): ${form.search} suggestion searches + ${form.submit} submission = ${form.search + form.submit} requests (at most 5 searches a page by design).`,
  );

  // 3. Latency with a small and a large table.
  print("\n## Latency against table size\n");
  print(
    `${SAMPLES} sequential calls of each through the Hono app (app.request), after ${WARMUP} unmeasured ones (JIT, connections); p50/p99 in ms.\n`,
  );
  print("| tickets in table | create p50 | create p99 | view p50 | view p99 |");
  print("|---:|---:|---:|---:|---:|");
  const results: Record<number, { create: number[]; view: number[] }> = {};
  const sweeps: Record<number, Awaited<ReturnType<typeof measureSweep>>> = {};
  const firstQueue: Record<number, number> = {};
  const reportRuns: Record<number, Awaited<ReturnType<typeof measureReport>>[]> = {};
  const counterItems = await seedCounters();
  // One table, grown from SMALL to LARGE between the two runs (SST reads linked resources once per process).
  let inTable = 0;
  for (const size of [SMALL, LARGE]) {
    const seeded = performance.now();
    await seedTickets(size - inTable);
    inTable = size + SAMPLES + WARMUP;
    console.error(
      `table now holds ${size} tickets (seeding took ${((performance.now() - seeded) / 1000).toFixed(0)} s)`,
    );
    sweeps[size] = await measureSweep(10);
    firstQueue[size] = await timeToFirstQueue("bench-admin@desk.test", "bench password 123");
    reportRuns[size] = await reportsAt();
    takeMetered();
    await latency(createApp(), WARMUP, `warm${size}`);
    results[size] = await latency(createApp(), SAMPLES, `run${size}`);
    const r = results[size]!;
    print(
      `| ${size.toLocaleString("en")} | ${p(r.create, 50)} | ${p(r.create, 99)} | ${p(r.view, 50)} | ${p(r.view, 99)} |`,
    );
  }
  const ratio = (kind: "create" | "view") =>
    (p(results[LARGE]![kind], 50) / p(results[SMALL]![kind], 50)).toFixed(2);
  print(
    `\nRatio of p50 (${LARGE.toLocaleString("en")} / ${SMALL.toLocaleString("en")}): create ${ratio("create")}, view ${ratio("view")}.`,
  );

  // 3b. The sweep, against table size.
  print("\n## SLA sweep against table size\n");
  print(
    "One sweep run (`runSweep`: due-index query over 4 shards, each due ticket decided and written, the outbox, the recompute job and the model check) with 10 tickets due, in a table where every other non-closed ticket also sits in the due index with its next check days ahead. Counted from the real calls.\n",
  );
  print(
    "| tickets in table | due tickets acted on | DynamoDB requests | items read | read units | write units | duration ms |",
  );
  print("|---:|---:|---:|---:|---:|---:|---:|");
  for (const size of [SMALL, LARGE]) {
    const r = sweeps[size]!;
    print(
      `| ${size.toLocaleString("en")} | ${r.acted} | ${r.requests} | ${r.itemsRead} | ${r.readUnits} | ${r.writeUnits} | ${r.ms} |`,
    );
  }

  // 3b'. Reports.
  print("\n## Reports against table size\n");
  print(
    `GET /api/reports/<name> through the Hono app, median of 5, with two years of daily counters in the table (${counterItems.toLocaleString("en")} packed counter items: a busy desk's spread, 15–30 priority × channel × tier cells a day with 3–12 metrics each, 20 agents, 5 teams, 8 categories — tests/bench/spread.ts; 2 satisfaction comments a day) and 1,000 vs 100,000 tickets. Read units counted from the real calls.\n`,
  );
  print("| tickets in table | report | range | groupBy | rows | DynamoDB requests | read units | ms |");
  print("|---:|---|---:|---|---:|---:|---:|---:|");
  for (const size of [SMALL, LARGE])
    for (const r of reportRuns[size]!)
      print(
        `| ${size.toLocaleString("en")} | ${r.name} | ${r.days} days | ${r.groupBy} | ${r.rows} | ${r.requests} | ${r.readUnits} | ${r.ms} |`,
      );

  // 3c. The agent app.
  print("\n## Agent app\n");
  print("Built with Vite (web/app/dist), gzipped sizes of what each route downloads:\n");
  print("| route | JS KB (gzip) | CSS KB (gzip) |");
  print("|---|---:|---:|");
  for (const row of appSizes()) print(`| ${row.route} | ${row.jsKB} | ${row.cssKB} |`);
  print(
    "\nTime from navigation to the first queue row rendered (`/app/queue/all`, 50 tickets a page), headless Chromium against the local API on loopback, signed in, median of 9 runs after one warm-up:\n",
  );
  print("| tickets in desk | first queue rendered (ms) |");
  print("|---:|---:|");
  for (const size of [SMALL, LARGE]) print(`| ${size.toLocaleString("en")} | ${firstQueue[size]} |`);

  // 4. Bundles and cold starts (the events the cold API requests publish feed the workers' runs).
  print("");
  printColdStarts(await measureColdStarts(queues), print);
  clearTimeout(timeout);
  if (broken.length) console.error(`bench: FAIL — measured cost above the promise for: ${broken.join("; ")}`);
  await stop(broken.length || !idle.pass ? 1 : 0);
} catch (error) {
  console.error(error);
  await stop(1);
}

/**
 * Per message: SES receiving ($0.10 per 1,000 + $0.09 per 1,000 256 KB chunks), S3 PUT + GET ($0.005 and
 * $0.0004 per 1,000), no SQS (S3 and SNS invoke the workers directly), SNS publish ($0.50 per million),
 * the acknowledgement sent by SES ($0.10 per 1,000), DynamoDB on-demand ($0.625 per million WRU, $0.125 per
 * million RRU) and Lambda (2 invocations of ~150 ms at 256 MB arm64: $0.0000000021 per ms·128MB… ≈ $0.0000053).
 */
function inboundCost(m: { readUnitsPerMessage: number; writeUnitsPerMessage: number }): string {
  const parts = {
    ses: 0.0001 + 0.00009 + 0.0001,
    s3: 0.000005 + 0.0000004,
    sns: 0.0000005,
    dynamodb: m.writeUnitsPerMessage * 0.000000625 + m.readUnitsPerMessage * 0.000000125,
    lambda: 2 * 150 * 0.0000000033,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  const detail = Object.entries(parts)
    .map(([k, v]) => `${k} $${v.toFixed(7)}`)
    .join(", ");
  return `$${total.toFixed(5)} (${detail}) — SES receiving and sending dominate`;
}

/** Runs tests/bench/idle-cost.ts in a process of its own (SST reads linked resources once per process). */
function idleCost(): Promise<{ report: string; pass: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "idle-cost.ts")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let report = "";
    child.stdout.on("data", (chunk: Buffer) => {
      report += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ report, pass: code === 0 }));
  });
}

function p(samples: number[], percentile: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor((percentile / 100) * sorted.length))]!.toFixed(1);
}

async function latency(app: ReturnType<typeof createApp>, samples: number, label: string) {
  const create: number[] = [];
  const view: number[] = [];
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "bench-admin@desk.test", password: "bench password 123" }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await app.request(
      "/api/tickets",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          name: "Bench",
          email: `lat${i}@example.com`,
          subject: `Latency ${i}`,
          message: "Timing",
        }),
      },
      { incoming: { socket: { remoteAddress: `10.${label.length}.${i >> 8}.${i & 255}-${label}` } } },
    );
    create.push(performance.now() - started);
    const { id } = (await response.json()) as { id: string };
    const viewStarted = performance.now();
    const viewed = await app.request(`/api/tickets/${id}`, { headers: { cookie } });
    await viewed.arrayBuffer();
    view.push(performance.now() - viewStarted);
  }
  return { create, view };
}

/** The reports read at one table size: 90 days and two years, for the desk and by category. */
async function reportsAt() {
  const app = createApp();
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "bench-admin@desk.test", password: "bench password 123" }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const runs = [];
  for (const [name, days, groupBy] of [
    ["response-times", 90, "all"],
    ["response-times", 90, "category"],
    ["volume", 730, "all"],
    ["volume", 730, "category"],
    ["escalations", 730, "team"],
    ["comments", 730, "all"],
    ["deflection", 730, "all"],
    ["backlog", 90, "all"],
    ["cost", 30, "all"],
  ] as const)
    runs.push(await measureReport(app, cookie, name, days, groupBy));
  return runs;
}
