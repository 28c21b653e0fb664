// The customer's sign-in by magic link: ask for a link, sign in with it, list their tickets, sign out.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  consumeMagicLink,
  customerOf,
  endCustomerSession,
  requestMagicLink,
} from "../../../core/auth/magic-link.ts";
import { config } from "../../../core/config.ts";
import { DeskError } from "../../../core/error.ts";
import { displayAddress } from "../../../core/mail/display-address.ts";
import { readIdempotencyKey } from "../../../core/ticket/idempotency-key.ts";
import { Email } from "../../../core/ticket/input.ts";
import { listRequesterTickets } from "../../../core/ticket/read.ts";
import { clientIp } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";
import { CUSTOMER_COOKIE } from "./portal-access.ts";

export const portalSession = new OpenAPIHono({ defaultHook });

portalSession.openapi(
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

portalSession.openapi(
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

portalSession.openapi(
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

portalSession.openapi(
  createRoute({
    method: "post",
    path: "/portal/logout",
    summary: "Sign the customer out",
    responses: { 204: { description: "Signed out" }, ...errors(403) },
  }),
  async (c) => {
    // Signed by the cookie like every customer write: only with X-Requested-With (no cross-site form sends it).
    if (!c.req.header("x-requested-with"))
      throw new DeskError(
        "forbidden",
        "csrf_failed",
        "Send X-Requested-With with writes signed by the cookie",
      );
    await endCustomerSession(getCookie(c, CUSTOMER_COOKIE));
    deleteCookie(c, CUSTOMER_COOKIE, { path: "/api/portal" });
    return c.body(null, 204);
  },
);
