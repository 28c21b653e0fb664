import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { toAgent, updateAgent } from "../../../core/agent/agent.ts";
import { requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { AgentOut, errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/**
 * What every agent may change about themselves: their language, whether the desk mails them notices, and the
 * signature under their replies (checked in core/agent/signature.ts: "" removes it).
 */
const MyPreferences = z
  .object({ locale: z.enum(["en", "fr"]), mailNotices: z.boolean(), signature: z.string().max(100_000) })
  .partial()
  .strict()
  .refine((input) => Object.keys(input).length > 0, "Change at least one field");

export const me = new OpenAPIHono<AgentEnv>({ defaultHook });
me.use("/me", requireAgent);

me.openapi(
  createRoute({
    method: "get",
    path: "/me",
    security,
    summary: "The signed-in agent",
    responses: { 200: json(AgentOut), ...errors(401) },
  }),
  async (c) => c.json(toAgent(c.get("agent")), 200),
);

me.openapi(
  createRoute({
    method: "patch",
    path: "/me",
    security,
    summary:
      "My preferences: the language of the desk's mail to me, mail notices on or off, my reply signature",
    request: { body: jsonBody(MyPreferences) },
    responses: { 200: json(AgentOut), ...errors(400, 401) },
  }),
  async (c) => c.json(toAgent(await updateAgent(c.get("agent").agentId, c.req.valid("json"))), 200),
);
