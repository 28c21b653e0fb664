import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { liftSuppression } from "../../../core/mail/lift-suppression.ts";
import { linkTickets, unlinkTickets } from "../../../core/ticket/links.ts";
import { mergeTicket } from "../../../core/ticket/merge.ts";
import { toTicket } from "../../../core/ticket/model.ts";
import { splitEntry } from "../../../core/ticket/split.ts";
import { requireAgent } from "../auth.ts";
import { type AgentEnv, etagOf, ifMatchVersion } from "../env.ts";
import { errors, IfMatchHeader, json, jsonBody, TicketOut } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Params = z.object({ id: z.string().min(1).max(64) });
/** Another ticket, as agents name it: its number (`1042`, `"#1042"`) or its id. */
const TicketRef = z.union([z.number().int().positive(), z.string().trim().min(1).max(64)]);

/** Merge a duplicate into another ticket, split a customer message off, link related tickets both ways. */
export const ticketActions = new OpenAPIHono<AgentEnv>({ defaultHook });
ticketActions.use("/tickets/*", requireAgent);

ticketActions.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/merge",
    security,
    summary:
      "Merge this ticket into another (`into`: its id or number): this one is closed and points there, its " +
      "timeline shows in the target, its mail lands there, its requester is told once. A retry changes nothing",
    request: { params: Params, body: jsonBody(z.object({ into: TicketRef })) },
    responses: {
      200: json(z.object({ source: TicketOut, target: TicketOut })),
      ...errors(400, 401, 404, 409),
    },
  }),
  async (c) => {
    const { source, target } = await mergeTicket(
      c.req.valid("param").id,
      c.req.valid("json").into,
      c.get("actor"),
    );
    c.header("ETag", etagOf(source.version));
    return c.json({ source: toTicket(source), target: toTicket(target) }, 200);
  },
);

ticketActions.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/split",
    security,
    summary:
      "Split a customer message (`entryId`) into a new ticket (its author, text and attachments), linked both " +
      "ways. A retry answers the same ticket",
    request: { params: Params, body: jsonBody(z.object({ entryId: z.string().min(1).max(64) })) },
    responses: {
      201: json(z.object({ ticketId: z.string(), number: z.number().int() })),
      ...errors(400, 401, 404, 409),
    },
  }),
  async (c) =>
    c.json(await splitEntry(c.req.valid("param").id, c.req.valid("json").entryId, c.get("actor")), 201),
);

ticketActions.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/links",
    security,
    summary: "Link a related ticket (`ticketId`: its id or number), both ways; linking again changes nothing",
    request: { params: Params, body: jsonBody(z.object({ ticketId: TicketRef })) },
    responses: { 200: json(TicketOut), ...errors(400, 401, 404, 409) },
  }),
  async (c) => {
    const ticket = await linkTickets(c.req.valid("param").id, c.req.valid("json").ticketId, c.get("actor"));
    c.header("ETag", etagOf(ticket.version));
    return c.json(toTicket(ticket), 200);
  },
);

ticketActions.openapi(
  createRoute({
    method: "delete",
    path: "/tickets/{id}/links/{other}",
    security,
    summary: "Remove the link to another ticket (its id or number), both ways",
    request: { params: Params.extend({ other: z.string().min(1).max(64) }) },
    responses: { 200: json(TicketOut), ...errors(401, 404, 409) },
  }),
  async (c) => {
    const { id, other } = c.req.valid("param");
    const ticket = await unlinkTickets(id, other, c.get("actor"));
    c.header("ETag", etagOf(ticket.version));
    return c.json(toTicket(ticket), 200);
  },
);

ticketActions.openapi(
  createRoute({
    method: "delete",
    path: "/tickets/{id}/requester-undeliverable",
    security,
    summary:
      "Mail the requester again: lift the delivery block a hard bounce or a complaint put on their address",
    description:
      "Deletes the block (`requesterUndeliverable` on the ticket) and says so on the ticket's timeline (event " +
      "`delivery_block_lifted`), so its ETag moves; automatic mail (acknowledgements, surveys) goes to the address " +
      "again, though SES may still refuse it. A bounce may be lifted by any agent, a complaint (a spam report) by " +
      "admins only: 403 `complaint_admin_only`. 404 `no_block` when the address has no block (already lifted: a " +
      "retry writes nothing). One transaction deletes the block and writes the line. Optional If-Match, checked " +
      "on that write: 412 `stale_version`, and the block stays.",
    request: { params: Params, headers: IfMatchHeader },
    responses: { 200: json(TicketOut), ...errors(400, 401, 403, 404, 409, 412) },
  }),
  async (c) => {
    const ticket = await liftSuppression(c.req.valid("param").id, c.get("actor"), ifMatchVersion(c));
    c.header("ETag", etagOf(ticket.version));
    return c.json(toTicket(ticket), 200);
  },
);
