import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { config } from "../config.ts";
import { dynamo } from "../store/client.ts";
import { sqs } from "./sqs.ts";

export type Dependency = "dynamodb" | "sqs";
export interface Health {
  ok: boolean;
  dependencies: Partial<Record<Dependency, "up" | "down">>;
  down: Dependency[];
}

/** Each check gives up after this long: a health answer must come quickly even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 1500;
/** Load balancers and monitors may ask every second; the answer is reused this long. */
const CACHE_MS = 5000;

let cached: { at: number; health: Promise<Health> } | undefined;

/**
 * Whether the desk's dependencies answer: one cheap read of the table (a key that never exists, half a read
 * unit) and one queue attribute read. Cached a few seconds (concurrent callers share one check).
 */
export function checkHealth(now = Date.now()): Promise<Health> {
  if (cached && now - cached.at < CACHE_MS) return cached.health;
  const health = runChecks();
  cached = { at: now, health };
  return health;
}

export function resetHealth(): void {
  cached = undefined;
}

async function runChecks(): Promise<Health> {
  const checks: [Dependency, () => Promise<unknown>][] = [
    [
      "dynamodb",
      () =>
        dynamo().send(
          new GetCommand({ TableName: config().tableName, Key: { pk: "HEALTH", sk: "HEALTH" } }),
          { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) },
        ),
    ],
  ];
  const queue = linkedQueue();
  if (queue) {
    checks.push([
      "sqs",
      () =>
        sqs().send(new GetQueueAttributesCommand({ QueueUrl: queue, AttributeNames: ["QueueArn"] }), {
          abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
        }),
    ]);
  }
  const results = await Promise.all(
    checks.map(
      async ([name, check]) =>
        [
          name,
          await check().then(
            () => "up" as const,
            () => "down" as const,
          ),
        ] as const,
    ),
  );
  const down = results.filter(([, state]) => state === "down").map(([name]) => name);
  return { ok: down.length === 0, dependencies: Object.fromEntries(results), down };
}

/** The desk's DeadLetters queue, when this function is linked to it (the API is). */
function linkedQueue(): string | undefined {
  try {
    return Resource.DeadLetters.deadLetterUrl;
  } catch {
    return undefined;
  }
}
