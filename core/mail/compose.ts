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

/** The internals of nodemailer's MimeNode wrapped below (not in its types). */
interface NodeInternals {
  _encodeAddressName?: (name: string) => string;
  _encodeWords?: (text: string) => string;
  filename?: string;
  childNodes?: MimeNode[];
}

/** Wraps an internal encoder of `node` to write text holding `=?` with `literalHeaderText`; fails loudly without it. */
function encodeLookalikes(node: MimeNode, method: "_encodeAddressName" | "_encodeWords") {
  const internals = node as unknown as NodeInternals;
  const own = internals[method]?.bind(node);
  if (!own) throw new Error(`nodemailer's MimeNode has no ${method}: look-alike text cannot be encoded`);
  internals[method] = (text) => (text.includes("=?") ? literalHeaderText(text) : own(text));
}

/**
 * Has the composer write a display name, and an attachment's name, holding `=?` as encoded-words of its literal
 * text (`literalHeaderText`). nodemailer has no option for it: its encoders are internal, so they are wrapped here,
 * and a version without them fails loudly (and tests/unit/mail-literal-headers.test.ts) rather than mail
 * look-alikes again. An attachment's `filename*` (RFC 2231) already goes out literal; its Content-Type `name`, which
 * many clients read, went out as written ("report =?utf-8?B?SGk=?= .pdf" read "report Hi .pdf").
 */
function encodeLookalikeNames(root: MimeNode) {
  encodeLookalikes(root, "_encodeAddressName");
  const files = (node: MimeNode): MimeNode[] => {
    const { filename, childNodes = [] } = node as unknown as NodeInternals;
    return [...(filename ? [node] : []), ...childNodes.flatMap(files)];
  };
  for (const file of files(root)) encodeLookalikes(file, "_encodeWords");
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
