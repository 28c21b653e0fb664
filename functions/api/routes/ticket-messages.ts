import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { addNote, addReply } from "../../../core/ticket/agent-messages.ts";
import { fromBase64 } from "../../../core/ticket/attachments.ts";
import { loadTicketItem } from "../../../core/ticket/commit.ts";
import {
  agentEntryScope,
  assertSameMessage,
  keyedEntry,
  messageFingerprint,
  readIdempotencyKey,
} from "../../../core/ticket/idempotency-key.ts";
import { NoteInput, ReplyInput } from "../../../core/ticket/input.ts";
import { toEntry, toTicket } from "../../../core/ticket/model.ts";
import { type AgentEnv, etagOf, ifMatchVersion } from "../env.ts";
import { EntryOut, errors, IfMatchHeader, json, jsonBody, TicketOut } from "../schemas.ts";

const Params = z.object({ id: z.string().min(1).max(64) });
const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Keyed = IfMatchHeader.extend({ "idempotency-key": z.string().max(200).optional() });
const ENTRY_KIND = { replies: "agent_reply", notes: "internal_note" } as const;
const Written = z.object({ ticket: TicketOut, entry: EntryOut }).openapi("TimelineWrite");

/**
 * An agent's replies and internal notes on a ticket (files too), each with an optional If-Match and
 * Idempotency-Key: the same key again answers the first write's entry. Registered on the agents' ticket API
 * (tickets.ts), which guards them and limits their size.
 */
export function addMessageRoutes(tickets: OpenAPIHono<AgentEnv>) {
  for (const [kind, summary, write] of [
    [
      "replies",
      "A public reply, mailed to the customer; optional status (send and solve), If-Match and Idempotency-Key",
      addReply,
    ],
    [
      "notes",
      "An internal note, visible to agents only (files too); optional If-Match and Idempotency-Key",
      addNote,
    ],
  ] as const)
    tickets.openapi(
      createRoute({
        method: "post",
        path: `/tickets/{id}/${kind}`,
        summary,
        security,
        request: {
          params: Params,
          headers: Keyed,
          body: jsonBody(kind === "replies" ? ReplyInput : NoteInput),
        },
        responses: { 201: json(Written), ...errors(400, 401, 404, 409, 412, 413) },
      }),
      async (c) => {
        const id = c.req.valid("param").id;
        const input = c.req.valid("json");
        const { agentId } = c.get("agent");
        const key = readIdempotencyKey(c.req.header("idempotency-key"));
        const idempotency = key ? { scope: agentEntryScope(agentId, id, kind), key } : undefined;
        // The signature comes with the agent item the request signed in with: no read of its own.
        const signature = kind === "replies" ? c.get("agent").signature : undefined;
        const written = await write(
          id,
          { ...input, idempotency, signature },
          c.get("actor"),
          ifMatchVersion(c),
        )
          // The same key again (a retry after a lost answer, which may also find the ticket's version moved on):
          // the first write's entry, written nothing. Only this agent's own entry of this kind on this ticket.
          .catch(async (error: unknown) => {
            const earlier = idempotency && (await keyedEntry(idempotency.scope, idempotency.key));
            const { entry } = earlier ?? {};
            if (
              !(
                earlier &&
                entry?.ticketId === id &&
                entry.kind === ENTRY_KIND[kind] &&
                entry.authorId === agentId
              )
            )
              throw error;
            // Fingerprinted as addReply and addNote fingerprint what they write (only on this rare path).
            const files = fromBase64(input.attachments);
            const status = "status" in input ? input.status : undefined;
            const fingerprint = messageFingerprint([input.body, status], files);
            assertSameMessage(earlier, { fingerprint, body: input.body, files });
            c.header("Idempotent-Replayed", "true");
            return { ticket: await loadTicketItem(id), entry };
          });
        c.header("ETag", etagOf(written.ticket.version));
        return c.json({ ticket: toTicket(written.ticket), entry: toEntry(written.entry) }, 201);
      },
    );
}
