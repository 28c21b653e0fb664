import { domainToASCII } from "node:url";
import addressparser from "nodemailer/lib/addressparser";
import { config } from "../config.ts";
import { displayAddress } from "./display-address.ts";

/**
 * A mailbox as the desk handles it: a display name and an address, always apart. Never build
 * `${name} <${address}>`: a name such as `Eve <attacker@evil.example>` would then choose the recipient. The raw
 * message gets these objects (nodemailer encodes the name) and SES's Destinations take `address` alone.
 */
export interface Mailbox {
  name: string;
  address: string;
}

/** An address the desk refuses to mail: it is not one plain `local@domain` (see `isDeliverable`). */
export class UndeliverableAddressError extends Error {
  override name = "UndeliverableAddressError";
  readonly code = "undeliverable_address";
  constructor(address: string) {
    super(`Not a deliverable address: ${JSON.stringify(address.slice(0, 100))}`);
  }
}

// A dot-atom local part (RFC 5322, no quoted strings, no comments) and a domain of letter/digit labels.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})+$`, "u");

/**
 * Whether SES may be handed this address as a destination: one `local@domain`, nothing that a mail system could
 * read as a second recipient, a name or a route (no space, quote, angle bracket, comma, semicolon, control).
 * Stricter than RFC 5321 on purpose; everything the web form accepts passes.
 */
export function isDeliverable(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/**
 * A display name made safe to put in a header: line breaks and other controls become spaces, and it is cut to a
 * sensible length. Nothing else is touched — the name is encoded by the MIME composer, never parsed.
 */
export function displayName(name: string | undefined): string {
  return (name ?? "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

/**
 * A mailbox as people read it in a text (a notice, a timeline note): the address first, the name after it in
 * quotes — so a name that looks like an address never reads as the one that counts.
 */
/**
 * The name a person is greeted and shown by: their display name, or when they gave none (a nameless sender is
 * filed with their address as name), their address as people read it (an internationalised domain in Unicode).
 */
export function personName(name: string | undefined, address: string | undefined): string {
  const shown = displayName(name);
  if (!address) return shown;
  return !shown || isAddressOf(shown, address) ? displayAddress(address) : shown;
}

/** Whether a name is only the address itself, stored (ASCII) or as people read it (Unicode). */
const isAddressOf = (name: string, address: string) =>
  [address, displayAddress(address)].some((a) => a.toLowerCase() === name.toLowerCase());

export function mailboxText(address: string, name?: string, locale?: "en" | "fr"): string {
  const shown = displayName(name);
  // The address as people read it: an internationalised domain in Unicode (the stored form is ASCII).
  const readable = displayAddress(address);
  const same = (a: string) => shown.toLowerCase() === a.toLowerCase();
  if (!shown || same(address) || same(readable)) return readable;
  return locale === "fr" ? `${readable} (« ${shown} »)` : `${readable} (“${shown}”)`;
}

/** A mailbox to send to; throws `UndeliverableAddressError` for an address `isDeliverable` refuses. */
export function mailbox(address: string, name?: string): Mailbox {
  const bare = address.trim();
  if (!isDeliverable(bare)) throw new UndeliverableAddressError(bare);
  // A name that is only the address says nothing: the header carries the address alone.
  const shown = displayName(name);
  return { name: isAddressOf(shown, bare) ? "" : shown, address: bare };
}

/** Like `mailbox`, but null for an address the desk does not mail (the caller records why). */
export function mailboxOrNull(address: string, name?: string): Mailbox | null {
  try {
    return mailbox(address, name);
  } catch {
    return null;
  }
}

let desk: { from: string; mailbox: Mailbox } | undefined;

/**
 * The desk's own sender, from `DESK_MAIL_FROM` (`Support <support@example.com>`). The only address the desk ever
 * parses out of a string, and it comes from the operator's configuration, not from a user.
 */
export function deskMailbox(from = config().mailFrom): Mailbox {
  if (desk?.from === from) return desk.mailbox;
  const [first] = addressparser(from, { flatten: true });
  if (!first?.address) throw new Error(`DESK_MAIL_FROM has no address: ${from}`);
  desk = { from, mailbox: mailbox(first.address, first.name) };
  return desk.mailbox;
}

/**
 * The SES Destinations of a mail: each address once (case-insensitively), in order, taken from the structured
 * mailboxes — never re-parsed from a header. Refuses any address `isDeliverable` does not accept.
 */
export function destinationsOf(mailboxes: Mailbox[]): string[] {
  const seen = new Set<string>();
  const destinations: string[] = [];
  for (const { address } of mailboxes) {
    if (!isDeliverable(address)) throw new UndeliverableAddressError(address);
    // SES wants an internationalised domain in its ASCII (punycode) form, as the composer writes it in headers.
    const at = address.lastIndexOf("@");
    const domain = domainToASCII(address.slice(at + 1));
    if (!domain) throw new UndeliverableAddressError(address);
    const ascii = `${address.slice(0, at)}@${domain}`;
    const key = ascii.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    destinations.push(ascii);
  }
  return destinations;
}
