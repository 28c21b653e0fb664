import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  AgentInput,
  AgentUpdate,
  createAgent,
  listAgents,
  toAgent,
  updateAgent,
} from "../../../core/agent/agent.ts";
import {
  CategoryInput,
  CategoryUpdate,
  createCategory,
  createTeam,
  listCategories,
  listTeams,
  TeamInput,
  TeamUpdate,
  updateCategory,
  updateTeam,
} from "../../../core/agent/directory.ts";
import { ApiTokenInput, issueApiToken, listApiTokens, revokeApiToken } from "../../../core/auth/api-token.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import { type AgentEnv, etagOf, ifMatchVersion } from "../env.ts";
import { AgentOut, errors, IfMatchHeader, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Id = z.object({ id: z.string().min(1).max(64) });
const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    nameFr: z.string().nullable(),
    description: z.string().nullable(),
    autoAssign: z.boolean(),
    tier: z.enum(["L1", "L2", "L3", "L4"]).nullable(),
    escalatesTo: z.string().nullable(),
  })
  .openapi("Team");
const Category = z
  .object({
    id: z.string(),
    name: z.string(),
    nameFr: z.string().nullable(),
    defaultTeam: z.string().nullable(),
    keywords: z.array(z.string()),
  })
  .openapi("Category");
const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    agentId: z.string(),
    scope: z.enum(["read", "write", "admin"]),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi("ApiToken");
const adminErrors = errors(400, 401, 403, 404, 409);

/** Admin only (403 for agents): agents, teams, categories, API tokens. */
export const admin = new OpenAPIHono<AgentEnv>({ defaultHook });
admin.use("/admin/*", requireAgent, requireAdmin);

admin.openapi(
  createRoute({
    method: "get",
    path: "/admin/agents",
    security,
    summary: "Agents, by name",
    request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
    responses: {
      200: json(z.object({ items: z.array(AgentOut), cursor: z.string().nullable() })),
      ...adminErrors,
    },
  }),
  async (c) => c.json(await listAgents(c.req.valid("query").cursor), 200),
);

admin.openapi(
  createRoute({
    method: "post",
    path: "/admin/agents",
    security,
    summary: "Create an agent or admin",
    request: { body: jsonBody(AgentInput) },
    responses: { 201: json(AgentOut), ...adminErrors },
  }),
  async (c) => c.json(toAgent(await createAgent(c.req.valid("json"))), 201),
);

admin.openapi(
  createRoute({
    method: "patch",
    path: "/admin/agents/{id}",
    security,
    summary:
      "Change an agent: name, email, password, role, teams, active, signature (checked as PATCH /me checks " +
      "it); If-Match (the agent's version) optional: a stale one is refused with 412",
    request: { params: Id, headers: IfMatchHeader, body: jsonBody(AgentUpdate) },
    responses: { 200: json(AgentOut), ...adminErrors, ...errors(412) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const agent = toAgent(await updateAgent(id, c.req.valid("json"), new Date(), ifMatchVersion(c)));
    c.header("ETag", etagOf(agent.version));
    return c.json(agent, 200);
  },
);

admin.openapi(
  createRoute({
    method: "post",
    path: "/admin/teams",
    security,
    summary: "Create a team",
    request: { body: jsonBody(TeamInput) },
    responses: { 201: json(Team), ...adminErrors },
  }),
  async (c) => c.json(await createTeam(c.req.valid("json")), 201),
);

admin.openapi(
  createRoute({
    method: "patch",
    path: "/admin/teams/{id}",
    security,
    summary: "Rename or describe a team",
    request: { params: Id, body: jsonBody(TeamUpdate) },
    responses: { 200: json(Team), ...adminErrors },
  }),
  async (c) => c.json(await updateTeam(c.req.valid("param").id, c.req.valid("json")), 200),
);

admin.openapi(
  createRoute({
    method: "post",
    path: "/admin/categories",
    security,
    summary: "Create a category",
    request: { body: jsonBody(CategoryInput) },
    responses: { 201: json(Category), ...adminErrors },
  }),
  async (c) => c.json(await createCategory(c.req.valid("json")), 201),
);

admin.openapi(
  createRoute({
    method: "patch",
    path: "/admin/categories/{id}",
    security,
    summary: "Change a category",
    request: { params: Id, body: jsonBody(CategoryUpdate) },
    responses: { 200: json(Category), ...adminErrors },
  }),
  async (c) => c.json(await updateCategory(c.req.valid("param").id, c.req.valid("json")), 200),
);

admin.openapi(
  createRoute({
    method: "get",
    path: "/admin/api-tokens",
    security,
    summary: "API tokens (never their secrets)",
    responses: { 200: json(z.object({ items: z.array(ApiToken) })), ...adminErrors },
  }),
  async (c) => c.json({ items: await listApiTokens() }, 200),
);

admin.openapi(
  createRoute({
    method: "post",
    path: "/admin/api-tokens",
    security,
    summary:
      "Issue an API token acting as an agent, with a scope (read: GET only; write, the default: an agent's " +
      "work; admin: also the admin APIs, admins only) and an optional expiry; the token is shown once",
    request: { body: jsonBody(ApiTokenInput) },
    responses: {
      201: json(ApiToken.omit({ createdAt: true, createdBy: true }).extend({ token: z.string() })),
      ...adminErrors,
    },
  }),
  async (c) => c.json(await issueApiToken(c.req.valid("json"), c.get("agent").agentId), 201),
);

admin.openapi(
  createRoute({
    method: "delete",
    path: "/admin/api-tokens/{id}",
    security,
    summary: "Revoke an API token (at once: every request checks it)",
    request: { params: Id },
    responses: { 204: { description: "Revoked" }, ...adminErrors },
  }),
  async (c) => {
    await revokeApiToken(c.req.valid("param").id);
    return c.body(null, 204);
  },
);

/** Read-only lists every agent needs (assignment pickers, filters). */
export const directory = new OpenAPIHono<AgentEnv>({ defaultHook });
directory.use("/teams/*", requireAgent);
directory.use("/categories", requireAgent);
directory.use("/agents", requireAgent);

directory.openapi(
  createRoute({
    method: "get",
    path: "/teams",
    security,
    summary: "Teams",
    responses: { 200: json(z.object({ items: z.array(Team) })), ...errors(401) },
  }),
  async (c) => c.json({ items: await listTeams() }, 200),
);
directory.openapi(
  createRoute({
    method: "get",
    path: "/categories",
    security,
    summary: "Categories",
    responses: { 200: json(z.object({ items: z.array(Category) })), ...errors(401) },
  }),
  async (c) => c.json({ items: await listCategories() }, 200),
);
directory.openapi(
  createRoute({
    method: "get",
    path: "/agents",
    security,
    summary: "Agents (directory)",
    request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
    responses: {
      200: json(z.object({ items: z.array(AgentOut), cursor: z.string().nullable() })),
      ...errors(401),
    },
  }),
  async (c) => c.json(await listAgents(c.req.valid("query").cursor), 200),
);
