import { config } from "../config.ts";
import { store } from "../store/index.ts";
import { hmac, type Secrets, safeEqual, withAnySecret } from "./crypto.ts";

/**
 * How long a customer's per-ticket link keeps working: 30 days from when it was mailed or shared. A link in a
 * mailbox is a bearer key to the conversation, so it should not outlive the request by months; 30 days covers
 * the life of nearly every ticket (each pending reminder carries a fresh link), and after that the customer
 * signs in to the portal with a one-time link mailed to their address (magic link) to see every request.
 */
export const PORTAL_TOKEN_DAYS = 30;
/** The lifetime of the first format (`pt1`, expiry inside), to know when those links were issued. */
const PT1_DAYS = 180;

export type PortalTokenCheck =
  | { ok: true; ticketId: string }
  | { ok: false; reason: "malformed" | "expired" };

/**
 * A signed, expiring key to one ticket for one purpose: `<scope>.<ticketId>.<expiresEpochSeconds>.<hmac>`, signed
 * with the desk secret; nothing stored. The scope (`cs1` survey; `pt1` was the first portal format) keeps one
 * purpose's key from opening another.
 */
export function issueTicketToken(scope: string, ticketId: string, days: number, now: Date, secret: string) {
  const payload = `${scope}.${ticketId}.${Math.floor(now.getTime() / 1000) + days * 86_400}`;
  return `${payload}.${hmac(secret, payload)}`;
}

export function verifyTicketToken(
  scope: string,
  token: string,
  now: Date,
  secrets: Secrets,
): PortalTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== scope) return { ok: false, reason: "malformed" };
  const [, ticketId, expires, signature] = parts as [string, string, string, string];
  if (
    !/^\d+$/.test(expires) ||
    !withAnySecret(secrets, (secret) => safeEqual(signature, hmac(secret, `${scope}.${ticketId}.${expires}`)))
  )
    return { ok: false, reason: "malformed" };
  if (Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, ticketId };
}

/**
 * A customer's key to one ticket in the portal and its links: `pt2.<ticketId>.<issuedAtMs>.<hmac>`. It carries
 * when it was issued, so that it expires with the current lifetime and a ticket can revoke every link issued
 * before a moment (see `revokePortalLinks`).
 */
export function issuePortalToken(ticketId: string, now = new Date(), secret = config().secret) {
  const payload = `pt2.${ticketId}.${now.getTime()}`;
  return `${payload}.${hmac(secret, payload)}`;
}

/**
 * The key the web form hands back to whoever filled it in (`pf2.<ticketId>.<issuedAtMs>.<hmac>`): the form does
 * not check the address it was given, so this key opens that one ticket and nothing it leads to. A ticket of the
 * "same requester" merged with it may be someone else's (a stranger can file a form in anyone's name and ask for
 * the merge), so such a key is not followed to where a merged ticket continues (see core/ticket/merged-portal.ts).
 * The links mailed to the requester (`pt2`) are.
 */
export function issueFormPortalToken(ticketId: string, now = new Date(), secret = config().secret) {
  const payload = `pf2.${ticketId}.${now.getTime()}`;
  return `${payload}.${hmac(secret, payload)}`;
}

export type PortalLinkCheck =
  | {
      ok: true;
      ticketId: string;
      issuedAt: number;
      /** False for the web form's key: its holder never proved they read the requester's mail. */
      verified: boolean;
    }
  | { ok: false; reason: "malformed" | "expired" };

/** Checks the signature and the lifetime (no I/O); `checkPortalToken` adds revocation. */
export function verifyPortalToken(
  token: string,
  now = new Date(),
  secrets: Secrets = config().secrets,
): PortalLinkCheck {
  let ticketId: string;
  let issuedAt: number;
  let verified = true;
  if (token.startsWith("pt1.")) {
    // Links mailed before `pt2` keep working for the current lifetime, counted from when they were issued.
    const check = verifyTicketToken("pt1", token, new Date(0), secrets);
    if (!check.ok) return check;
    ticketId = check.ticketId;
    issuedAt = Number(token.split(".")[2]) * 1000 - PT1_DAYS * 86_400_000;
  } else {
    const parts = token.split(".");
    if (parts.length !== 4 || (parts[0] !== "pt2" && parts[0] !== "pf2"))
      return { ok: false, reason: "malformed" };
    const [scope, id, issued, signature] = parts as [string, string, string, string];
    const signed = (secret: string) => safeEqual(signature, hmac(secret, `${scope}.${id}.${issued}`));
    if (!/^\d{1,15}$/.test(issued) || !withAnySecret(secrets, signed))
      return { ok: false, reason: "malformed" };
    ticketId = id;
    issuedAt = Number(issued);
    verified = scope === "pt2";
  }
  if (issuedAt + PORTAL_TOKEN_DAYS * 86_400_000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, ticketId, issuedAt, verified };
}

/** A portal token's ticket, or why it is refused: malformed, expired, or revoked by a newer link (one GetItem). */
export async function checkPortalToken(
  token: string,
  now = new Date(),
): Promise<PortalLinkCheck | { ok: false; reason: "revoked" }> {
  const check = verifyPortalToken(token, now);
  if (!check.ok) return check;
  const validFrom = await portalLinksValidFrom(check.ticketId);
  if (validFrom !== undefined && check.issuedAt < validFrom) return { ok: false, reason: "revoked" };
  return check;
}

/** Since when the ticket's links work (ms): links issued before were revoked. Undefined when none ever was. */
export async function portalLinksValidFrom(ticketId: string): Promise<number | undefined> {
  const { data } = await store().entities.portalLink.get({ ticketId }).go();
  return data?.validFrom;
}

/**
 * Ends every link to the ticket issued until now and returns a new one. The cut-off only moves forward (two
 * revocations racing keep the later one), and the new link is issued at the cut-off so it survives it.
 */
export async function revokePortalLinks(ticketId: string, revokedBy: string, now = new Date()) {
  let validFrom = now.getTime() + 1;
  try {
    await store()
      .entities.portalLink.put({ ticketId, validFrom, revokedBy })
      .where((attr, { notExists, lt }) => `${notExists(attr.validFrom)} OR ${lt(attr.validFrom, validFrom)}`)
      .go();
  } catch (error) {
    const { data } = await store().entities.portalLink.get({ ticketId }).go({ consistent: true });
    if (!data) throw error;
    validFrom = Math.max(validFrom, data.validFrom);
  }
  return issuePortalToken(ticketId, new Date(validFrom));
}
