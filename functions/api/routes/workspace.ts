import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  CannedInput,
  CannedUpdate,
  createCanned,
  deleteCanned,
  listCanned,
  updateCanned,
} from "../../../core/desk/canned.ts";
import { queueCountsFor } from "../../../core/ticket/counts.ts";
import { markPresence, whoIsHere } from "../../../core/ticket/presence.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Canned = z
  .object({ id: z.string(), title: z.string(), body: z.string(), updatedAt: z.string() })
  .openapi("CannedReply");
const Presence = z
  .object({ agentId: z.string(), name: z.string(), state: z.enum(["viewing", "replying"]), at: z.string() })
  .openapi("Presence");
const Id = z.object({ id: z.string().min(1).max(64) });

/** What agents share while they work: canned replies (admins manage them) and who is on which ticket. */
export const workspace = new OpenAPIHono<AgentEnv>({ defaultHook });
workspace.use("/canned-replies", requireAgent);
workspace.use("/queue-counts", requireAgent);
workspace.use("/admin/canned-replies", requireAgent, requireAdmin);
workspace.use("/admin/canned-replies/*", requireAgent, requireAdmin);

workspace.openapi(
  createRoute({
    method: "get",
    path: "/canned-replies",
    security,
    summary: "Canned replies, by title",
    responses: { 200: json(z.object({ items: z.array(Canned) })), ...errors(401) },
  }),
  async (c) => c.json({ items: await listCanned() }, 200),
);
workspace.openapi(
  createRoute({
    method: "post",
    path: "/admin/canned-replies",
    security,
    summary:
      "Add a canned reply ({{requester.name}}, {{requester.firstName}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}})",
    request: { body: jsonBody(CannedInput) },
    responses: { 201: json(Canned), ...errors(400, 401, 403) },
  }),
  async (c) => c.json(await createCanned(c.req.valid("json")), 201),
);
workspace.openapi(
  createRoute({
    method: "patch",
    path: "/admin/canned-replies/{id}",
    security,
    summary: "Change a canned reply",
    request: { params: Id, body: jsonBody(CannedUpdate) },
    responses: { 200: json(Canned), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(await updateCanned(c.req.valid("param").id, c.req.valid("json")), 200),
);
workspace.openapi(
  createRoute({
    method: "delete",
    path: "/admin/canned-replies/{id}",
    security,
    summary: "Delete a canned reply",
    request: { params: Id },
    responses: { 204: { description: "Deleted" }, ...errors(401, 403, 404) },
  }),
  async (c) => {
    await deleteCanned(c.req.valid("param").id);
    return c.body(null, 204);
  },
);

workspace.openapi(
  createRoute({
    method: "put",
    path: "/tickets/{id}/presence",
    security,
    summary: "I have this ticket open (viewing) or am writing in it (replying); renew every 20 s",
    request: { params: Id, body: jsonBody(z.object({ state: z.enum(["viewing", "replying"]) })) },
    responses: { 200: json(z.object({ others: z.array(Presence) })), ...errors(400, 401) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const agent = c.get("agent");
    await markPresence(id, agent, c.req.valid("json").state);
    return c.json({ others: await whoIsHere(id, agent.agentId) }, 200);
  },
);

workspace.openapi(
  createRoute({
    method: "get",
    path: "/queue-counts",
    security,
    summary: "How many open tickets each of my queues holds (counters kept in every ticket transaction)",
    responses: {
      200: json(
        z.object({
          unassigned: z.number(),
          mine: z.number(),
          teams: z.record(z.string(), z.number()),
          all: z.number(),
          byStatus: z.record(z.string(), z.number()),
        }),
      ),
      ...errors(401),
    },
  }),
  async (c) => {
    const agent = c.get("agent");
    return c.json(
      await queueCountsFor({ agentId: agent.agentId, teams: agent.teams, role: agent.role }),
      200,
    );
  },
);
