import { claimOnce, sendOnce } from "../claim.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { signature } from "../desk/signature.ts";
import { DeskError } from "../error.ts";
import { publishEvent } from "../events/publish.ts";
import { newId } from "../ids.ts";
import { mailboxOrNull } from "../mail/address.ts";
import { sendPlainMail } from "../mail/outbound.ts";
import { isSuppressed } from "../mail/suppression.ts";
import { store } from "../store/index.ts";
import { listRequesterTickets } from "../ticket/read.ts";
import { hmac, randomToken, type Secrets, safeEqual, sha256, withAnySecret } from "./crypto.ts";
import { hitRateLimit, takeBackHit } from "./rate-limit.ts";

const LINK_MINUTES = 15;
/** Sign-in links an address may ask for (and the IP, below), counted per window. */
const PER_ADDRESS = { max: 3, windowSeconds: 900 };
const PER_IP = { max: 20, windowSeconds: 3600 };
const SESSION_DAYS = 7;

/**
 * A customer asks for a sign-in link. The answer is the same whatever the address: the request only publishes an
 * event (so it takes the same time too); the Mail worker mails the link only to an address that has tickets.
 * Rate-limited per address and per IP, silently (a refusal would tell nothing either way, but why help probing).
 * With the page's Idempotency-Key, the same request again (a double click, a retry after a lost answer) counts
 * once and mails nothing more: one mail per key within the address's window.
 */
export async function requestMagicLink(
  email: string,
  locale: "en" | "fr",
  ip: string,
  now = new Date(),
  idempotencyKey?: string,
) {
  const address = email.trim().toLowerCase();
  try {
    const counted = await hitRateLimit(`magic:${address}`, PER_ADDRESS, now, idempotencyKey);
    if (!counted) return; // this request was taken already: its link is on its way
    // Not keyed: a key is the caller's word, and one key sent for many addresses must count for each.
    await hitRateLimit(`magic-ip:${ip}`, PER_IP, now);
  } catch (error) {
    if (error instanceof DeskError && error.kind === "rate_limited") return;
    throw error;
  }
  try {
    await publishEvent({
      type: "customer.magic_link",
      id: newId(now),
      occurredAt: now.toISOString(),
      email: address,
      locale,
    });
  } catch (error) {
    // Not taken after all: the page's retry with the same key must publish, not be taken for a double click.
    if (idempotencyKey)
      await takeBackHit(`magic:${address}`, PER_ADDRESS, now, idempotencyKey).catch(() => {});
    throw error;
  }
}

/** `ml1.<email, base64url>.<expires>.<nonce>.<hmac>`: stateless until used; used once (see `consumeMagicLink`). */
export function issueMagicToken(email: string, now = new Date(), secret = config().secret) {
  const payload = `ml1.${Buffer.from(email).toString("base64url")}.${Math.floor(now.getTime() / 1000) + LINK_MINUTES * 60}.${randomToken(12)}`;
  return `${payload}.${hmac(secret, payload)}`;
}

/** Mails the sign-in link if the address has tickets (and is not suppressed); once per request. */
export async function sendMagicLink(
  event: { id: string; email: string; locale: "en" | "fr" },
  now = new Date(),
) {
  const { items } = await listRequesterTickets(event.email, undefined, 1);
  const to = mailboxOrNull(event.email);
  if (!to || items.length === 0 || (await isSuppressed(event.email))) return "skipped";
  const { publicUrl } = config();
  const desk = await deskNames();
  const link = `${publicUrl}/portal.html#magic=${issueMagicToken(event.email, now)}`;
  const fr = event.locale === "fr";
  return sendOnce(
    "magic-mail",
    event.id,
    { ticketId: "-", number: 0 },
    () =>
      sendPlainMail({
        kind: "magic",
        to,
        locale: event.locale,
        subject: fr ? "Votre lien de connexion à vos demandes" : "Your sign-in link to your requests",
        text: fr
          ? `Bonjour,\n\nPour voir et suivre toutes vos demandes, ouvrez ce lien dans les ${LINK_MINUTES} minutes (il ne sert qu'une fois) :\n\n${link}\n\nSi vous n'avez rien demandé, ignorez ce message.\n\n— ${signature(desk, "fr")}`
          : `Hello,\n\nTo see and follow all your requests, open this link within ${LINK_MINUTES} minutes (it works once):\n\n${link}\n\nIf you did not ask for it, ignore this message.\n\n— ${signature(desk, "en")}`,
      }),
    now,
  );
}

/** Checks a link and uses it up; returns a new session token for the cookie (its hash is stored). */
export async function consumeMagicLink(token: string, now = new Date(), secrets: Secrets = config().secrets) {
  const invalid = () =>
    new DeskError("unauthorized", "invalid_link", "This sign-in link is not valid, expired or already used");
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== "ml1") throw invalid();
  const [, encoded, expires, nonce, signature] = parts as [string, string, string, string, string];
  const signed = (secret: string) => safeEqual(signature, hmac(secret, `ml1.${encoded}.${expires}.${nonce}`));
  if (!withAnySecret(secrets, signed)) throw invalid();
  if (!/^\d+$/.test(expires) || Number(expires) * 1000 <= now.getTime()) throw invalid();
  if (!(await claimOnce("magic-used", nonce, { ticketId: "-", number: 0 }, now))) throw invalid();
  const email = Buffer.from(encoded, "base64url").toString("utf8");
  const session = randomToken();
  // A sign-in proves nothing about the tickets filed in the address's name: the page consumes the link when it
  // loads, which a mail scanner's browser does too. A message written while signed in proves its own ticket.
  await store()
    .entities.customerSession.put({
      tokenHash: sha256(session),
      email,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + SESSION_DAYS * 86_400,
    })
    .go();
  return { session, email, maxAgeSeconds: SESSION_DAYS * 86_400 };
}

/** The customer a session cookie belongs to, or null (expired items may linger until TTL removes them). */
export async function customerOf(session: string | undefined, now = new Date()) {
  if (!session) return null;
  const { data } = await store()
    .entities.customerSession.get({ tokenHash: sha256(session) })
    .go();
  return data && data.expiresAt * 1000 > now.getTime() ? data.email : null;
}

export async function endCustomerSession(session: string | undefined) {
  if (session)
    await store()
      .entities.customerSession.delete({ tokenHash: sha256(session) })
      .go();
}
