// The customer replies on their ticket (with files, an Idempotency-Key, a per-ticket rate limit).
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { limits, type Reservation, reserveHits } from "../../../core/auth/rate-limit.ts";
import { DeskError } from "../../../core/error.ts";
import { newId } from "../../../core/ids.ts";
import { checkUploads, fromBase64, withStoredUploads } from "../../../core/ticket/attachments.ts";
import { DuplicateMessageError } from "../../../core/ticket/commit.ts";
import { addCustomerMessage } from "../../../core/ticket/customer-writes.ts";
import {
  assertSameMessage,
  keyedEntry,
  keyedMessageRef,
  messageFingerprint,
  readIdempotencyKey,
} from "../../../core/ticket/idempotency-key.ts";
import { CustomerMessageInput } from "../../../core/ticket/input.ts";
import { customerReplyTarget, customerView } from "../../../core/ticket/merged-portal.ts";
import { errors, json } from "../schemas.ts";
import { defaultHook, readJsonOrForm } from "../validate.ts";
import { auth, authorise, Params } from "./portal-access.ts";
import { PortalTicket } from "./portal-ticket.ts";

export const portalMessages = new OpenAPIHono({ defaultHook });

portalMessages.openAPIRegistry.registerPath({
  method: "post",
  path: "/portal/tickets/{id}/messages",
  summary:
    "The customer replies on their ticket (reopens it when solved); the same Idempotency-Key again stores nothing",
  ...auth,
  request: {
    params: Params,
    headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
    body: {
      required: true,
      content: {
        "application/json": { schema: CustomerMessageInput },
        "application/x-www-form-urlencoded": { schema: CustomerMessageInput },
      },
    },
  },
  responses: { 201: json(PortalTicket), ...errors(400, 401, 404, 409, 413, 429) },
});

portalMessages.post(
  "/portal/tickets/:id/messages",
  bodyLimit({
    // Attachments travel as base64 JSON: up to Lambda's 6 MB request.
    maxSize: 6 * 1024 * 1024,
    onError: () => {
      throw new DeskError("payload_too_large", "payload_too_large", "The message is too large");
    },
  }),
  async (c) => {
    const id = c.req.param("id");
    const access = await authorise(c, id);
    const input = await readJsonOrForm(c, CustomerMessageInput);
    // Refused files answer before the rate limit counts the message, and before anything is stored.
    const uploads = checkUploads(fromBase64(input.attachments), "customer");
    const key = readIdempotencyKey(c.req.header("idempotency-key"));
    const fingerprint = key ? messageFingerprint([input.message], uploads) : undefined;
    let hit: Reservation | undefined;
    // A keyed message with files already stored is answered before its files are stored again: retries
    // (counted back below) must not make the desk upload megabytes each time.
    let stored = key && uploads.length ? await keyedEntry(`portal:${id}`, key) : null;
    try {
      if (stored) throw new DuplicateMessageError(`portal:${id}`);
      // A merged ticket's reply goes where it continues (the same requester's ticket), or is refused clearly,
      // before anything is counted or stored.
      const into = await customerReplyTarget(id, access);
      // Counted before the write (parallel sends cannot all slip under the limit), taken back once the write
      // turns out to be this very message already stored: a retry uses up none of the ticket's allowance.
      hit = await reserveHits([{ bucket: `portal-ticket:${id}`, limit: limits.portalMessagesPerTicket() }]);
      const now = new Date();
      const entryId = newId(now);
      // Files are taken back if the message cannot be written, so a failed send leaves no orphans.
      await withStoredUploads({ ticketId: into, entryId }, uploads, "customer", (files) =>
        addCustomerMessage(
          into,
          {
            body: input.message,
            channel: "web",
            // How it was written: the form's key shows only what was written with one (core/ticket/merged-portal.ts).
            extras: { entryId, via: access.via, attachments: files.length ? files : undefined },
            messageRef: key
              ? keyedMessageRef(`portal:${id}`, key, into, entryId, now, fingerprint)
              : undefined,
            // A mailed link or a sign-in proves the address is the writer's; the web form's key does not.
            provesAddress: access.via !== "form-key",
          },
          now,
        ),
      );
    } catch (error) {
      // The same message again (a double click, a retry after a lost answer) is on the ticket already: answered as
      // the first time, whatever would refuse a new one now (the allowance used up since, the ticket closed or
      // merged since). Looked up only on this rare path. The same key with another message is refused (409) and
      // stays counted.
      if (!(key && (error instanceof DuplicateMessageError || error instanceof DeskError))) throw error;
      stored ??= await keyedEntry(`portal:${id}`, key);
      if (!stored) {
        if (!(error instanceof DuplicateMessageError)) throw error;
      } else assertSameMessage(stored, { fingerprint: fingerprint!, body: input.message, files: uploads });
      await hit?.release();
    }
    return c.json(await customerView(id, access), 201);
  },
);
