import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { BusinessHours } from "../../../core/sla/calendar.ts";
import {
  businessHours,
  Housekeeping,
  housekeeping,
  SlaPolicy,
  saveBusinessHours,
  saveHousekeeping,
  savePolicy,
  slaPolicies,
} from "../../../core/sla/policy.ts";
import { requestRecompute } from "../../../core/sla/recompute.ts";
import {
  createVendor,
  HandOff,
  handOff,
  listVendors,
  updateVendor,
  VendorInput,
  VendorUpdate,
} from "../../../core/sla/vendor.ts";
import { PRIORITIES } from "../../../core/store/entities/ticket.ts";
import { toTicket } from "../../../core/ticket/model.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import { type AgentEnv, etagOf, ifMatchVersion } from "../env.ts";
import { errors, IfMatchHeader, json, jsonBody, TicketOut } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const adminErrors = errors(400, 401, 403);
const Vendor = z
  .object({ id: z.string(), name: z.string(), email: z.string(), responseMinutes: z.number().nullable() })
  .openapi("Vendor");

/** Admin only: the desk's calendar, SLA policies, housekeeping and vendors; agents hand tickets to vendors. */
export const sla = new OpenAPIHono<AgentEnv>({ defaultHook });
for (const path of [
  "/admin/business-hours",
  "/admin/sla-policies",
  "/admin/sla-policies/*",
  "/admin/housekeeping",
  "/admin/vendors",
  "/admin/vendors/*",
])
  sla.use(path, requireAgent, requireAdmin);
sla.use("/vendors", requireAgent);

sla.openapi(
  createRoute({
    method: "get",
    path: "/admin/business-hours",
    security,
    summary: "The desk's business hours",
    responses: { 200: json(BusinessHours), ...adminErrors },
  }),
  async (c) => c.json(await businessHours(), 200),
);
sla.openapi(
  createRoute({
    method: "put",
    path: "/admin/business-hours",
    security,
    summary:
      "Set the business hours (time zone, weekly ranges, holidays, or always open); open tickets' deadlines follow in the background",
    request: { body: jsonBody(BusinessHours) },
    responses: { 200: json(BusinessHours), ...adminErrors },
  }),
  async (c) => {
    const saved = await saveBusinessHours(c.req.valid("json"), c.get("agent").agentId);
    await requestRecompute();
    return c.json(saved, 200);
  },
);

sla.openapi(
  createRoute({
    method: "get",
    path: "/admin/sla-policies",
    security,
    summary: "SLA policies by priority",
    responses: { 200: json(z.record(z.string(), SlaPolicy)), ...adminErrors },
  }),
  async (c) => c.json(await slaPolicies(), 200),
);
sla.openapi(
  createRoute({
    method: "put",
    path: "/admin/sla-policies/{priority}",
    security,
    summary: "Set the SLA of one priority; open tickets' deadlines follow in the background",
    request: { params: z.object({ priority: z.enum(PRIORITIES) }), body: jsonBody(SlaPolicy) },
    responses: { 200: json(SlaPolicy), ...adminErrors },
  }),
  async (c) => {
    const saved = await savePolicy(
      c.req.valid("param").priority,
      c.req.valid("json"),
      c.get("agent").agentId,
    );
    await requestRecompute();
    return c.json(saved, 200);
  },
);

sla.openapi(
  createRoute({
    method: "get",
    path: "/admin/housekeeping",
    security,
    summary: "Reminders and automatic solve/close",
    responses: { 200: json(Housekeeping), ...adminErrors },
  }),
  async (c) => c.json(await housekeeping(), 200),
);
sla.openapi(
  createRoute({
    method: "put",
    path: "/admin/housekeeping",
    security,
    summary:
      "Set reminders and automatic solve/close (omitted fields take their defaults); unassigned tickets' safety-net alerts follow in the background",
    request: { body: jsonBody(Housekeeping) },
    responses: { 200: json(Housekeeping), ...adminErrors },
  }),
  async (c) => {
    const saved = await saveHousekeeping(c.req.valid("json"), c.get("agent").agentId);
    await requestRecompute();
    return c.json(saved, 200);
  },
);

sla.openapi(
  createRoute({
    method: "get",
    path: "/vendors",
    security,
    summary: "External vendors (L4)",
    responses: { 200: json(z.object({ items: z.array(Vendor) })), ...errors(401) },
  }),
  async (c) => c.json({ items: await listVendors() }, 200),
);
sla.openapi(
  createRoute({
    method: "post",
    path: "/admin/vendors",
    security,
    summary: "Add an external vendor",
    request: { body: jsonBody(VendorInput) },
    responses: { 201: json(Vendor), ...errors(400, 401, 403, 409) },
  }),
  async (c) => c.json(await createVendor(c.req.valid("json")), 201),
);
sla.openapi(
  createRoute({
    method: "patch",
    path: "/admin/vendors/{id}",
    security,
    summary: "Change a vendor",
    request: { params: z.object({ id: z.string().min(1).max(40) }), body: jsonBody(VendorUpdate) },
    responses: { 200: json(Vendor), ...errors(400, 401, 403, 404) },
  }),
  async (c) => c.json(await updateVendor(c.req.valid("param").id, c.req.valid("json")), 200),
);

sla.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/vendor",
    security,
    summary:
      "Hand the ticket to an external vendor (tier L4); they are mailed a summary and their replies thread back",
    request: {
      params: z.object({ id: z.string().min(1).max(64) }),
      headers: IfMatchHeader,
      body: jsonBody(HandOff),
    },
    responses: { 200: json(TicketOut), ...errors(400, 401, 404, 409, 412) },
  }),
  async (c) => {
    const ticket = await handOff(
      c.req.valid("param").id,
      c.req.valid("json"),
      c.get("actor"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(ticket.version));
    return c.json(toTicket(ticket), 200);
  },
);
