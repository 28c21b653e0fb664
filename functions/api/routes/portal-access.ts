// Who may act on a customer's ticket: the bearer of its portal token, or its requester signed in by magic link.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { customerOf } from "../../../core/auth/magic-link.ts";
import { checkPortalToken } from "../../../core/auth/portal-token.ts";
import { DeskError, notFound } from "../../../core/error.ts";
import { store } from "../../../core/store/index.ts";
import type { CustomerAccess } from "../../../core/ticket/merged-portal.ts";

export const Params = z.object({ id: z.string().min(1).max(64) });
export const auth = { security: [{ portalToken: [] }] as Record<string, string[]>[] };

export const CUSTOMER_COOKIE = "desk_customer";

/**
 * Who may see this ticket: the bearer of its signed portal token, or a customer signed in by magic link whose
 * address is the ticket's requester. Anyone else gets 404, as for a ticket that does not exist. Cookie-signed
 * writes must also carry `X-Requested-With` (a header no cross-site form can send). Says whether the caller
 * proved they read the requester's mail (not so with the web form's key: see `issueFormPortalToken`).
 */
export async function authorise(c: Context, ticketId: string): Promise<CustomerAccess> {
  const authorization = c.req.header("authorization");
  if (!authorization) {
    const email = await customerOf(getCookie(c, CUSTOMER_COOKIE));
    if (!email) throw new DeskError("unauthorized", "unauthorized", "This link needs its access token");
    if (c.req.method !== "GET" && !c.req.header("x-requested-with"))
      throw new DeskError(
        "forbidden",
        "csrf_failed",
        "Send X-Requested-With with writes signed by the cookie",
      );
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
