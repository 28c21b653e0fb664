import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deskChangeMarker } from "../../../core/ticket/changes.ts";
import { whoIsHere } from "../../../core/ticket/presence.ts";
import { requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Presence = z.object({
  agentId: z.string(),
  name: z.string(),
  state: z.enum(["viewing", "replying"]),
  at: z.string(),
});

/**
 * What an open agent app polls every few seconds while its tab is visible: cheap reads, so "live" stays
 * pay-per-use (no connection held open, nothing runs while nobody looks). Costs are in the README.
 */
export const live = new OpenAPIHono<AgentEnv>({ defaultHook });
live.use("/changes", requireAgent);
live.use("/tickets/:id/presence", requireAgent);

live.openapi(
  createRoute({
    method: "get",
    path: "/changes",
    security,
    summary:
      "The desk's change marker: a number that moves on with every ticket change (reload the queue when it moved)",
    responses: { 200: json(z.object({ marker: z.number() })), ...errors(401) },
  }),
  async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ marker: await deskChangeMarker() }, 200);
  },
);

live.openapi(
  createRoute({
    method: "get",
    path: "/tickets/{id}/presence",
    security,
    summary: "Who else has this ticket open, and whether they are writing (reads only; PUT says I am here)",
    request: { params: z.object({ id: z.string().min(1).max(64) }) },
    responses: { 200: json(z.object({ others: z.array(Presence) })), ...errors(400, 401) },
  }),
  async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ others: await whoIsHere(c.req.valid("param").id, c.get("agent").agentId) }, 200);
  },
);
