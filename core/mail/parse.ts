import { type AddressObject, type ParsedMail as Parsed, simpleParser } from "mailparser";
import sanitizeHtml from "sanitize-html";
import { deskIdentity } from "../config.ts";
import { knownDeskFromNames } from "../desk/name.ts";
import { cleanText } from "../text.ts";
import { withAttachedMessages } from "./attached-messages.ts";
import { listAttachments, type ParsedAttachment } from "./attachment-names.ts";
import type { DeskAddresses } from "./automatic.ts";
import { bodyPartsText, mayHaveHtmlBesideText } from "./body-parts.ts";
import { MAX_PARTS, parseBounded } from "./bounded-parse.ts";
import { invitationText } from "./calendar-text.ts";
import { declareUndeclaredCharsets } from "./charset.ts";
import { deliveryReport } from "./delivery-report.ts";
import { knownDeskAddresses } from "./desk-addresses.ts";
import { withFlowedArmorKept } from "./flowed-armor.ts";
import { withoutStuffingMarks, withStuffingMarks } from "./flowed-stuffing.ts";
import {
  addresses,
  boundedId,
  firstHeaders,
  type HeaderAddress,
  hashId,
  headerAddresses,
  idList,
  oneLine,
} from "./header-values.ts";
import { textFromHtml } from "./html-text.ts";
import { prepareInlineParts } from "./inline-parts.ts";
import { withBodyType } from "./lost-boundary.ts";
import { boundariesOf } from "./mime-structure.ts";
import { readInlinePgp } from "./pgp-inline.ts";
import {
  cutReplyHeaderBlock,
  isForward,
  isReplySubject,
  withoutCidPlaceholders,
  withoutDataImages,
  withoutTrailingAttribution,
  withoutTrailingSeparators,
} from "./quoted-history.ts";
import { shownText } from "./reply-text.ts";
import { asciiDomain, requesterName } from "./sender.ts";
import { smimeKind, unwrapOpaqueSigned } from "./smime.ts";
import { decodeUtf7 } from "./utf7.ts";
import { readUuencoded } from "./uuencoded.ts";

export type { ParsedAttachment } from "./attachment-names.ts";
export type { HeaderAddress } from "./header-values.ts";

/** What the timeline keeps of a body; the raw original (in S3) has the rest. */
export const MAX_BODY_CHARS = 32_000;
export const MAX_HTML_CHARS = 64_000;
const MAX_HTML_BYTES = 96 * 1024;
/** How much of a text part is read at all: the kept text plus room for inline images' base64 before it. */
const MAX_PLAIN_SCAN_CHARS = MAX_BODY_CHARS + 4 * 1024 * 1024;
/** Attachments above this are listed but not stored apart; the raw message still holds them. */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
/** RFC 5322's line limit: a longer Subject is cut for storage (entries must stay far below 400 KB). */
export const MAX_SUBJECT_CHARS = 998;

const MAX_NAME_CHARS = 200;

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
  /** The new part of the message: quoted history and signature stripped; derived from the HTML when needed. */
  visibleText: string;
  fullText: string;
  truncated: boolean;
  /** It stops short (see `endsShort`): a complete copy with the same Message-ID may follow (core/mail/complete-copy.ts). */
  incomplete: boolean;
  /** Sanitized HTML, safe to show (scripts, handlers, styles and remote frames removed). */
  html: string | null;
  attachments: ParsedAttachment[];
  /** It carried an S/MIME or PGP signature (not verified here; the parts are not listed as files). */
  signed: boolean;
  /** Header values, first occurrence (the topmost, added by the receiving server), lower-cased names. */
  header(name: string): string | null;
  isReport: boolean;
  /** For delivery reports: the recipients named, those that failed for good, the first status, and the Message-ID of the message that bounced. */
  report: {
    recipients: string[];
    failed: string[];
    status: string | null;
    originalMessageId: string | null;
  } | null;
}

const NOTES = {
  tooManyParts: `[Message truncated: more than ${MAX_PARTS} parts. The original message has the rest.]`,
  unreadable: "[This message could not be read in full. The original message has all of it.]",
  cut: "[Text truncated. The original message has the rest.]",
  unlisted: (n: number) => `[${n} more attachments are only in the original message.]`,
  encrypted:
    "[This message is encrypted (S/MIME or PGP): the desk cannot read it. The original message is kept.]",
  partlyRead:
    "[This message is long: only the start of its text was read. The original message has all of it.]",
  incomplete:
    "[This message may be incomplete: it ends before its last part is closed, so its text or last attachment may be cut short. The original message is kept as received.]",
};

/**
 * A message that stops short (a cut upload, a relay that gave up): its headers never end, or its multipart body
 * never closes its boundary. mailparser reads what is there without a word; the note tells the agent.
 */
function endsShort(raw: Buffer, contentType: string): boolean {
  // Headers that never end: a message of headers alone is whole when it ends on a line break (RFC 5322).
  if (!raw.includes("\r\n\r\n") && !raw.includes("\n\n")) return raw.length > 0 && raw.at(-1) !== 0x0a;
  const [boundary] = /^multipart\//i.test(contentType) ? boundariesOf(contentType) : [];
  return Boolean(boundary) && !raw.includes(`--${boundary}--`);
}

/** A body keeps its lines and tabs; NUL, C0/C1 controls, the BOM and bidi overrides go (as for every text). */
const bodyText = (text: string) => cleanText(text);

/**
 * The text a person wrote: the text part, else the HTML's text, else an invitation's; with the quoted history
 * stripped (a forward keeps it: the forwarded message is the request).
 */
function readableText(parsed: Parsed | null, notes: string[], partsCut = false) {
  // Cut before the placeholders go (10 MB of "[cid:" took 1.3 s): with room for pasted screenshots' base64.
  const plain = withStuffingMarks(bodyText(parsed?.text ?? ""));
  const preCut = plain.length > MAX_PLAIN_SCAN_CHARS;
  let fullText = withoutDataImages(
    withoutCidPlaceholders(plain.slice(0, MAX_PLAIN_SCAN_CHARS).replace(/\r\n/g, "\n")),
  ).trim();
  let htmlCut = partsCut;
  let signed = false;
  if (!fullText && typeof parsed?.html === "string") {
    const derived = textFromHtml(parsed.html);
    // The HTML carries inline PGP too: webmail with Mailvelope armors both parts of an alternative (the text
    // part, emptied of its ciphertext, must not fall back to the HTML's), and an HTML-only client's armor.
    const pgp = readInlinePgp(bodyText(derived.text), oneLine(parsed.subject ?? ""));
    fullText = pgp.text.trim();
    signed = pgp.signed;
    if (pgp.encrypted && !notes.includes(NOTES.encrypted)) notes.push(NOTES.encrypted);
    htmlCut = derived.truncated;
  }
  if (!fullText) fullText = bodyText(invitationText(parsed?.attachments ?? []));
  const cut = htmlCut || (preCut && fullText.length > 0) || fullText.length > MAX_BODY_CHARS;
  // The reply parser is quadratic on long bodies: it only ever sees what the timeline can keep.
  const shown = fullText.slice(0, MAX_BODY_CHARS);
  // A forward is shown whole, only without the trailing blanks the reply parser would have dropped.
  const forward = isForward(oneLine(parsed?.subject ?? ""), shown);
  // Runs of blank lines become one: the reply parser is slow on many lines (20,000 blank ones took 4 s).
  const normalised = shown
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd();
  let visibleText = normalised;
  if (!forward) {
    const conversation = {
      subject: oneLine(parsed?.subject ?? ""),
      ...desk(),
      answering: answering(parsed),
      writer: addresses(parsed?.from)[0],
    };
    const own = cutReplyHeaderBlock(visibleText, conversation);
    try {
      visibleText = shownText(own, conversation).trim() || own;
    } catch {
      visibleText = own; // an unparseable body is shown whole
    }
  }
  visibleText = withoutTrailingSeparators(withoutTrailingAttribution(visibleText));
  // A text cut short says so, unless the stripped history was what got cut (compared with the text as
  // normalised: blank-line runs collapsed are no history).
  if (cut && (forward || visibleText.length >= normalised.length - 1)) notes.push(NOTES.cut);
  // The writer's space-stuffed ">" lines were told from quotes: their marks go (core/mail/flowed-stuffing.ts).
  return {
    fullText: withoutStuffingMarks(fullText),
    visibleText: withoutStuffingMarks(visibleText),
    cut,
    signed,
  };
}

/**
 * Whether the mail answers a message: In-Reply-To or References, a reply prefix or a `[#n]` tag in its subject, a
 * ticket's plus-address among its recipients. Quoted history under such a mail is the conversation's; in a new
 * mail it is only when it names the desk or the mail's subject (core/mail/reply-text.ts).
 */
function answering(parsed: Parsed | null): boolean {
  if (!parsed) return false;
  if (idList(parsed.inReplyTo).length || idList(parsed.references).length) return true;
  const subject = oneLine(parsed.subject ?? "");
  if (/\[#\d{1,12}\]/.test(subject) || isReplySubject(subject)) return true;
  return [...addresses(parsed.to), ...addresses(parsed.cc)].some((a) =>
    /^[^+@]+\+t[0-9a-z]{26}-[0-9a-f]{16}@/i.test(a),
  );
}

/**
 * The desk's addresses and names, to tell its earlier messages quoted in a reply. The names an admin gave the
 * desk are its From names too, and its aliases are its addresses (core/desk/name.ts): known once the process
 * read them (inbound filing reads them beside the raw message).
 */
function desk(): { desk: DeskAddresses; deskNames: string[] } {
  return { desk: knownDeskAddresses(), deskNames: [deskIdentity().deskName, ...knownDeskFromNames()] };
}

/** Parses a raw RFC 822 message: any charset (declared or not), broken MIME, hostile sizes; never throws. */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const headers = firstHeaders(raw);
  const contentType = headers.get("content-type") ?? "";
  // An opaque-signed message is read from its signed content (once: a signed message inside is not unwrapped).
  const opened = unwrapOpaqueSigned(raw, contentType);
  if (opened) {
    const inner = await parseMessage(opened);
    return { ...inner, messageId: inner.hasMessageId ? inner.messageId : hashId(raw), signed: true };
  }
  return parseMessage(raw);
}

const JOINED_OPTIONS = { skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 };

/** `nested`: an attached message, read for its own text only (its attached messages are not read in turn). */
async function parseMessage(raw: Buffer, nested = false): Promise<ParsedMail> {
  // Named HTML files out of the body, and the body parts bounded in size, before mailparser holds them.
  // A multipart type without its boundary read as the client would (core/mail/lost-boundary.ts).
  const inline = prepareInlineParts(withBodyType(raw));
  const prepared = await declareUndeclaredCharsets(decodeUtf7(withFlowedArmorKept(inline.raw))).catch(
    () => inline.raw,
  );
  const headers = firstHeaders(raw);
  const bounded = await parseBounded(prepared, headers);
  const { parsed, source } = bounded;
  const note = bounded.note ? NOTES[bounded.note] : null;
  // HTML beside text parts (a list's footer part, a gateway's notice): each part read its own way, in order.
  const beside = mayHaveHtmlBesideText(parsed);
  const read = beside ? await bodyPartsText(source, MAX_PLAIN_SCAN_CHARS).catch(() => null) : null;
  const parts = read?.text.trim() ? read : null;
  if (parsed && parts) parsed.text = parts.text;
  else if (parsed && beside) {
    // Not readable part by part (an inline message/rfc822, such as SpamAssassin's report_safe wrapper):
    // mailparser's own joined reading, which keeps every part's words (its HTML with its own wraps).
    const joined = await simpleParser(source, JOINED_OPTIONS).catch(() => null);
    if (joined?.text) parsed.text = joined.text;
  }
  const contentType = headers.get("content-type") ?? "";
  const notes = note ? [note] : [];
  if (smimeKind(contentType) === "encrypted") notes.push(NOTES.encrypted);
  const incomplete = !nested && endsShort(raw, contentType);
  if (incomplete) notes.push(NOTES.incomplete);
  // Armor and files inside the text itself: inline PGP, uuencoded blocks (their own files say how).
  const pgp = readInlinePgp(parsed?.text ?? "", oneLine(parsed?.subject ?? ""));
  const uuencoded = readUuencoded(pgp.text);
  if (parsed && (uuencoded.text !== (parsed.text ?? "") || uuencoded.files.length))
    parsed.text = uuencoded.text;
  if (pgp.encrypted && !notes.includes(NOTES.encrypted)) notes.push(NOTES.encrypted);
  const { attachments, signed, unlisted } = listAttachments([
    ...(parsed?.attachments ?? []),
    ...uuencoded.files,
  ]);
  if (unlisted) notes.push(NOTES.unlisted(unlisted));
  const {
    fullText,
    visibleText: own,
    cut,
    signed: htmlSigned,
  } = readableText(parsed, notes, parts?.truncated ?? false);
  // Said once: a body part cut before the parse is the reason the text is cut.
  if (inline.cut) {
    const at = notes.indexOf(NOTES.cut);
    if (at >= 0) notes[at] = NOTES.partlyRead;
    else notes.push(NOTES.partlyRead);
  }
  const readAttached =
    nested || /^multipart\/report/i.test(contentType)
      ? null
      : (content: Buffer) => parseMessage(content, true);
  const visibleText = await withAttachedMessages(
    own,
    notes,
    attachments,
    readAttached,
    desk().desk,
    MAX_BODY_CHARS,
  );
  const rawHtml = typeof parsed?.html === "string" ? withoutStuffingMarks(parsed.html) : null;
  const html = rawHtml ? sanitizeHtml(rawHtml.slice(0, 4 * MAX_HTML_CHARS)) : null;
  const messageIdHeader = parsed?.messageId?.trim() || null;
  const from = parsed?.from?.value[0];
  const address =
    from?.address && from.address.length <= 320 ? asciiDomain(from.address.toLowerCase()) : null;
  const subject = oneLine(parsed?.subject ?? "");
  const date = parsed?.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null;
  return {
    messageId: messageIdHeader ? boundedId(messageIdHeader) : hashId(raw),
    hasMessageId: Boolean(messageIdHeader),
    from: address
      ? {
          address,
          name: requesterName(oneLine(from?.name ?? ""), address).slice(0, MAX_NAME_CHARS),
        }
      : null,
    senders: {
      replyTo: headerAddresses(parsed?.replyTo),
      from: headerAddresses(parsed?.from),
      sender: headerAddresses(parsed?.headers.get("sender") as AddressObject | undefined),
    },
    to: addresses(parsed?.to),
    cc: addresses(parsed?.cc),
    subject: subject.slice(0, MAX_SUBJECT_CHARS),
    date,
    inReplyTo: idList(parsed?.inReplyTo)[0] ?? null,
    references: idList(parsed?.references),
    visibleText,
    fullText,
    truncated:
      cut ||
      notes.length > 0 ||
      subject.length > MAX_SUBJECT_CHARS ||
      (rawHtml?.length ?? 0) > MAX_HTML_CHARS,
    incomplete,
    // Bytes count too: CJK HTML of MAX_HTML_CHARS would be 192 KB of the entry's 400 KB.
    html: html && html.length <= MAX_HTML_CHARS && Buffer.byteLength(html) <= MAX_HTML_BYTES ? html : null,
    attachments,
    signed: signed || pgp.signed || htmlSigned || /^multipart\/signed/i.test(contentType),
    header: (name) => headers.get(name.toLowerCase()) ?? null,
    isReport: /^multipart\/report/i.test(contentType),
    report: /^multipart\/report/i.test(contentType) ? deliveryReport(raw, attachments) : null,
  };
}
