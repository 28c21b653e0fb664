import { createHash } from "node:crypto";
import { hmac, hmacHex, type Secrets, safeEqual, withAnySecret } from "../auth/crypto.ts";

/**
 * Message-IDs the desk issues carry the ticket they belong to, signed with the desk secret:
 * `<kind.ticketId.id.signature@domain>`. A reply's In-Reply-To or References naming one of them threads to that
 * ticket without a lookup, and nobody can forge one for someone else's ticket.
 */
export function deskMessageId(
  kind: string,
  ticketId: string,
  id: string,
  secret: string,
  domain: string,
): string {
  const payload = `${kind}.${ticketId}.${id}`;
  return `<${payload}.${hmac(secret, `mid:${payload}`).slice(0, 16)}@${domain}>`;
}

/** The ticket a desk-issued Message-ID belongs to, or null for any other (or forged) id. */
export function ticketOfDeskMessageId(messageId: string, secrets: Secrets): string | null {
  const match = /^<?([a-z]+)\.([0-9A-Z]{26})\.([\w.-]+)\.([\w-]{16})@[^>]+>?$/.exec(messageId.trim());
  if (!match) return null;
  const [, kind, ticketId, id, signature] = match as unknown as [string, string, string, string, string];
  const signed = (secret: string) =>
    safeEqual(signature, hmac(secret, `mid:${kind}.${ticketId}.${id}`).slice(0, 16));
  return withAnySecret(secrets, signed) ? ticketId : null;
}

/**
 * The plus-address token of a ticket: `t<ticketId>-<signature>`, as in `support+t01J…-9f3a…@example.com`.
 * Case-insensitive, since mail systems may change the case of an address.
 */
export function replyToken(ticketId: string, secret: string): string {
  return `t${ticketId.toLowerCase()}-${hmacHex(secret, `plus:${ticketId}`).slice(0, 16)}`;
}

export function ticketOfReplyToken(token: string, secrets: Secrets): string | null {
  const match = /^t([0-9a-z]{26})-([0-9a-f]{16})$/.exec(token.toLowerCase());
  if (!match) return null;
  const ticketId = match[1]!.toUpperCase();
  const signed = (secret: string) => safeEqual(match[2]!, hmacHex(secret, `plus:${ticketId}`).slice(0, 16));
  return withAnySecret(secrets, signed) ? ticketId : null;
}

/** `support@example.com` + token → `support+token@example.com`. */
export function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, at)}+${token}${address.slice(at)}`;
}

/** The bare address in `Name <a@b>` or `a@b`, lower-cased. */
export function bareAddress(mailbox: string): string {
  return (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}

export function mailDomain(from: string): string {
  return bareAddress(from).split("@")[1] ?? "desk.localhost";
}

const MAX_KEY_CHARS = 500;

/** How a Message-ID is stored for lookups: SES rewrites ours to `<id@…amazonses.com>`, keyed by its id alone. */
export function messageKey(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, "");
  const at = bare.lastIndexOf("@");
  const key = /amazonses\.com$/i.test(bare.slice(at + 1)) ? `ses:${bare.slice(0, at)}` : bare.toLowerCase();
  // DynamoDB keys stop at 2 KB: a longer id (hostile or broken) is keyed by its hash, so it still files once.
  return key.length > MAX_KEY_CHARS ? `sha256:${createHash("sha256").update(key).digest("hex")}` : key;
}
