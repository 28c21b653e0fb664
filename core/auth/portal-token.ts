import { config } from "../config.ts";
import { hmac, safeEqual } from "./crypto.ts";

/** How long a customer's per-ticket link keeps working. */
export const PORTAL_TOKEN_DAYS = 180;

export type PortalTokenCheck =
  | { ok: true; ticketId: string }
  | { ok: false; reason: "malformed" | "expired" };

/**
 * A signed, expiring key to one ticket for one purpose: `<scope>.<ticketId>.<expiresEpochSeconds>.<hmac>`, signed
 * with the desk secret; nothing stored. The scope (`pt1` portal, `cs1` survey) keeps one purpose's key from
 * opening another.
 */
export function issueTicketToken(scope: string, ticketId: string, days: number, now: Date, secret: string) {
  const payload = `${scope}.${ticketId}.${Math.floor(now.getTime() / 1000) + days * 86_400}`;
  return `${payload}.${hmac(secret, payload)}`;
}

export function verifyTicketToken(scope: string, token: string, now: Date, secret: string): PortalTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== scope) return { ok: false, reason: "malformed" };
  const [, ticketId, expires, signature] = parts as [string, string, string, string];
  if (!/^\d+$/.test(expires) || !safeEqual(signature, hmac(secret, `${scope}.${ticketId}.${expires}`)))
    return { ok: false, reason: "malformed" };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, ticketId };
}

/** A customer's key to one ticket in the portal and its links. */
export const issuePortalToken = (ticketId: string, now = new Date(), secret = config().secret) =>
  issueTicketToken("pt1", ticketId, PORTAL_TOKEN_DAYS, now, secret);

export const verifyPortalToken = (token: string, now = new Date(), secret = config().secret) =>
  verifyTicketToken("pt1", token, now, secret);
