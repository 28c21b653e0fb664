import { createHash } from "node:crypto";
import EmailReplyParser from "email-reply-parser";
import { type AddressObject, simpleParser } from "mailparser";
import sanitizeHtml from "sanitize-html";

/** What the timeline keeps of a body; the raw original (in S3) has the rest. */
export const MAX_BODY_CHARS = 32_000;
export const MAX_HTML_CHARS = 64_000;
/** Attachments above this are listed but not stored apart; the raw message still holds them. */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
const MAX_RECIPIENTS_KEPT = 50;

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  inline: boolean;
}

/** One address of a header as written: `address` may be empty or invalid (the filer decides what to trust). */
export interface HeaderAddress {
  address: string;
  name: string;
}

export interface ParsedMail {
  /** The Message-ID header, or a hash of the message when it has none (so duplicates still collapse). */
  messageId: string;
  hasMessageId: boolean;
  from: { address: string; name: string } | null;
  /** Every address of the sender headers, in order (group members flattened), for the sender fallback. */
  senders: { replyTo: HeaderAddress[]; from: HeaderAddress[]; sender: HeaderAddress[] };
  to: string[];
  cc: string[];
  subject: string;
  date: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The new part of the message: quoted history and signature stripped. */
  visibleText: string;
  fullText: string;
  truncated: boolean;
  /** Sanitized HTML, safe to show (scripts, handlers, styles and remote frames removed). */
  html: string | null;
  attachments: ParsedAttachment[];
  /** Header values, first occurrence (the topmost, added by the receiving server), lower-cased names. */
  header(name: string): string | null;
  isReport: boolean;
  /** For delivery reports: failed recipients, status, and the Message-ID of the message that bounced. */
  report: { recipients: string[]; status: string | null; originalMessageId: string | null } | null;
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []]
    .flat()
    .flatMap((a) => a.value)
    .flatMap((a) => (a.address ? [a.address.toLowerCase()] : []))
    .slice(0, MAX_RECIPIENTS_KEPT);

const headerAddresses = (value: AddressObject | AddressObject[] | undefined): HeaderAddress[] =>
  [value ?? []]
    .flat()
    .flatMap((a) => a.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((a) => ({ address: (a.address ?? "").trim().toLowerCase(), name: a.name ?? "" }))
    .slice(0, MAX_RECIPIENTS_KEPT);

const idList = (value: string | string[] | undefined) =>
  [value ?? []]
    .flat()
    .flatMap((v) => v.match(/<[^<>\s]+>/g) ?? [])
    .slice(-50);

function firstHeaders(raw: Buffer): Map<string, string> {
  const end = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString("latin1");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** The delivery-status fields are plain ASCII lines in the report; read them from the raw message. */
function deliveryReport(raw: Buffer, attachments: { contentType: string; content: Buffer }[]) {
  const status = raw.toString("latin1");
  const original = attachments.find(
    (a) => a.contentType === "message/rfc822" || a.contentType === "text/rfc822-headers",
  );
  return {
    recipients: [...status.matchAll(/^Final-Recipient:\s*[^;]*;\s*(\S+)/gim)].map((m) => m[1]!.toLowerCase()),
    status: /^Status:\s*([\d.]+)/im.exec(status)?.[1] ?? null,
    originalMessageId: original
      ? (/^Message-ID:\s*(<[^>]+>)/im.exec(original.content.toString("utf8"))?.[1] ?? null)
      : null,
  };
}

/** Parses a raw RFC 822 message with mailparser: any charset, broken MIME, missing subject, date or text. */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const headers = firstHeaders(raw);
  const fullText = (parsed.text ?? "").replace(/\r\n/g, "\n").trim();
  // The reply parser is quadratic on long bodies: it only ever sees what the timeline can keep.
  const shown = fullText.slice(0, MAX_BODY_CHARS);
  let visibleText = shown;
  try {
    visibleText = new EmailReplyParser().parseReply(shown).trim() || shown;
  } catch {
    // an unparseable body is shown whole
  }
  const truncated =
    fullText.length > MAX_BODY_CHARS ||
    (typeof parsed.html === "string" && parsed.html.length > MAX_HTML_CHARS);
  const html =
    typeof parsed.html === "string" ? sanitizeHtml(parsed.html.slice(0, 4 * MAX_HTML_CHARS)) : null;
  const contentType = headers.get("content-type") ?? "";
  const attachments = parsed.attachments.map((a) => ({
    filename: a.filename ?? (a.contentType === "message/rfc822" ? "message.eml" : "attachment"),
    contentType: a.contentType,
    size: a.size,
    content: a.content,
    inline: a.contentDisposition === "inline" || Boolean(a.related),
  }));
  const messageIdHeader = parsed.messageId?.trim();
  const from = parsed.from?.value[0];
  return {
    messageId: messageIdHeader || `<sha256.${createHash("sha256").update(raw).digest("hex")}@no-message-id>`,
    hasMessageId: Boolean(messageIdHeader),
    from: from?.address ? { address: from.address.toLowerCase(), name: from.name || from.address } : null,
    senders: {
      replyTo: headerAddresses(parsed.replyTo),
      from: headerAddresses(parsed.from),
      sender: headerAddresses(parsed.headers.get("sender") as AddressObject | undefined),
    },
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: (parsed.subject ?? "").trim(),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    inReplyTo: idList(parsed.inReplyTo)[0] ?? null,
    references: idList(parsed.references),
    visibleText,
    fullText,
    truncated,
    html: html && html.length <= MAX_HTML_CHARS ? html : null,
    attachments,
    header: (name) => headers.get(name.toLowerCase()) ?? null,
    isReport: /^multipart\/report/i.test(contentType),
    report: /^multipart\/report/i.test(contentType) ? deliveryReport(raw, attachments) : null,
  };
}
