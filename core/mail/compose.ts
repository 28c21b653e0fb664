import MailComposer from "nodemailer/lib/mail-composer";
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
    subject: mail.subject,
    text: mail.text,
    html: textToHtml(mail.text),
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    attachments: mail.attachments,
    headers,
  });
  return composer.compile().build();
}
