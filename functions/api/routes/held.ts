import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { acceptHeldEntry } from "../../../core/mail/held.ts";
import { toTicket } from "../../../core/ticket/model.ts";
import { splitHeldAndLink } from "../../../core/ticket/split.ts";
import { requireAgent } from "../auth.ts";
import { type AgentEnv, etagOf } from "../env.ts";
import { errors, json, TicketOut } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Params = z.object({ id: z.string().min(1).max(64), entryId: z.string().min(1).max(64) });

/** Mail from someone not on a ticket waits for an agent: accept it onto the ticket, or split it off. */
export const held = new OpenAPIHono<AgentEnv>({ defaultHook });
held.use("/tickets/*", requireAgent);

held.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/entries/{entryId}/accept",
    security,
    summary: "Accept a held message: the customer sees it and its sender is copied from now on",
    request: { params: Params },
    responses: { 200: json(TicketOut), ...errors(401, 404, 409) },
  }),
  async (c) => {
    const { id, entryId } = c.req.valid("param");
    const ticket = await acceptHeldEntry(id, entryId, c.get("actor"));
    c.header("ETag", etagOf(ticket.version));
    return c.json(toTicket(ticket), 200);
  },
);

held.openapi(
  createRoute({
    method: "post",
    path: "/tickets/{id}/entries/{entryId}/split",
    security,
    summary: "Split a held message into a new ticket whose requester is its sender",
    request: { params: Params },
    responses: {
      201: json(z.object({ ticketId: z.string(), number: z.number().int().nullable() })),
      ...errors(401, 404, 409),
    },
  }),
  async (c) => {
    const { id, entryId } = c.req.valid("param");
    // Linked both ways and written on both timelines, as any split (core/ticket/split.ts).
    const split = await splitHeldAndLink(id, entryId, c.get("actor"));
    return c.json({ ticketId: split.ticketId, number: split.number ?? null }, 201);
  },
);
