import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireAdmin, requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const State = z.enum(["up", "down"]);
const Health = z
  .object({
    ok: z.boolean(),
    dependencies: z.object({ dynamodb: State.optional(), sqs: State.optional() }),
    down: z.array(z.enum(["dynamodb", "sqs"])),
  })
  .openapi("Health");
const DeadLetters = z
  .object({
    total: z.number(),
    queues: z.array(
      z.object({
        name: z.string(),
        count: z.number(),
        oldestAgeSeconds: z.number().nullable(),
        /** Why the newest dead letter seen failed, as recorded (null when none of them says). */
        reason: z.string().nullable().optional(),
      }),
    ),
  })
  .openapi("DeadLetters");
const Redrive = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      how: z.enum(["invoked", "empty"]),
      moved: z.number(),
    }),
  ),
  /** The call stopped at its limit (500 dead letters or 8 s) with more waiting: redrive again. */
  remaining: z.boolean(),
});

// Imported on first use: the SQS client they need stays out of the API's cold start (tests/bench/cold-start.ts).
const checkHealth = () => import("../../../core/ops/health.ts").then((m) => m.checkHealth());
const deadLetters = () => import("../../../core/ops/dead-letters.ts");
const deadLetterCounts = () => deadLetters().then((m) => m.deadLetterCounts());

/** Health for monitors (public), and the dead-letter queues for admins: counts and redrive. */
export const operations = new OpenAPIHono<AgentEnv>({ defaultHook });

operations.openapi(
  createRoute({
    method: "get",
    path: "/health",
    summary: "Whether the desk and its dependencies answer (503 names the ones that do not)",
    responses: { 200: json(Health), 503: json(Health, "A dependency is down") },
  }),
  async (c) => {
    const health = await checkHealth();
    return health.ok ? c.json(health, 200) : c.json(health, 503);
  },
);

operations.use("/health/detail", requireAgent, requireAdmin);

operations.openapi(
  createRoute({
    method: "get",
    path: "/health/detail",
    security,
    summary:
      "Health for admins: the dependencies and the dead letters waiting in each queue (503 when one is down)",
    responses: {
      200: json(Health.extend({ deadLetters: DeadLetters })),
      503: json(Health.extend({ deadLetters: DeadLetters.nullable() }), "A dependency is down"),
      ...errors(401, 403),
    },
  }),
  async (c) => {
    const health = await checkHealth();
    const queues = await deadLetterCounts().catch(() => null);
    const deadLetters = queues && { total: queues.reduce((sum, q) => sum + q.count, 0), queues };
    return health.ok && deadLetters
      ? c.json({ ...health, deadLetters }, 200)
      : c.json({ ...health, ok: false, deadLetters }, 503);
  },
);

operations.use("/admin/dead-letters", requireAgent, requireAdmin);
operations.use("/admin/dead-letters/*", requireAgent, requireAdmin);

operations.openapi(
  createRoute({
    method: "get",
    path: "/admin/dead-letters",
    security,
    summary: "Events that failed every retry, per worker queue: how many, and the oldest one's age",
    responses: { 200: json(DeadLetters), ...errors(401, 403) },
  }),
  async (c) => {
    const queues = await deadLetterCounts();
    return c.json({ total: queues.reduce((sum, q) => sum + q.count, 0), queues }, 200);
  },
);

operations.openapi(
  createRoute({
    method: "post",
    path: "/admin/dead-letters/redrive",
    security,
    summary: "Send dead letters back to their queues (all, or one queue); safe to repeat",
    request: { body: { ...jsonBody(z.object({ queue: z.string().max(64).optional() })), required: false } },
    responses: { 200: json(Redrive), ...errors(400, 401, 403) },
  }),
  async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { queue?: string };
    const only = typeof body.queue === "string" ? body.queue : undefined;
    return c.json(await (await deadLetters()).redriveDeadLetters(only), 200);
  },
);
