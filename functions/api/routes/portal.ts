import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  consumeMagicLink,
  customerOf,
  endCustomerSession,
  requestMagicLink,
} from "../../../core/auth/magic-link.ts";
import { checkPortalToken } from "../../../core/auth/portal-token.ts";
import { limits, type Reservation, reserveHits } from "../../../core/auth/rate-limit.ts";
import { claimOnce } from "../../../core/claim.ts";
import { config } from "../../../core/config.ts";
import { rate, verifyCsatToken } from "../../../core/csat/csat.ts";
import { DeskError, notFound } from "../../../core/error.ts";
import { newId } from "../../../core/ids.ts";
import { getArticleItem, recordDeflection } from "../../../core/kb/articles.ts";
import { displayAddress } from "../../../core/mail/display-address.ts";
import { readStoredFile } from "../../../core/mail/raw-store.ts";
import { store } from "../../../core/store/index.ts";
import { multiLine } from "../../../core/text.ts";
import { checkUploads, fromBase64, withStoredUploads } from "../../../core/ticket/attachments.ts";
import { addCustomerMessage, solveByCustomer } from "../../../core/ticket/change.ts";
import { DuplicateMessageError } from "../../../core/ticket/commit.ts";
import { said } from "../../../core/ticket/event-text.ts";
import {
  assertSameMessage,
  keyedEntry,
  keyedMessageRef,
  messageFingerprint,
  readIdempotencyKey,
} from "../../../core/ticket/idempotency-key.ts";
import { CustomerMessageInput, Email } from "../../../core/ticket/input.ts";
import {
  type CustomerAccess,
  customerReplyTarget,
  customerView,
  readsRequestersMail,
  shownToFormKey,
} from "../../../core/ticket/merged-portal.ts";
import { isPublic } from "../../../core/ticket/model.ts";
import { listRequesterTickets } from "../../../core/ticket/read.ts";
import { attachmentDisposition } from "../content-disposition.ts";
import { clientIp } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook, readJsonOrForm } from "../validate.ts";

const PortalTicket = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    timeline: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        createdAt: z.string(),
        author: z.string(),
        fromCustomer: z.boolean(),
        body: z.string(),
        attachments: z.array(z.object({ name: z.string(), size: z.number() })),
      }),
    ),
    /** Merged into another ticket (closed here). */
    merged: z.boolean(),
    /** Where a merged ticket continues, when it is the same requester's (with a link token for it). */
    continuesAs: z.object({ id: z.string(), number: z.number().int(), token: z.string() }).nullable(),
    /**
     * Opened with the web form's own key: only what was written on the web shows, the desk's answers are in the
     * requester's mail, whose links show everything.
     */
    answersByMail: z.boolean(),
  })
  .openapi("PortalTicket");

const Params = z.object({ id: z.string().min(1).max(64) });
const auth = { security: [{ portalToken: [] }] as Record<string, string[]>[] };

/**
 * The customer's side of one ticket, authorised by its signed portal token. A token for another ticket is
 * answered like a ticket that does not exist (404), so tokens reveal nothing about other tickets.
 */
export const portal = new OpenAPIHono({ defaultHook });

const CUSTOMER_COOKIE = "desk_customer";

/**
 * Who may see this ticket: the bearer of its signed portal token, or a customer signed in by magic link whose
 * address is the ticket's requester. Anyone else gets 404, as for a ticket that does not exist. Cookie-signed
 * writes must also carry `X-Requested-With` (a header no cross-site form can send). Says whether the caller
 * proved they read the requester's mail (not so with the web form's key: see `issueFormPortalToken`).
 */
async function authorise(c: Context, ticketId: string): Promise<CustomerAccess> {
  const authorization = c.req.header("authorization");
  if (!authorization) {
    const email = await customerOf(getCookie(c, CUSTOMER_COOKIE));
    if (!email) throw new DeskError("unauthorized", "unauthorized", "This link needs its access token");
    if (c.req.method !== "GET" && !c.req.header("x-requested-with"))
      throw new DeskError("forbidden", "csrf", "Send X-Requested-With with writes signed by the cookie");
    const { data } = await store().entities.ticket.get({ ticketId }).go();
    if (data?.requesterEmail.toLowerCase() !== email) throw notFound("Ticket");
    return { via: "sign-in" };
  }
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (!token) throw new DeskError("unauthorized", "unauthorized", "This link needs its access token");
  const check = await checkPortalToken(token);
  if (!check.ok) {
    const [code, message] = {
      expired: ["token_expired", "This link has expired"],
      revoked: ["link_revoked", "This link was replaced by a newer one"],
      malformed: ["unauthorized", "This access token is not valid"],
    }[check.reason] as [string, string];
    throw new DeskError("unauthorized", code, message);
  }
  if (check.ticketId !== ticketId) throw notFound("Ticket");
  return { via: check.verified ? "link" : "form-key", issuedAt: check.issuedAt };
}

portal.openapi(
  createRoute({
    method: "get",
    path: "/portal/tickets/{id}",
    summary: "The customer's view of their ticket",
    ...auth,
    request: { params: Params },
    responses: { 200: json(PortalTicket), ...errors(401, 404) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const access = await authorise(c, id);
    return c.json(await customerView(id, access), 200);
  },
);

portal.openAPIRegistry.registerPath({
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

portal.post(
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

portal.openapi(
  createRoute({
    method: "post",
    path: "/portal/tickets/{id}/close",
    summary: "The customer no longer needs help (an article solved it, or they found another way)",
    ...auth,
    request: {
      params: Params,
      body: jsonBody(z.object({ articleId: z.string().min(1).max(64).optional() })),
    },
    responses: { 200: json(z.object({ status: z.string() })), ...errors(400, 401, 404, 409) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await authorise(c, id);
    const { articleId } = c.req.valid("json");
    const article = articleId ? await getArticleItem(articleId).catch(() => null) : null;
    const ticket = await solveByCustomer(
      id,
      article
        ? {
            body: `The customer closed the request: the article "${article.title}" solved it.`,
            what: said("customer_closed", { article: article.title }),
          }
        : { body: "The customer closed the request.", what: said("customer_closed") },
    );
    // One deflection per ticket, however often its close is sent (a double click, a retry after a lost answer).
    if (article && (await claimOnce("kb-deflection", id, { ticketId: id, number: ticket.number })))
      await recordDeflection(article.articleId, `ticket:${id}`).catch(() => undefined);
    return c.json({ status: ticket.status }, 200);
  },
);

portal.openapi(
  createRoute({
    method: "post",
    path: "/csat/{token}",
    summary: "Rate the support or add a comment, from the survey link (no sign-in; the token is the key)",
    request: {
      params: z.object({ token: z.string().min(1).max(300) }),
      body: jsonBody(
        z.object({
          rating: z.enum(["good", "bad"]).optional(),
          comment: multiLine().trim().max(2000).optional(),
        }),
      ),
    },
    responses: { 200: json(z.object({ rating: z.enum(["good", "bad"]).nullable() })), ...errors(400, 404) },
  }),
  async (c) => {
    const ticketId = verifyCsatToken(c.req.valid("param").token);
    if (!ticketId)
      throw new DeskError("validation", "invalid_token", "This survey link is not valid or has expired");
    const ticket = await rate(ticketId, c.req.valid("json"));
    return c.json({ rating: ticket.csatRating ?? null }, 200);
  },
);

portal.openapi(
  createRoute({
    method: "post",
    path: "/portal/magic-link",
    summary:
      "Mail me a sign-in link to all my requests (same answer whether or not the address is known); the same Idempotency-Key again mails nothing more",
    request: {
      headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
      body: jsonBody(z.object({ email: Email, locale: z.enum(["en", "fr"]).default("en") })),
    },
    responses: { 202: json(z.object({ message: z.string() })), ...errors(400) },
  }),
  async (c) => {
    const { email, locale } = c.req.valid("json");
    const key = readIdempotencyKey(c.req.header("idempotency-key"));
    await requestMagicLink(email, locale, clientIp(c), new Date(), key);
    return c.json({ message: "If this address has requests with us, a sign-in link is on its way." }, 202);
  },
);

portal.openapi(
  createRoute({
    method: "post",
    path: "/portal/session",
    summary: "Sign in with a magic link's token (single use); sets the customer's session cookie",
    request: { body: jsonBody(z.object({ token: z.string().min(1).max(500) })) },
    responses: { 200: json(z.object({ email: z.string() })), ...errors(400, 401) },
  }),
  async (c) => {
    const { session, email, maxAgeSeconds } = await consumeMagicLink(c.req.valid("json").token);
    setCookie(c, CUSTOMER_COOKIE, session, {
      httpOnly: true,
      sameSite: "Lax",
      path: "/api/portal",
      secure: config().secureCookies,
      maxAge: maxAgeSeconds,
    });
    return c.json({ email }, 200);
  },
);

portal.openapi(
  createRoute({
    method: "get",
    path: "/portal/me/tickets",
    summary: "The signed-in customer's tickets, newest first",
    request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
    responses: {
      200: json(
        z.object({
          email: z.string(),
          /** The address as the customer reads it: an internationalised domain in Unicode (`email` stays ASCII). */
          displayEmail: z.string(),
          items: z.array(
            z.object({
              id: z.string(),
              number: z.number(),
              subject: z.string(),
              status: z.string(),
              updatedAt: z.string(),
            }),
          ),
          cursor: z.string().nullable(),
        }),
      ),
      ...errors(400, 401),
    },
  }),
  async (c) => {
    const email = await customerOf(getCookie(c, CUSTOMER_COOKIE));
    if (!email) throw new DeskError("unauthorized", "unauthorized", "Sign in with a link sent by mail");
    const page = await listRequesterTickets(email, c.req.valid("query").cursor, 20);
    return c.json(
      {
        email,
        displayEmail: displayAddress(email),
        items: page.items.map((t) => ({
          id: t.id,
          number: t.number,
          subject: t.subject,
          status: t.status,
          updatedAt: t.updatedAt,
        })),
        cursor: page.cursor,
      },
      200,
    );
  },
);

portal.openapi(
  createRoute({
    method: "post",
    path: "/portal/logout",
    summary: "Sign the customer out",
    responses: { 204: { description: "Signed out" } },
  }),
  async (c) => {
    await endCustomerSession(getCookie(c, CUSTOMER_COOKIE));
    deleteCookie(c, CUSTOMER_COOKIE, { path: "/api/portal" });
    return c.body(null, 204);
  },
);

portal.openapi(
  createRoute({
    method: "get",
    path: "/portal/tickets/{id}/entries/{entryId}/attachments/{index}",
    summary: "Download a file of a public message on the customer's ticket",
    ...auth,
    request: {
      params: Params.extend({ entryId: z.string().min(1).max(64), index: z.coerce.number().int().min(0) }),
    },
    responses: { 200: { description: "The file" }, ...errors(401, 404) },
  }),
  async (c) => {
    const { id, entryId, index } = c.req.valid("param");
    const access = await authorise(c, id);
    const [{ data: entry }, { data: ticket }] = await Promise.all([
      store().entities.entry.get({ ticketId: id, entryId }).go(),
      readsRequestersMail(access)
        ? { data: null }
        : store()
            .entities.ticket.get({ ticketId: id })
            .go({ attributes: ["createdAt"] }),
    ]);
    const shown =
      entry &&
      isPublic(entry) &&
      (readsRequestersMail(access) || (ticket !== null && shownToFormKey(entry, ticket)));
    const files = (shown ? (entry.attachments ?? []) : []).filter((a) => a.key && !a.inline);
    const file = files[index];
    if (!file?.key) throw notFound("Attachment");
    return new Response(new Uint8Array(await readStoredFile(file.key)), {
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": attachmentDisposition(file.name),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  },
);
