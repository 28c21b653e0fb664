import { functionDefaults } from "../../infra/settings.ts";
import { topology, type WorkerQueue } from "../../infra/topology.ts";
import type { Step } from "./lifecycle.ts";

/**
 * Published on-demand prices, us-east-1, as of 2026 (free tiers left out: this is the cost of one more ticket on a
 * desk past them). Each line says where the count it multiplies comes from.
 */
export const PRICES = {
  dynamoWrite: {
    usd: 0.625 / 1e6,
    unit: "WRU",
    source: "DynamoDB on-demand, $0.625 per million write request units",
  },
  dynamoRead: {
    usd: 0.125 / 1e6,
    unit: "RRU",
    source: "DynamoDB on-demand, $0.125 per million read request units",
  },
  lambdaRequest: { usd: 0.2 / 1e6, unit: "invocation", source: "Lambda, $0.20 per million requests" },
  lambdaCompute: {
    usd: 0.0000133334,
    unit: "GB-s",
    source: `Lambda arm64, $0.0000133334 per GB-second (each function at its deployed memory: ${functionDefaults.memory}${Object.entries(
      topology.queues as Record<string, WorkerQueue>,
    )
      .filter(([, q]) => q.memoryMB)
      .map(([name, q]) => `, ${name} ${q.memoryMB} MB`)
      .join("")}; the local wall time of each call as its duration)`,
  },
  sqs: {
    usd: 0.4 / 1e6,
    unit: "request",
    source:
      "SQS standard, $0.40 per million requests: none per worker delivery (SNS → Lambda and S3 → Lambda push, free); only a failed invocation's record in Retry would cost",
  },
  sns: {
    usd: 0.5 / 1e6,
    unit: "message",
    source: "SNS standard topic, $0.50 per million publishes (deliveries to Lambda free)",
  },
  s3Put: { usd: 0.005 / 1000, unit: "PUT", source: "S3 Standard, $0.005 per 1,000 PUT" },
  s3Get: { usd: 0.0004 / 1000, unit: "GET", source: "S3 Standard, $0.0004 per 1,000 GET" },
  cloudfront: {
    usd: 0.01 / 10_000 + 2 * (0.1 / 1e6),
    unit: "request",
    source:
      "CloudFront, $0.0100 per 10,000 HTTPS requests (the /api router) + $0.10 per million for each of its two CloudFront Functions (viewer request: routing; viewer response: security headers)",
  },
  logs: {
    usd: 0.5 / 1024 / 1024,
    unit: "KB",
    source:
      "CloudWatch Logs ingestion, $0.50 per GB (assumed 1 KB per invocation: report line + the desk's JSON line)",
  },
  sesOut: { usd: 0.1 / 1000, unit: "mail", source: "SES outbound, $0.10 per 1,000 mails" },
  sesIn: {
    usd: 0.1 / 1000 + 0.09 / 1000,
    unit: "mail",
    source: "SES inbound, $0.10 per 1,000 mails + $0.09 per 1,000 256 KB chunks (one each)",
  },
} as const;

type PriceName = keyof typeof PRICES;

/** What one ticket's life uses of each priced item, summed over its steps. */
export function usageOf(steps: Step[], intake: "web" | "mail") {
  const sum = (f: (s: Step) => number) => steps.reduce((total, s) => total + f(s), 0);
  const messages = sum((s) => Object.values(s.messages).reduce((a, b) => a + b, 0));
  const aws = (name: string) => sum((s) => s.aws[name] ?? 0);
  const invocations = sum((s) => s.apiRequests) + messages + sum((s) => s.sweepRuns);
  const mailsIn = intake === "mail" ? 2 : 0;
  const usage: Record<PriceName, number> = {
    dynamoWrite: sum((s) => s.dynamo.writeUnits),
    dynamoRead: sum((s) => s.dynamo.readUnits),
    lambdaRequest: invocations,
    lambdaCompute: sum((s) => s.gbSeconds),
    // Workers are invoked asynchronously by SNS and S3 (no queue between): no SQS request on a delivery that works.
    sqs: 0,
    sns: aws("SNS:message"),
    s3Put: aws("S3:PutObject"),
    s3Get: aws("S3:GetObject"),
    cloudfront: sum((s) => s.apiRequests),
    logs: invocations,
    sesOut: aws("SES:SendRawEmail") + aws("SES:SendEmail"),
    sesIn: mailsIn,
  };
  return { usage, messages, invocations, dynamoRequests: sum((s) => s.dynamo.requests) };
}

const money = (usd: number) => `$${usd < 0.001 ? usd.toFixed(7) : usd.toFixed(5)}`;

/** The bill of one ticket's life, line by line, and per 1,000 tickets before and after SES. */
export function costLines(steps: Step[], intake: "web" | "mail") {
  const { usage } = usageOf(steps, intake);
  const lines = (Object.keys(PRICES) as PriceName[]).map((name) => ({
    name,
    quantity: +usage[name].toFixed(3),
    unit: PRICES[name].unit,
    usd: usage[name] * PRICES[name].usd,
    source: PRICES[name].source,
  }));
  const beforeSes = lines.filter((l) => !l.name.startsWith("ses")).reduce((s, l) => s + l.usd, 0);
  const total = lines.reduce((s, l) => s + l.usd, 0);
  return { lines, beforeSes, total };
}

/** The model as Markdown: the steps as counted, then the bill. */
export function printCostModel(print: (line: string) => void, steps: Step[], intake: "web" | "mail") {
  print(`\n### One ticket's life, ${intake === "web" ? "web form" : "inbound mail"} intake\n`);
  print(
    "| step | API calls | worker deliveries | DynamoDB requests | RRU | WRU | SNS messages | SES mails |",
  );
  print("|---|---:|---|---:|---:|---:|---:|---:|");
  for (const s of steps) {
    const deliveries = Object.entries(s.messages)
      .map(([queue, count]) => `${queue} ${count}`)
      .join(", ");
    const requests = Object.entries(s.requestsBy)
      .map(([by, count]) => `${by} ${count}`)
      .join(", ");
    const writes = Object.entries(s.writeUnitsBy)
      .map(([by, units]) => `${by} ${+units.toFixed(1)}`)
      .join(", ");
    const ses = (s.aws["SES:SendRawEmail"] ?? 0) + (s.aws["SES:SendEmail"] ?? 0);
    print(
      `| ${s.step} | ${s.apiRequests} | ${deliveries || "—"} | ${s.dynamo.requests} (${requests}) | ${+s.dynamo.readUnits.toFixed(1)} | ${+s.dynamo.writeUnits.toFixed(1)} (${writes}) | ${s.aws["SNS:message"] ?? 0} | ${ses} |`,
    );
  }
  const { lines, beforeSes, total } = costLines(steps, intake);
  print("\n| item | quantity | price | cost per ticket | per 1,000 tickets |");
  print("|---|---:|---|---:|---:|");
  for (const l of lines)
    print(`| ${l.name} | ${l.quantity} ${l.unit} | ${l.source} | ${money(l.usd)} | ${money(l.usd * 1000)} |`);
  print(`| **before SES** | | | ${money(beforeSes)} | **${money(beforeSes * 1000)}** |`);
  print(`| **with SES** | | | ${money(total)} | **${money(total * 1000)}** |`);
  return { beforeSes, total };
}
