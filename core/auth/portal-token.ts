import { config } from "../config.ts";
import { hmac, safeEqual } from "./crypto.ts";

/** How long a customer's per-ticket link keeps working. */
export const PORTAL_TOKEN_DAYS = 180;

/**
 * A customer's key to one ticket: `pt1.<ticketId>.<expiresEpochSeconds>.<hmac>`. Signed with the desk secret,
 * scoped to one ticket, expiring; nothing stored.
 */
export function issuePortalToken(ticketId: string, now = new Date(), secret = config().secret): string {
  const expires = Math.floor(now.getTime() / 1000) + PORTAL_TOKEN_DAYS * 86_400;
  const payload = `pt1.${ticketId}.${expires}`;
  return `${payload}.${hmac(secret, payload)}`;
}

export type PortalTokenCheck =
  | { ok: true; ticketId: string }
  | { ok: false; reason: "malformed" | "expired" };

export function verifyPortalToken(
  token: string,
  now = new Date(),
  secret = config().secret,
): PortalTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "pt1") return { ok: false, reason: "malformed" };
  const [, ticketId, expires, signature] = parts as [string, string, string, string];
  if (!/^\d+$/.test(expires) || !safeEqual(signature, hmac(secret, `pt1.${ticketId}.${expires}`))) {
    return { ok: false, reason: "malformed" };
  }
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, ticketId };
}
