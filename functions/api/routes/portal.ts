import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { verifyPortalToken } from "../../../core/auth/portal-token.ts";
import { hitRateLimit, limits } from "../../../core/auth/rate-limit.ts";
import { rate, verifyCsatToken } from "../../../core/csat/csat.ts";
import { DeskError, notFound } from "../../../core/error.ts";
import { getArticleItem, recordDeflection } from "../../../core/kb/articles.ts";
import { addCustomerMessage, solveByCustomer } from "../../../core/ticket/change.ts";
import { CustomerMessageInput } from "../../../core/ticket/input.ts";
import { viewTicketAsCustomer } from "../../../core/ticket/read.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook, readJsonOrForm } from "../validate.ts";
import { INTAKE_MAX_BYTES } from "./intake.ts";

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
      }),
    ),
  })
  .openapi("PortalTicket");

const Params = z.object({ id: z.string().min(1).max(64) });
const auth = { security: [{ portalToken: [] }] as Record<string, string[]>[] };

/**
 * The customer's side of one ticket, authorised by its signed portal token. A token for another ticket is
 * answered like a ticket that does not exist (404), so tokens reveal nothing about other tickets.
 */
export const portal = new OpenAPIHono({ defaultHook });

function authorise(authorization: string | undefined, ticketId: string): void {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) throw new DeskError("unauthorized", "unauthorized", "This link needs its access token");
  const check = verifyPortalToken(token);
  if (!check.ok) {
    throw new DeskError(
      "unauthorized",
      check.reason === "expired" ? "token_expired" : "unauthorized",
      check.reason === "expired" ? "This link has expired" : "This access token is not valid",
    );
  }
  if (check.ticketId !== ticketId) throw notFound("Ticket");
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
    authorise(c.req.header("authorization"), id);
    return c.json(await viewTicketAsCustomer(id), 200);
  },
);

portal.openAPIRegistry.registerPath({
  method: "post",
  path: "/portal/tickets/{id}/messages",
  summary: "The customer replies on their ticket (reopens it when solved)",
  ...auth,
  request: {
    params: Params,
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
    maxSize: INTAKE_MAX_BYTES,
    onError: () => {
      throw new DeskError("payload_too_large", "payload_too_large", "The message is too large");
    },
  }),
  async (c) => {
    const id = c.req.param("id");
    authorise(c.req.header("authorization"), id);
    const input = await readJsonOrForm(c, CustomerMessageInput);
    await hitRateLimit(`portal-ticket:${id}`, limits.portalMessagesPerTicket());
    await addCustomerMessage(id, { body: input.message, channel: "web" });
    return c.json(await viewTicketAsCustomer(id), 201);
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
    authorise(c.req.header("authorization"), id);
    const { articleId } = c.req.valid("json");
    const article = articleId ? await getArticleItem(articleId).catch(() => null) : null;
    const ticket = await solveByCustomer(
      id,
      article
        ? `The customer closed the request: the article "${article.title}" solved it.`
        : "The customer closed the request.",
    );
    if (article) await recordDeflection(article.articleId, `ticket:${id}`).catch(() => undefined);
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
          comment: z.string().trim().max(2000).optional(),
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
