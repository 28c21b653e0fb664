import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { assertTeam } from "../../../core/agent/directory.ts";
import { ExamplesImport, importExamples, modelStatus, trainModel } from "../../../core/triage/learn.ts";
import { saveTriageSettings, TriageSettings, triageSettings } from "../../../core/triage/settings.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const adminErrors = errors(400, 401, 403);
const Settings = TriageSettings;
const ModelStatus = z
  .object({
    version: z.number().nullable(),
    examples: z.number(),
    perCategory: z.record(z.string(), z.number()),
    bytes: z.number(),
    trainedAt: z.string().nullable(),
    trainMs: z.number().nullable(),
    examplesChangedAt: z.string().nullable(),
    active: z.boolean(),
    minExamples: z.number(),
    minConfidence: z.number(),
  })
  .openapi("TriageModel");

/** Admin only: how triage decides (thresholds, VIPs, fallback team) and what its classifier has learned. */
export const adminTriage = new OpenAPIHono<AgentEnv>({ defaultHook });
adminTriage.use("/admin/triage/*", requireAgent, requireAdmin);
adminTriage.use("/admin/triage", requireAgent, requireAdmin);

adminTriage.openapi(
  createRoute({
    method: "get",
    path: "/admin/triage",
    security,
    summary: "Triage settings",
    responses: { 200: json(Settings), ...adminErrors },
  }),
  async (c) => c.json(await triageSettings(), 200),
);

adminTriage.openapi(
  createRoute({
    method: "put",
    path: "/admin/triage",
    security,
    summary: "Replace the triage settings (omitted fields take their defaults)",
    request: { body: jsonBody(TriageSettings) },
    responses: { 200: json(Settings), ...adminErrors },
  }),
  async (c) => {
    const input = c.req.valid("json");
    if (input.fallbackTeam) await assertTeam(input.fallbackTeam, "fallbackTeam");
    return c.json(await saveTriageSettings(input, c.get("agent").agentId), 200);
  },
);

adminTriage.openapi(
  createRoute({
    method: "get",
    path: "/admin/triage/model",
    security,
    summary: "What the classifier has learned, and whether it decides yet",
    responses: { 200: json(ModelStatus), ...adminErrors },
  }),
  async (c) => c.json(await modelStatus(), 200),
);

adminTriage.openapi(
  createRoute({
    method: "post",
    path: "/admin/triage/model/train",
    security,
    summary: "Train the classifier now on every labelled ticket (the sweep otherwise does it when due)",
    responses: { 200: json(ModelStatus), ...adminErrors },
  }),
  async (c) => {
    await trainModel();
    return c.json(await modelStatus(), 200);
  },
);

adminTriage.openapi(
  createRoute({
    method: "post",
    path: "/admin/triage/examples",
    security,
    summary: "Import labelled tickets (up to 1,000 a request) for the classifier to learn from",
    request: { body: jsonBody(ExamplesImport) },
    responses: { 200: json(z.object({ imported: z.number() })), ...adminErrors },
  }),
  async (c) => c.json(await importExamples(c.req.valid("json"), c.get("agent").agentId), 200),
);
