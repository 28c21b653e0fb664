// The customer's ticket: read it, close it, download a file of its public messages.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { claimOnce } from "../../../core/claim.ts";
import { notFound } from "../../../core/error.ts";
import { getArticleItem, recordDeflection } from "../../../core/kb/articles.ts";
import { readStoredFile } from "../../../core/mail/raw-store.ts";
import { store } from "../../../core/store/index.ts";
import { solveByCustomer } from "../../../core/ticket/customer-writes.ts";
import { said } from "../../../core/ticket/event-text.ts";
import { customerView, readsRequestersMail, shownToFormKey } from "../../../core/ticket/merged-portal.ts";
import { isPublic } from "../../../core/ticket/model.ts";
import { attachmentDisposition } from "../content-disposition.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";
import { auth, authorise, Params } from "./portal-access.ts";

export const PortalTicket = z
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

export const portalTicket = new OpenAPIHono({ defaultHook });

portalTicket.openapi(
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

portalTicket.openapi(
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

portalTicket.openapi(
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
