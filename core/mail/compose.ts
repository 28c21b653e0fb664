import libmime from "libmime";
import MailComposer from "nodemailer/lib/mail-composer";
import type MimeNode from "nodemailer/lib/mime-node";
import { displayName, type Mailbox } from "./address.ts";
import { linkified } from "./linkify.ts";

/** Every address is a `Mailbox` ({name, address}): the composer encodes names, nothing is parsed from text. */
export interface OutboundMail {
  from: Mailbox;
  to: Mailbox[];
  cc?: Mailbox[];
  subject: string;
  text: string;
  /** Our own Message-ID, in angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: Mailbox;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** `auto-replied` (acknowledgements) or `auto-generated` (notifications); absent for human replies. */
  autoSubmitted?: "auto-replied" | "auto-generated";
}

/** Plain text as simple HTML paragraphs (escaped, http(s) URLs as links), for the HTML alternative. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${linkified(p).replace(/\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.join("")}</body></html>`;
}

/** A copy for the composer (it may normalise what it is given), with the display name cleaned of controls. */
const header = (m: Mailbox): Mailbox => ({ name: displayName(m.name), address: m.address });

/**
 * Text holding `=?` — a name or subject a person typed that reads as an RFC 2047 encoded-word — written as
 * encoded-words of its literal characters. Left as it is, the recipient's client would decode it and show other
 * text than the desk stored (`=?utf-8?B?QWRtaW4gPGFkbWluQGRlc2subG9jYWxob3N0Pg==?=` would read "Admin
 * <admin@desk.localhost>"): nodemailer passes a valid-looking encoded-word through raw, and puts an ASCII name
 * in quotes, which clients decode all the same. Encoded by the desk, every reader sees the typed text.
 */
export function literalHeaderText(text: string): string {
  return text.includes("=?") ? libmime.encodeWord(text, "Q", 52) : text;
}

/**
 * Has the composer write a display name holding `=?` as encoded-words of its literal text (`literalHeaderText`).
 * nodemailer has no option for it: its address-name encoder is internal, so it is wrapped here, and a version
 * without it fails loudly (and tests/unit/mail-literal-headers.test.ts) rather than mail look-alikes again.
 */
function encodeLookalikeNames(root: MimeNode) {
  const node = root as unknown as { _encodeAddressName?: (name: string) => string };
  const own = node._encodeAddressName?.bind(root);
  if (!own)
    throw new Error("nodemailer's MimeNode has no _encodeAddressName: look-alike names cannot be encoded");
  node._encodeAddressName = (name) => (name.includes("=?") ? literalHeaderText(name) : own(name));
}

/** Builds the raw MIME message (text and HTML parts) for SES SendRawEmail. */
export async function composeRaw(mail: OutboundMail): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (mail.autoSubmitted) {
    headers["Auto-Submitted"] = mail.autoSubmitted;
    headers["X-Auto-Response-Suppress"] = "All";
  }
  const composer = new MailComposer({
    from: header(mail.from),
    to: mail.to.map(header),
    cc: mail.cc?.length ? mail.cc.map(header) : undefined,
    replyTo: mail.replyTo && header(mail.replyTo),
    subject: literalHeaderText(mail.subject),
    text: mail.text,
    html: textToHtml(mail.text),
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    attachments: mail.attachments,
    headers,
  });
  const root = composer.compile();
  encodeLookalikeNames(root);
  return root.build();
}
