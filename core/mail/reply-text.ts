import EmailReplyParser from "email-reply-parser";
import { type DeskAddresses, isDeskAddress } from "./automatic.ts";
import {
  addressesIn,
  DATE_LINE,
  FROM_LINE,
  headerValue,
  isForwardMarker,
  ofThisConversation,
  SENT_LINE,
  SUBJECT_LINE,
  type ThreadContext,
  TO_LINE,
} from "./quoted-history.ts";

/**
 * email-reply-parser hides everything below any line it takes for a signature: a sign-off ("Regards,",
 * "Cordialement,", "Cheers"), a run of dashes or underscores, or any line starting "Sent from". In a customer's
 * own text that lost what came after: the P.S. under "Regards,\nKarl", a log pasted between "---" lines and the
 * question below it, "Sent from my phone earlier but here again: the VPN drops" and all that followed.
 *
 * Here a fragment it hid as a signature stays hidden only when it is a signature for sure: it starts with the
 * signature delimiter ("-- ", or "--" once clients trim it) or Outlook's underscore rule, or it is a mail
 * app's short tagline alone ("Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for Android", "Sent with
 * Proton Mail secure email."); and no text of the writer's own comes after it. Such a tagline as the text's last
 * line goes too, when the reply parser took it for the writer's text. Everything else it hid as a signature is shown: a sign-off and a name are noise
 * an agent reads past; a lost sentence is a lost request.
 */

const DELIMITER = /^(--|_{2,})$/;
/**
 * A mail app's tagline: "Sent from my …" or the app's name ("Sent from Outlook for Android", "Sent from Mail for
 * Windows"), in the languages the reply parser knows. "Sent from your warehouse on Dec 1, …" is the writer's.
 */
const APP =
  "(my|mon|ma|mi|mijn|min|meinem|outlook|mail|courrier|yahoo|gmail|samsung|iphone|ipad|blackberry|android|aol|proton ?mail)\\b";
const TAGLINE = new RegExp(
  `^((sent from|envoy[ée] (de|depuis|à partir de)|enviado desde|verzonden (vanaf|met)|verstuurd (vanaf|met)|sendt fra|gesendet von) ${APP}|get outlook for|obtenir outlook pour|t[ée]l[ée]charger outlook pour|obtener outlook para|outlook für (android|ios) herunterladen|von meinem .{1,40} gesendet|(sent with|envoy[ée] avec|gesendet mit|enviado con) .{0,50}\\bproton ?mail\\b)`,
  "i",
);
/** A tagline is short: "Sent from my iPhone", "Get Outlook for Android", once its link is left out. */
const MAX_TAGLINE_CHARS = 80;
/** A link as a text conversion writes it after its words: "Android<https://aka.ms/…>", "Mail [https://proton.me/]". */
const LINK = /\s*[<[(]\s*(https?:\/\/|mailto:)[^\s<>[\]()]{0,500}\s*[>\])]/gi;

/** The tagline and no more than a few words after it: "Get Outlook for iOS from where?" is the writer's. */
const WHOLE_TAGLINE = new RegExp(`${TAGLINE.source}[\\p{L}\\d .-]{0,40}$`, "iu");

/**
 * A mail app's tagline alone on its line, its link left out ("Sent with Proton Mail [https://proton.me/] secure
 * email."); `whole`: nothing of the writer's after it on the line.
 */
function isTagline(line: string, whole = false): boolean {
  if (line.length > 1000) return false;
  const bare = line.replace(LINK, "").trim();
  return bare.length <= MAX_TAGLINE_CHARS && (whole ? WHOLE_TAGLINE : TAGLINE).test(bare);
}

/**
 * The text without a mail app's tagline as its last line, when the writer's text stands above it: the reply
 * parser takes "Sent from my iPhone" for a signature, but not "Obtenir Outlook pour Android" or Proton Mail's line.
 */
function withoutTrailingTagline(text: string): string {
  const lines = text.split("\n");
  let end = lines.length;
  while (end > 0 && !lines[end - 1]!.trim()) end--;
  if (end < 2 || !isTagline(lines[end - 1]!, true)) return text;
  const kept = lines
    .slice(0, end - 1)
    .join("\n")
    .trimEnd();
  return kept.trim() ? kept : text;
}

/** A delimiter and what follows it, or a tagline alone (a line "Sent from …" with text below is the writer's). */
function isSureSignature(content: string): boolean {
  const lines = content
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const first = lines[0] ?? "";
  return DELIMITER.test(first) || (lines.length === 1 && isTagline(first, true));
}

/**
 * A line that starts quoted history: an attribution ("On … wrote:", "Le … a écrit :", Yahoo's "In data … ha
 * scritto:", which the reply parser lists as a signature), a "From: Name <address>" header, an "Original
 * Message" rule, or a header line naming the desk ("Kimden: Help desk <support@…>", "… <support@…> ha
 * scritto:") in a language no list knows.
 */
const ATTRIBUTION_LINE =
  /^\s*(on|le|am|el|il|em|op|den|w dniu|dnia|in data|pe)\s.{0,300}\s(wrote|a écrit|écrit|schrieb|escribió|scritto|escreveu|schreef|skrev|napisał(\(a\))?|pisze|kirjoitti)\s*:?\s*$/i;
const FROM_HEADER_LINE = /^\s*\*?(from|von|de|van|da)\s?:\*?.{0,200}[<[][^<>[\]\s]+@[^<>[\]\s]+[>\]]/i;
const ORIGINAL_RULE =
  /^\s*-{2,12}\s?(original message|message d'origine|ursprüngliche nachricht|oprindelig besked)\s?-{0,12}\s*$/i;
/** A header-like line ("Label: …"), or the desk's address in brackets: how a quote header names its sender. */
const LABELLED = /^\s*\*?[\p{L}][\p{L} .-]{0,30}\*?\s?:/u;
const BRACKETED = /[<[(]\s*(?:mailto:)?([^\s<>[\]()]+@[^\s<>[\]()]+)\s*[>\])]/g;

function isQuoteHeader(line: string, desk: DeskAddresses | undefined): boolean {
  if (line.length > 1000) return false;
  // An attribution names a date or an address: "On Monday I wrote:" is the writer's own line.
  if (ATTRIBUTION_LINE.test(line) && /\d|@/.test(line)) return true;
  if (FROM_HEADER_LINE.test(line) || ORIGINAL_RULE.test(line)) return true;
  if (!desk) return false;
  const named = [...line.matchAll(BRACKETED)].map((m) => m[1]!);
  if (LABELLED.test(line)) named.push(...(line.match(/[^\s<>[\]()"',;:]+@[^\s<>[\]()"',;:]+/g) ?? []));
  return named.some((address) => isDeskAddress(address, desk));
}

/** A shown signature fragment up to its first quote header line; null when it starts with one. */
function beforeQuoteHeader(content: string, desk: DeskAddresses | undefined): string | null {
  const lines = content.split("\n");
  const at = lines.findIndex((line) => isQuoteHeader(line, desk));
  if (at < 0) return content;
  const kept = lines.slice(0, at).join("\n").trimEnd();
  return kept.trim() ? kept : null;
}

/** A sender named with its address in brackets right before the verb, as a mail client writes its attribution. */
const SENDER_BEFORE_VERB =
  /<\s*(?:mailto:)?[^\s<>@]+@[^\s<>]+\s*>\s*(wrote|a écrit|schrieb|escribió)\s*:?\s*$/i;

/**
 * Yahoo Mail writes its attribution under the writer's text, often indented and with no blank line above, and the
 * quoted mail under it without ">" ("    On Monday, December 7, 2026 at 07:45:00 PM GMT, Support <support@…>
 * wrote:", "Le lundi 7 décembre 2026 à 19:45, … <…> a écrit :"): the reply parser sees no quote there. Such a line
 * below some text of the writer's starts the history when it has what a client's attribution has and a person's
 * own "On Monday I wrote:" has not: a date or time and the sender's address in brackets. One followed by ">" lines
 * is left to the reply parser, which keeps a writer's answers between the quoted lines.
 */
function beforeUnquotedHistory(text: string): string {
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    // A client's attribution: a time of day, and the sender's bracketed address right before its verb.
    if (line.length > 1000 || !/\d{1,2}[:h.]\d{2}/.test(line) || !SENDER_BEFORE_VERB.test(line)) continue;
    if (!ATTRIBUTION_LINE.test(line)) continue;
    const below = lines.slice(i + 1).find((next) => next.trim());
    if (below === undefined || below.trimStart().startsWith(">")) continue;
    const above = lines.slice(0, i).join("\n").trimEnd();
    if (above.trim()) return above;
  }
  return text;
}

/**
 * The text a person wrote above the quoted history, with only a sure signature at its end left out.
 * `desk`: a line naming one of its addresses in a shown signature starts the desk's quoted message.
 */
export function replyText(text: string, desk?: DeskAddresses): string {
  const fragments = new EmailReplyParser().read(beforeUnquotedHistory(text)).getFragments();
  const shown = new Array<boolean>(fragments.length).fill(false);
  // From the end: a signature is only ever the tail of the writer's own text.
  let tail = true;
  for (let i = fragments.length - 1; i >= 0; i--) {
    const fragment = fragments[i]!;
    if (fragment.isQuoted() || fragment.isEmpty()) continue;
    if (fragment.isHidden() && fragment.isSignature()) {
      if (tail && isSureSignature(fragment.getContent())) continue;
    } else if (fragment.isHidden()) continue;
    shown[i] = true;
    tail = false;
  }
  // A sign-off ("Cheers,") or Yahoo's "In data … scritto:" made the parser take the quoted history under it,
  // unquoted by Yahoo or in a header language it lacks, for a signature: shown, it ends at its quote header.
  const parts: string[] = [];
  for (let i = 0; i < fragments.length; i++) {
    if (!shown[i]) continue;
    const fragment = fragments[i]!;
    if (!fragment.isSignature()) {
      parts.push(fragment.getContent());
      continue;
    }
    const kept = beforeQuoteHeader(fragment.getContent(), desk);
    if (kept !== null) parts.push(kept);
    if (kept !== fragment.getContent()) break;
  }
  // Joined as the parser joins its visible fragments.
  return withoutTrailingTagline(parts.join("\n").replace(/~*$/, "").trimEnd());
}

/** Whether the line above `i` (past blank lines) is a forward's marker. */
function forwardedAt(lines: string[], i: number): boolean {
  let above = i - 1;
  while (above >= 0 && !lines[above]!.trim()) above--;
  return above >= 0 && isForwardMarker(lines[above]!);
}

/** An attribution's verb at its end ("wrote:", "a écrit :"), to leave who wrote. */
const ATTRIBUTION_VERB =
  /\s(wrote|a écrit|écrit|schrieb|escribió|scritto|escreveu|schreef|skrev|napisał(\(a\))?|pisze|kirjoitti)\s*:?\s*$/i;

/** Whether `who` ends with `name` as whole words ("…, 09:00, Help desk" and "Help desk", not "Helpdesk"). */
const endsWithName = (who: string, name: string) =>
  who === name || (who.endsWith(name) && /[^\p{L}\p{N}]/u.test(who.charAt(who.length - name.length - 1)));

/** The mail being read, to tell the desk's conversation quoted back from a message the writer pasted. */
export interface Conversation extends ThreadContext {
  /**
   * It answers a message (In-Reply-To, References, a reply prefix or `[#n]` in its subject, a ticket's
   * plus-address): the quoted message under it is the conversation's.
   */
  answering: boolean;
}

/** How a quoted message starts: a header block (Outlook's, with or without its rule), an attribution, ">" lines. */
type QuoteStart =
  | { kind: "block"; header: string[] }
  | { kind: "attribution"; line: string }
  | { kind: "quote" };

/** The header lines of a block starting at `i` (its rule line, blank lines and the From line skipped to). */
function headerLines(lines: string[], i: number): string[] {
  let at = i;
  if (ORIGINAL_RULE.test(lines[at]!)) at++;
  while (at < lines.length && at <= i + 2 && !lines[at]!.trim()) at++;
  const header: string[] = [];
  for (; at < lines.length && header.length < 8 && lines[at]!.trim(); at++) header.push(lines[at]!);
  return header;
}

function quoteStart(lines: string[], i: number): QuoteStart | null {
  const line = lines[i]!;
  if (line.length > 1000) return null;
  if (/^\s*>/.test(line)) return { kind: "quote" };
  if (ORIGINAL_RULE.test(line)) return { kind: "block", header: headerLines(lines, i) };
  if (FROM_LINE.test(line)) {
    const header = headerLines(lines, i);
    const next = header.slice(1, 5);
    const outlook = next.some(
      (l) => SENT_LINE.test(l) || DATE_LINE.test(l) || TO_LINE.test(l) || SUBJECT_LINE.test(l),
    );
    if (outlook || FROM_HEADER_LINE.test(line)) return { kind: "block", header };
    return null;
  }
  // An attribution names a date or an address ("On Monday I wrote:" is the writer's own); Gmail wraps a long one.
  for (const candidate of [line, `${line} ${lines[i + 1] ?? ""}`]) {
    if (candidate.length <= 1000 && ATTRIBUTION_LINE.test(candidate) && /\d|@/.test(candidate))
      return { kind: "attribution", line: candidate };
  }
  return null;
}

/**
 * Whether a quoted message is the desk's own conversation: its attribution or From names the desk (an address
 * or a name it sends as), or its Subject is this mail's own without Re/TR/[#n]. `foreign`: a header block with
 * a Subject of another conversation.
 */
function judge(start: QuoteStart, context: Conversation): { ours: boolean; foreign: boolean } {
  const deskNames = (context.deskNames ?? []).map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 3);
  const isDesk = (text: string) =>
    Boolean(context.desk && addressesIn(text).some((a) => isDeskAddress(a, context.desk!)));
  if (start.kind === "quote") return { ours: false, foreign: false };
  if (start.kind === "attribution") {
    const line = start.line.toLowerCase();
    // An attribution with an address is the desk's by that address alone ("IT Help Desk <it@client…>" is not
    // a desk named "Help desk"); one without is the desk's when the desk's name is all of who wrote.
    if (addressesIn(line).length) return { ours: isDesk(line), foreign: false };
    const who = line.replace(ATTRIBUTION_VERB, "").trim();
    return { ours: deskNames.some((name) => endsWithName(who, name)), foreign: false };
  }
  const from = start.header.find((l) => FROM_LINE.test(l));
  const subjectLine = start.header.find((l) => SUBJECT_LINE.test(l));
  const sender = from ? headerValue(from).toLowerCase() : "";
  const ours =
    isDesk(sender) ||
    deskNames.includes(
      sender
        .replace(/<[^>]*>/g, "")
        .replace(/[*"]/g, "")
        .trim(),
    ) ||
    (Boolean(subjectLine) && ofThisConversation(sender, headerValue(subjectLine!), context));
  return { ours, foreign: !ours && Boolean(subjectLine) };
}

/**
 * The text shown for a mail: cut at quoted history only when that history is the desk's own conversation quoted
 * back. A quoted message naming the desk or this mail's subject is cut, in any mail; in a reply, so is the
 * message it answers (its quote, its attribution, a header block of no other subject), and in any mail ">" lines
 * with no client's attribution above them. A message the writer pasted or forwarded from someone else — in a
 * new mail under a header block or a client's attribution, in a reply a header block with another
 * conversation's Subject — stays, whole, up to the desk's own quoted message below it if any; only the
 * writer's own text above it loses a sure signature.
 */
export function shownText(text: string, context: Conversation): string {
  const lines = text.split("\n");
  let pasted = -1;
  let cut = lines.length;
  let cutAtBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const start = quoteStart(lines, i);
    if (!start) continue;
    // A message forwarded inside the mail ("---------- Forwarded message ---------" above it) is sent on.
    const { ours, foreign } = forwardedAt(lines, i) ? { ours: false, foreign: true } : judge(start, context);
    if (ours) {
      cut = i;
      cutAtBlock = start.kind === "block";
      break;
    }
    // ">" lines inside a message the writer pasted are that message's. Without a client's attribution above
    // them (a date or address, a sender other than the desk) they are history as the reply parser reads it.
    if (start.kind === "quote" ? pasted < 0 : context.answering && !foreign) {
      cut = i;
      break;
    }
    if (pasted < 0) pasted = i;
    if (start.kind === "block") i += start.header.length;
  }
  // Nothing pasted: the reply parser reads the text, bottom-posted answers below a quote included; only the
  // desk's header block (everything under it is the quoted message, which the parser may not see) is cut first.
  if (pasted < 0) return replyText(cutAtBlock ? lines.slice(0, cut).join("\n") : text, context.desk);
  const above = lines.slice(0, pasted).join("\n");
  const kept = lines.slice(pasted, cut).join("\n").trimEnd();
  let own = above.trim();
  if (own) {
    try {
      own = replyText(above, context.desk).trim() || own;
    } catch {
      // the writer's text stays whole
    }
  }
  // The writer's text as written when nothing of it went: its own line breaks before the pasted message.
  if (own === above.trim()) return lines.slice(0, cut).join("\n").trim();
  return [own, kept].filter(Boolean).join("\n\n");
}
