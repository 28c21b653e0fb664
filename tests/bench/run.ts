/**
 * `npm run bench`: what one call of each API operation costs in DynamoDB requests and units, how create and
 * view latency behave with 1,000 vs 100,000 tickets in the table, and how big each Lambda bundle is.
 * Everything runs against the local emulators on loopback and stops by itself.
 *
 * BENCH_LARGE (default 100000) and BENCH_SAMPLES (default 200) change the sizes.
 */
import { performance } from "node:perf_hooks";
import { startMetering, takeMetered } from "../../core/store/meter.ts";
import { createApp } from "../../functions/api/app.ts";
import { provisionDesk, startEmulators } from "../../infra/local/desk.ts";
import { bundleSizes } from "./bundles.ts";
import { measureInbound } from "./inbound.ts";
import { measureOperations } from "./operations.ts";
import { seedTickets } from "./seed.ts";

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
  console.log("# Benchmarks\n");
  console.log(
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
  const operations = await measureOperations(createApp());
  console.log("## DynamoDB cost per API operation\n");
  console.log(
    "Counted with SDK middleware on the real calls (ReturnConsumedCapacity), transactions doubled as AWS bills them.",
  );
  console.log("Promised = the access-pattern table in core/store/README.md.\n");
  console.log("| operation | requests | promised | read units | write units |");
  console.log("|---|---:|---:|---:|---:|");
  for (const row of operations) {
    console.log(
      `| ${row.operation} | ${row.requests} | ${row.promised} | ${row.readUnits} | ${row.writeUnits} |`,
    );
  }

  // 2. Inbound mail through the local pipeline.
  const inbound = await measureInbound(queues, Number(process.env.BENCH_MAILS ?? 200));
  console.log("\n## Inbound mail\n");
  console.log(
    `${inbound.count} messages sent over SMTP (4 connections) to the local desk, timed until every one is filed and acknowledged (SMTP → S3 → InboundMail queue → filing worker → ticket → Acknowledge queue → SES), one process.\n`,
  );
  console.log("| messages/s | DynamoDB requests per message | read units | write units |");
  console.log("|---:|---:|---:|---:|");
  console.log(
    `| ${inbound.perSecond} | ${inbound.requestsPerMessage} | ${inbound.readUnitsPerMessage} | ${inbound.writeUnitsPerMessage} |`,
  );
  console.log(`\nAWS cost of one inbound message at on-demand prices (us-east-1): ${inboundCost(inbound)}.`);

  // 3. Latency with a small and a large table.
  console.log("\n## Latency against table size\n");
  console.log(
    `${SAMPLES} sequential calls of each through the Hono app (app.request), after ${WARMUP} unmeasured ones (JIT, connections); p50/p99 in ms.\n`,
  );
  console.log("| tickets in table | create p50 | create p99 | view p50 | view p99 |");
  console.log("|---:|---:|---:|---:|---:|");
  const results: Record<number, { create: number[]; view: number[] }> = {};
  // One table, grown from SMALL to LARGE between the two runs (SST reads linked resources once per process).
  let inTable = 0;
  for (const size of [SMALL, LARGE]) {
    const seeded = performance.now();
    await seedTickets(size - inTable);
    inTable = size + SAMPLES + WARMUP;
    console.error(
      `table now holds ${size} tickets (seeding took ${((performance.now() - seeded) / 1000).toFixed(0)} s)`,
    );
    takeMetered();
    await latency(createApp(), WARMUP, `warm${size}`);
    results[size] = await latency(createApp(), SAMPLES, `run${size}`);
    const r = results[size]!;
    console.log(
      `| ${size.toLocaleString("en")} | ${p(r.create, 50)} | ${p(r.create, 99)} | ${p(r.view, 50)} | ${p(r.view, 99)} |`,
    );
  }
  const ratio = (kind: "create" | "view") =>
    (p(results[LARGE]![kind], 50) / p(results[SMALL]![kind], 50)).toFixed(2);
  console.log(
    `\nRatio of p50 (${LARGE.toLocaleString("en")} / ${SMALL.toLocaleString("en")}): create ${ratio("create")}, view ${ratio("view")}.`,
  );

  // 4. Bundle sizes.
  console.log("\n## Lambda bundles\n");
  console.log("esbuild, minified, ESM, node24, everything bundled (including the AWS SDK).\n");
  console.log("| entrypoint | minified KB | gzip KB |");
  console.log("|---|---:|---:|");
  for (const row of await bundleSizes()) console.log(`| ${row.entry} | ${row.minifiedKB} | ${row.gzipKB} |`);
  clearTimeout(timeout);
  await stop(0);
} catch (error) {
  console.error(error);
  await stop(1);
}

/**
 * Per message: SES receiving ($0.10 per 1,000 + $0.09 per 1,000 256 KB chunks), S3 PUT + GET ($0.005 and
 * $0.0004 per 1,000), SQS (2 queues × send/receive/delete, $0.40 per million), SNS publish ($0.50 per million),
 * the acknowledgement sent by SES ($0.10 per 1,000), DynamoDB on-demand ($0.625 per million WRU, $0.125 per
 * million RRU) and Lambda (2 invocations of ~150 ms at 256 MB arm64: $0.0000000021 per ms·128MB… ≈ $0.0000053).
 */
function inboundCost(m: { readUnitsPerMessage: number; writeUnitsPerMessage: number }): string {
  const parts = {
    ses: 0.0001 + 0.00009 + 0.0001,
    s3: 0.000005 + 0.0000004,
    sqs: 6 * 0.0000004,
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
