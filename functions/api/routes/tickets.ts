import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { issuePortalToken, revokePortalLinks } from "../../../core/auth/portal-token.ts";
import { DeskError } from "../../../core/error.ts";
import { refuseDeskAsRequester } from "../../../core/mail/desk-addresses.ts";
import { updateTicket } from "../../../core/ticket/agent-update.ts";
import {
  checkUploads,
  fingerprintFiles,
  fromBase64,
  storeUploads,
} from "../../../core/ticket/attachments.ts";
import { createTicket, fromAgentInput } from "../../../core/ticket/create.ts";
import { readIdempotencyKey } from "../../../core/ticket/idempotency-key.ts";
import { AgentTicketInput, Email, ListQuery, TicketPatch } from "../../../core/ticket/input.ts";
import { toTicket } from "../../../core/ticket/model.ts";
import { findTicketByNumber, listRequesterTickets, viewTicket } from "../../../core/ticket/read.ts";
import { currentViewTag, noneMatch, readViewStamp, viewTag } from "../../../core/ticket/view-stamp.ts";
import { listTickets } from "../../../core/ticket/views.ts";
import { requireAgent } from "../auth.ts";
import { type AgentEnv, etagOf, ifMatchVersion } from "../env.ts";
import {
  errors,
  IfMatchHeader,
  json,
  jsonBody,
  TicketOut,
  TicketPage,
  TicketWithTimeline,
} from "../schemas.ts";
import { defaultHook } from "../validate.ts";
import { addMessageRoutes } from "./ticket-messages.ts";

const Params = z.object({ id: z.string().min(1).max(64) });
const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/** The agents' ticket API. Every route needs a session or an API token. */
export const tickets = new OpenAPIHono<AgentEnv>({ defaultHook });
// Hono's "/x/*" also matches "/x" itself.
tickets.use("/tickets/*", requireAgent);
// Replies and notes may carry attachments: up to Lambda's 6 MB request.
for (const path of ["/tickets/:id/replies", "/tickets/:id/notes"])
  tickets.use(
    path,
    bodyLimit({
      maxSize: 6 * 1024 * 1024,
      onError: () => {
        throw new DeskError(
          "payload_too_large",
          "payload_too_large",
          "A message with its attachments must stay under 6 MB",
        );
      },
    }),
  );
tickets.use("/agent/*", requireAgent);
// A ticket logged by phone or at the desk may carry files too (a photo of the screen): up to Lambda's 6 MB.
tickets.use(
  "/agent/tickets",
  bodyLimit({
    maxSize: 6 * 1024 * 1024,
    onError: () => {
      throw new DeskError(
        "payload_too_large",
        "payload_too_large",
        "A ticket with its files must stay under 6 MB",
      );
    },
  }),
);
tickets.use("/requesters/*", requireAgent);

tickets.openapi(
  createRoute({
    method: "get",
    path: "/tickets",
    summary:
      "A queue view, newest activity first: unassigned (per team), mine, team, all (optionally by status)",
    security,
    request: { query: ListQuery },
    responses: { 200: json(TicketPage), ...errors(400, 401) },
  }),
  async (c) => {
    const agent = c.get("agent");
    return c.json(
      await listTickets(c.req.valid("query"), {
        agentId: agent.agentId,
        teams: agent.teams,
        role: agent.role,
      }),
      200,
    );
  },
);

tickets.openapi(
  createRoute({
    method: "get",
    path: "/tickets/by-number/{number}",
    summary: "A ticket by its human number (#1042)",
    security,
    request: { params: z.object({ number: z.coerce.number().int().positive() }) },
    responses: { 200: json(TicketOut), ...errors(401, 404) },
  }),
  async (c) => c.json(toTicket(await findTicketByNumber(c.req.valid("param").number)), 200),
);

tickets.openapi(
  createRoute({
    method: "get",
    path: "/tickets/{id}",
    summary: "A ticket with its whole timeline; ETag = version and view stamp (If-None-Match answers 304)",
    security,
    request: { params: Params },
    responses: { 200: json(TicketWithTimeline), 304: { description: "Not modified" }, ...errors(401, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    // Polling agents mostly ask "changed?": answer that from the ticket item and its view stamp alone (one
    // BatchGetItem, 1 RRU, whatever the timeline holds). The stamp counts the lines added without moving the
    // version (automatic mail, delivery results: core/ticket/view-stamp.ts).
    const asked = c.req.header("if-none-match");
    if (asked) {
      const current = await currentViewTag(id);
      if (current && noneMatch(asked, current)) return notModified(c, current);
    }
    // The stamp first: one moved during the read tags the view older than it is (refetched), never newer.
    const stamp = await readViewStamp(id);
    const view = await viewTicket(id);
    const etag = viewTag(view.version, stamp);
    if (noneMatch(asked, etag)) return notModified(c, etag);
    c.header("ETag", etag);
    c.header("Cache-Control", "private, no-cache");
    return c.json(view, 200);
  },
);

function notModified(c: Context, etag: string) {
  c.header("ETag", etag);
  c.header("Cache-Control", "private, no-cache");
  return c.body(null, 304);
}

tickets.openapi(
  createRoute({
    method: "patch",
    path: "/tickets/{id}",
    summary: "Change status, priority, category, team, tier, assignee, tags or copies (If-Match required)",
    description:
      "400 `cc_not_copyable` (a malformed address, a no-reply box or the desk itself) or `cc_requester` for a refused copy, naming the addresses in `params.addresses`; 409 `invalid_transition`; 412 `stale_version`; 428 without If-Match.",
    security,
    request: { params: Params, headers: IfMatchHeader, body: jsonBody(TicketPatch) },
    responses: { 200: json(TicketOut), ...errors(400, 401, 404, 409, 412, 428) },
  }),
  async (c) => {
    // Required, `*` included (it proceeds on whatever version is stored: the caller said so).
    if (c.req.header("if-match") === undefined) {
      throw new DeskError(
        "precondition_required",
        "precondition_required",
        "Send If-Match with the ticket's ETag",
      );
    }
    const ticket = await updateTicket(
      c.req.valid("param").id,
      c.req.valid("json"),
      c.get("actor"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(ticket.version));
    return c.json(toTicket(ticket), 200);
  },
);

// Replies and notes (ticket-messages.ts), registered here to keep the routes' and the document's order.
addMessageRoutes(tickets);

tickets.openapi(
  createRoute({
    method: "post",
    path: "/agent/tickets",
    summary: "Open a ticket on a customer's behalf (phone call, walk-in)",
    description:
      "400 `requester_is_desk` when the requester is one of the desk's own addresses (an alias too).",
    security,
    request: {
      headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
      body: jsonBody(AgentTicketInput),
    },
    responses: {
      201: json(z.object({ ticket: TicketOut, portalToken: z.string() })),
      ...errors(400, 401, 409, 413),
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    await refuseDeskAsRequester(input.email);
    const files = checkUploads(fromBase64(input.attachments), "agent");
    const { ticket, portalToken } = await createTicket(fromAgentInput(input), c.get("actor"), {
      idempotencyKey: readIdempotencyKey(c.req.header("idempotency-key")),
      idempotencyScope: `agent:${c.get("agent").agentId}`,
      storeFirstFiles: files.length ? (place) => storeUploads(place, files, "agent") : undefined,
      filesFingerprint: fingerprintFiles(files),
    });
    return c.json({ ticket: toTicket(ticket), portalToken }, 201);
  },
);

tickets.openapi(
  createRoute({
    method: "get",
    path: "/requesters/{email}/tickets",
    summary: "A customer's tickets, newest first",
    security,
    request: {
      params: z.object({ email: Email }),
      query: z.object({
        cursor: z.string().max(2000).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(25),
      }),
    },
    responses: { 200: json(TicketPage), ...errors(400, 401) },
  }),
  async (c) => {
    const { cursor, limit } = c.req.valid("query");
    return c.json(await listRequesterTickets(c.req.valid("param").email, cursor, limit), 200);
  },
);

tickets.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/portal-link",
    summary:
      "A fresh customer link to this ticket (to share by phone or chat); with `revokePrevious` every earlier " +
      "link (mailed or shared) stops working",
    security,
    request: {
      params: Params,
      body: { ...jsonBody(z.object({ revokePrevious: z.boolean().default(false) })), required: false },
    },
    responses: { 200: json(z.object({ portalToken: z.string() })), ...errors(400, 401, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await viewTicket(id);
    const portalToken = c.req.valid("json").revokePrevious
      ? await revokePortalLinks(id, c.get("agent").agentId)
      : issuePortalToken(id);
    return c.json({ portalToken }, 200);
  },
);
