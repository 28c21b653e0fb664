/**
 * Cold starts of the deploy-shaped bundles (`npm run build:functions`) against a bare function bundled the same
 * way (tests/bench/cold-start/bare.ts: Hono + one DynamoDB PutItem). Each run is a fresh Node process that
 * imports the bundle and answers its first real request against the local emulators: the API a web-form
 * `POST /api/tickets`, a worker one SNS event carrying a real event of that request. Runs come in pairs
 * (bundle, bare; order alternating), and the figure is the median of the per-pair ratios, so both sides of a
 * ratio share the machine's load of that moment.
 *
 * `node tests/bench/cold-start.ts` runs it alone (own emulators); `npm run bench` runs it with the rest.
 * COLD_PAIRS (default 15) sets the number of pairs.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SNSEvent } from "aws-lambda";
import { type BuiltFunction, buildFunctions, buildOne } from "../../infra/build-functions.ts";
import { type LocalQueue, snsEvent } from "../../infra/local/queues.ts";
import type { QueueName } from "../../infra/topology.ts";

const here = import.meta.dirname;
const invoker = join(here, "cold-start/invoke.mjs");
const MARK = '{"ok":';

interface Run {
  ok: boolean;
  /** Spawn to first answer, measured by this process: Node's own start included. */
  wallMs: number;
  /** Inside the child: importing the bundle, then handling the event. */
  importMs: number;
  handleMs: number;
  result?: unknown;
}

/** Starts a fresh Node process on `bundle` with `event`, resolves when it has answered. */
function coldRun(bundle: string, event: unknown): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [invoker, bundle, JSON.stringify(event)], {
      env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: "cold-start-bench" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    let done = false;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith(MARK));
      if (!line || done) return;
      done = true;
      const wallMs = performance.now() - started;
      resolve({ ...(JSON.parse(line) as Omit<Run, "wallMs">), wallMs });
    });
    child.on("exit", (code) => {
      if (!done) reject(new Error(`cold start of ${bundle} exited with ${code} without answering:\n${out}`));
    });
  });
}

let formCount = 0;
/** A web-form submission as the function URL hands it over (API Gateway v2 payload), a new sender each time. */
export function formEvent() {
  const n = formCount++;
  const sourceIp = `10.99.${n >> 8}.${n & 255}`;
  const body = new URLSearchParams({
    name: "Cold Start",
    email: `cold${n}-${process.pid}@example.com`,
    subject: `My printer is on fire (${n})`,
    message: "Since this morning the printer in room 4 smells of smoke when it prints. What should I do?",
  }).toString();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/api/tickets",
    rawQueryString: "",
    headers: {
      host: "desk.example.com",
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "accept-language": "en",
      "x-forwarded-for": sourceIp,
    },
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "desk.example.com",
      domainPrefix: "desk",
      http: { method: "POST", path: "/api/tickets", protocol: "HTTP/1.1", sourceIp, userAgent: "bench" },
      requestId: `cold-${n}`,
      routeKey: "$default",
      stage: "$default",
      time: "06/Dec/2026:12:00:00 +0000",
      timeEpoch: 1796558400000,
    },
    body,
    isBase64Encoded: false,
  };
}

/** An agent's first request as the app makes it when opened (`GET /api/me`), signed in with `cookie`. */
function agentEvent(cookie: string) {
  const event = formEvent();
  const { "content-type": _, "content-length": __, ...headers } = event.headers;
  return {
    ...event,
    rawPath: "/api/me",
    headers: { ...headers, cookie },
    requestContext: {
      ...event.requestContext,
      http: { ...event.requestContext.http, method: "GET", path: "/api/me" },
    },
    body: undefined,
  };
}

/** A signed-in agent's session cookie on the provisioned desk (the agent is created through core, the login through the API). */
async function agentCookie() {
  const [{ createAgent }, { createApp }] = await Promise.all([
    import("../../core/agent/agent.ts"),
    import("../../functions/api/app.ts"),
  ]);
  const email = `cold-agent-${process.pid}@desk.test`;
  const password = "correct horse battery staple";
  await createAgent({ email, name: "Cold Agent", password, role: "agent", teams: [] });
  const response = await createApp().request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "10.98.0.1" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`the bench agent could not sign in: ${response.status}`);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** `count` real events taken off a worker's local invocation queue (and deleted there), each as the SNS event Lambda hands it. */
async function takeEvents(queue: LocalQueue, count: number): Promise<SNSEvent[]> {
  // The emulator names queues by a host of its own; the endpoint comes from AWS_ENDPOINT_URL_SQS.
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const events: SNSEvent[] = [];
  for (let empty = 0; events.length < count && empty < 3; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: Math.min(10, count - events.length),
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    if (Messages.length === 0) empty++;
    for (const m of Messages) events.push(snsEvent(JSON.parse(m.Body!)));
    if (Messages.length > 0)
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
  }
  sqs.destroy();
  return events;
}

export interface ColdStartRow {
  name: string;
  request: string;
  entryKB: number;
  totalKB: number;
  pairs: number;
  medianMs: number;
  bareMedianMs: number;
  /** Median of the per-pair ratios bundle ÷ bare. */
  ratio: number;
  importMs: number;
  handleMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Pairs of cold starts of `fn` (one event each) and of the bare function (one form each), alternating order. */
async function measurePairs(fn: BuiltFunction, bare: BuiltFunction, events: unknown[], request: string) {
  const runs: Run[] = [];
  const bareRuns: Run[] = [];
  for (const [i, event] of events.entries()) {
    let run: Run;
    let bareRun: Run;
    if (i % 2) {
      run = await coldRun(fn.file, event);
      bareRun = await coldRun(bare.file, formEvent());
    } else {
      bareRun = await coldRun(bare.file, formEvent());
      run = await coldRun(fn.file, event);
    }
    if (!run.ok)
      throw new Error(`${fn.name} did not answer its first request: ${JSON.stringify(run.result)}`);
    if (!bareRun.ok) throw new Error(`the bare function failed: ${JSON.stringify(bareRun.result)}`);
    runs.push(run);
    bareRuns.push(bareRun);
  }
  const kb = (bytes: number) => +(bytes / 1024).toFixed(1);
  const round = (ms: number) => +ms.toFixed(0);
  return {
    name: fn.name,
    request,
    entryKB: kb(fn.entryBytes),
    totalKB: kb(fn.totalBytes),
    pairs: runs.length,
    medianMs: round(median(runs.map((r) => r.wallMs))),
    bareMedianMs: round(median(bareRuns.map((r) => r.wallMs))),
    ratio: +median(runs.map((r, i) => r.wallMs / bareRuns[i]!.wallMs)).toFixed(2),
    importMs: round(median(runs.map((r) => r.importMs))),
    handleMs: round(median(runs.map((r) => r.handleMs))),
  } satisfies ColdStartRow;
}

/** The workers measured: each gets the events the API runs published (ticket.created reaches all three). */
const WORKERS: [string, QueueName][] = [
  ["acknowledge", "Acknowledge"],
  ["triage", "Triage"],
  ["search", "Search"],
];

/**
 * Builds every function and the bare reference, then measures the API and the workers in `pairs` pairs each.
 * Needs the desk provisioned on the emulators in this process's environment (provisionDesk).
 */
export async function measureColdStarts(queues: LocalQueue[], pairs = Number(process.env.COLD_PAIRS ?? 15)) {
  const built = await buildFunctions();
  const bare = await buildOne(
    "bare",
    "tests/bench/cold-start/bare.handler",
    join(here, "cold-start/bare.ts"),
    join(here, "../../.build/bench/bare"),
  );
  const byName = (name: string) => built.find((f) => f.name === name)!;
  // Warm the file cache and the emulators once per bundle; these runs are not counted.
  await coldRun(bare.file, formEvent());
  await coldRun(byName("api").file, formEvent());
  const rows: ColdStartRow[] = [];
  rows.push(
    await measurePairs(
      byName("api"),
      bare,
      Array.from({ length: pairs }, formEvent),
      "web-form POST /api/tickets",
    ),
  );
  // The same function for an agent opening the app: the agents' routes are imported on this first request.
  const cookie = await agentCookie();
  rows.push(
    await measurePairs(
      byName("api"),
      bare,
      Array.from({ length: pairs }, () => agentEvent(cookie)),
      "agent's first request: GET /api/me",
    ),
  );
  for (const [name, queueName] of WORKERS) {
    const queue = queues.find((q) => q.name === queueName)!;
    const [warmup, ...events] = await takeEvents(queue, pairs + 1);
    if (events.length < pairs) throw new Error(`only ${events.length} events reached ${queueName}`);
    await coldRun(byName(name).file, warmup);
    rows.push(await measurePairs(byName(name), bare, events, "one SNS event: ticket.created"));
  }
  return { rows, sizes: built, bare };
}

/** The report section, with how it was measured. */
export function printColdStarts(
  result: Awaited<ReturnType<typeof measureColdStarts>>,
  print: (s: string) => void,
) {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  print("## Lambda bundles and cold starts\n");
  print(
    `\`npm run build:functions\` (the deploy's bundling options, infra/bundling.ts). Each cold start is a fresh Node ${process.version} process (tests/bench/cold-start/invoke.mjs) that imports the bundle and answers one real request against DynamoDB Local, fauxqs and the SES emulator on loopback, timed from spawn to answer; the reference is a bare Hono + DynamoDB PutItem function bundled the same way (tests/bench/cold-start/bare.ts, ${kb(result.bare.entryBytes)} KB) answering a web-form POST. Ratio = median over the pairs of bundle ÷ reference, both runs of a pair back to back in alternating order. "Loads" is what the entry imports statically; the rest are chunks loaded on demand.\n`,
  );
  print(
    "| function | first request | loads KB | all KB | pairs | median ms | reference ms | ratio | import ms | handle ms |",
  );
  print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of result.rows)
    print(
      `| ${r.name} | ${r.request} | ${r.entryKB} | ${r.totalKB} | ${r.pairs} | ${r.medianMs} | ${r.bareMedianMs} | **${r.ratio}×** | ${r.importMs} | ${r.handleMs} |`,
    );
  print(
    "\nSizes of the other bundles (not started here: their first request needs mail in S3, a bounce or the clock):\n",
  );
  print("| function | loads KB | all KB |");
  print("|---|---:|---:|");
  for (const f of result.sizes.filter((s) => !result.rows.some((r) => r.name === s.name)))
    print(`| ${f.name} | ${kb(f.entryBytes)} | ${kb(f.totalBytes)} |`);
}

if (import.meta.main) {
  const { provisionDesk, startEmulators } = await import("../../infra/local/desk.ts");
  const emulators = await startEmulators();
  try {
    const { queues } = await provisionDesk({
      endpoints: emulators.endpoints,
      tableName: "bench-cold",
      prefix: "benchcold",
      secret: "bench-secret-0123456789",
      visibilityTimeoutSeconds: 30,
    });
    printColdStarts(await measureColdStarts(queues), console.log);
  } finally {
    await emulators.stop();
  }
}
