/**
 * What email-reply-parser does not know about real clients' replies and forwards, applied around it:
 * - a forward is the request itself (a customer forwards a vendor's notice to the desk): its text is kept whole;
 * - Outlook's unquoted reply header ("From: Help desk / Sent: … / To: … / Subject: …", in any of its languages,
 *   with or without an address on the first line) starts the quoted history;
 * - Outlook's `[cid:image001.png@…]` placeholders for inline images are no text;
 * - a separator line left at the end once the history is gone (an HTML reply's `<hr>`) is no text either.
 */

import { type DeskAddresses, isDeskAddress } from "./automatic.ts";
import { withoutReplyPrefixes } from "./subject.ts";

const FORWARD_SUBJECT = /^\s*(fwd?|tr|wg|rv|enc|i|doorst|vs|vl)\s*:/i;
const REPLY_SUBJECT = /^\s*(re|aw|sv|ref|réf|antw|vs|r)\s*:/i;
/** The line a client writes above a forwarded message (Gmail, Apple Mail, Thunderbird, Outlook web; EN/FR/DE/ES/IT). */
const FORWARD_MARKER =
  /^[ \t]*(-{2,}[ \t]*(forwarded message|original message follows|message transféré|message réexpédié|weitergeleitete nachricht|mensaje reenviado|messaggio inoltrato)[ \t]*-{2,}|begin forwarded message[ \t]*:|début du message réexpédié[ \t]*:|anfang der weitergeleiteten nachricht[ \t]*:|inicio del mensaje reenviado[ \t]*:)/im;

/** Whether the subject says the message forwards another ("Fwd:", "TR:", "WG:" …). */
export const forwardsBySubject = (subject: string) => FORWARD_SUBJECT.test(subject);

/** Whether the subject says the message answers another ("Re:", "AW:", "SV:" …). */
export const isReplySubject = (subject: string) => REPLY_SUBJECT.test(subject);

/** Whether the message forwards another one: its whole text is what the customer is asking about. */
export function isForward(subject: string, text: string): boolean {
  if (forwardsBySubject(subject)) return true;
  return !REPLY_SUBJECT.test(subject) && FORWARD_MARKER.test(text.slice(0, 20_000));
}

/** "From" in its languages (Turkish, Hungarian, Finnish, Czech/Polish and Russian/Ukrainian too). */
export const FROM_LINE =
  /^\s*\*?(from|de|von|da|van|från|fra|od|від|от|kimden|feladó|lähettäjä)\s*:\*?\s*\S/i;
/** Outlook's "Sent" in its languages: only a reply header has it. */
export const SENT_LINE =
  /^\s*\*?(sent|envoyé|gesendet|inviato|enviado|verzonden|skickat|sendt|wysłano|gönderildi|odesláno|elküldve|lähetetty|отправлено|надіслано)\s*:\*?/i;
/** "Date" in its languages: any pasted log or data row has one too, so it counts only beside a real sender. */
export const DATE_LINE = /^\s*\*?(date|datum|data|fecha|tarih|dátum|päivämäärä|дата)\s*:\*?/i;
export const TO_LINE =
  /^\s*\*?(to|à|a|an|aan|para|til|till|do|per|kime|komu|címzett|vastaanottaja|кому)\s*:\*?/i;
export const SUBJECT_LINE =
  /^\s*\*?(subject|objet|betreff|oggetto|asunto|assunto|onderwerp|ämne|emne|temat|konu|předmět|tárgy|aihe|тема)\s*:\*?/i;
/** Lines clients put just above that header: Outlook's rule, "-----Original Message-----" and its translations. */
const SEPARATOR = /^[ \t]*(_{8,}|-{3,}[ \t]*[^-\n]{0,40}[ \t]*-{3,}|-{8,})[ \t]*$/;
/** Only short lines are tested: a long run of dashes would make the pattern backtrack for each of them. */
const isSeparator = (line: string) => line.length <= 200 && SEPARATOR.test(line) && !isForwardMarker(line);
export const isForwardMarker = (line: string) => line.length <= 200 && FORWARD_MARKER.test(line);

/** What tells the desk's own earlier message from a header block the writer pasted. */
export interface ThreadContext {
  /** The subject of the mail being read. */
  subject: string;
  /** The desk's address and display names: a header block from them is the desk's earlier message. */
  desk?: DeskAddresses;
  /** Every name the desk's mail went From (the deploy-time name, an admin's in each language). */
  deskNames?: string[];
  /**
   * It answers a message (In-Reply-To, References, a reply prefix or `[#n]` in its subject, a ticket's
   * plus-address): the quoted message under it is the conversation's. Unknown counts as answering.
   */
  answering?: boolean;
  /** The address the mail is from: a header block from it is the writer's own earlier message. */
  writer?: string;
}

/**
 * Whether a quoted header block is this conversation's by its Subject: one of the desk's (`[#n]`), or the mail's
 * own subject (without Re/TR/[#n]) when the mail answers a message, or when the block names no sender or the
 * writer. A message someone else wrote, pasted into a new mail under its own subject, is not.
 */
export function ofThisConversation(sender: string, quotedSubject: string, context: ThreadContext): boolean {
  if (/\[#\d{1,12}\]/.test(quotedSubject)) return true;
  const subject = coreSubject(context.subject);
  if (subject === "" || coreSubject(quotedSubject) !== subject) return false;
  if (context.answering !== false || !sender) return true;
  const writer = context.writer?.toLowerCase();
  return Boolean(writer && addressesIn(sender.toLowerCase()).includes(writer));
}

/** The bare addresses a header value names ("Help desk <support@x>" → ["support@x"]). */
export const addressesIn = (value: string): string[] => value.match(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g) ?? [];

/** A subject without its reply/forward prefixes and `[#n]` tokens, for comparing two of them. */
export const coreSubject = (subject: string): string => withoutReplyPrefixes(subject).toLowerCase();

export const headerValue = (line: string) => line.replace(/^[^:]*:\*?/, "").trim();

/**
 * The text above Outlook's reply header block, when there is one below some text of the writer's own: a
 * From line followed within four lines by a Sent line, and within six by a To and a Subject line. Only a block
 * of this conversation is cut (its Subject is the mail's own without Re/TR/[#n], or its From is the desk): a
 * pasted log, data rows or a forwarded message are the writer's own text. A Date line stands for Sent only
 * when the From line names an address or the desk (a pasted log has dates, not senders).
 */
export function cutReplyHeaderBlock(text: string, context: ThreadContext): string {
  const lines = text.split("\n");
  const deskNames = (context.deskNames ?? []).map((n) => n.trim().toLowerCase()).filter(Boolean);
  for (let i = 1; i < lines.length; i++) {
    if (!FROM_LINE.test(lines[i]!)) continue;
    const sender = headerValue(lines[i]!).toLowerCase();
    const fromDesk =
      Boolean(context.desk && addressesIn(sender).some((a) => isDeskAddress(a, context.desk!))) ||
      deskNames.includes(sender.replace(/[*"]/g, "").trim());
    const hasAddress = /[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+/.test(sender);
    const next = lines.slice(i + 1, i + 7);
    const sent = next
      .slice(0, 4)
      .findIndex((l) => SENT_LINE.test(l) || ((hasAddress || fromDesk) && DATE_LINE.test(l)));
    const subjectLine = next.find((l) => SUBJECT_LINE.test(l));
    if (sent < 0 || !subjectLine || !next.some((l) => TO_LINE.test(l))) continue;
    const ofThisThread = fromDesk || ofThisConversation(sender, headerValue(subjectLine), context);
    if (!ofThisThread) continue;
    let end = i;
    while (end > 0 && (lines[end - 1]!.trim() === "" || isSeparator(lines[end - 1]!))) end--;
    // A forwarded message inside a reply is what the writer sends on: never cut.
    if (end > 0 && isForwardMarker(lines[end - 1]!)) continue;
    const above = lines.slice(0, end).join("\n").trim();
    if (above) return above;
  }
  return text;
}

/** Outlook's text part names each inline image `[cid:image001.png@01DB43A2.5C7E1F40]` where it stood. */
export const withoutCidPlaceholders = (text: string) =>
  text.replace(/^[ \t]*\[cid:[^[\]\s]{1,300}\][ \t]*(\n|$)/gim, "").replace(/\[cid:[^[\]\s]{1,300}\]/gi, "");

/**
 * Inline images an HTML-to-text conversion wrote as links: `[data:image/png;base64,…]` (a pasted screenshot,
 * hundreds of kilobytes of base64 in the body) — the image itself is in the HTML and the original.
 */
export const withoutDataImages = (text: string) =>
  text.replace(/\[data:[\w.+-]+\/[\w.+-]+(;[\w=.-]+)*;base64,[A-Za-z0-9+/=\s]*\]/gi, "");

/**
 * An attribution line left at the end once the quote below it is hidden: Gmail wraps a long one, and the
 * reply parser only knows it whole ("Am Mo., 30. Nov. 2026 um 10:00 Uhr schrieb Help desk <\nsupport@…>:").
 */
const ATTRIBUTION =
  /[ \t]*(on|le|am|el|il|em|op|den|w dniu)\s[\s\S]{0,300}?(wrote|a écrit|schrieb|escribió|ha scritto|escreveu|schreef|skrev|napisał)[\s\S]{0,200}?:\s*$/iy;
/** How a wrapped attribution ends: the quoted sender's address, cut by the wrap ("…Help desk <\nsupport@…>:"). */
const WRAPPED_END = /(<[^<>\s]*@[^<>\s]+>|>)\s*:\s*$/;
/**
 * From the first line of the tail that starts one: a single line with a date or time in it ("On Monday I wrote
 * the config:" is the writer's own), or at most three wrapped lines ending in the sender's `<address>:` — the
 * writer's own line above "Ihr Kollege schrieb:" is never taken for its start.
 */
/**
 * Gmail's attribution in Japanese, Chinese and Korean has no "On … wrote:" words: "2026年12月6日(日) 19:00 Help
 * desk <support@…>:", "Help desk <support@…> 于2026年12月6日周日 17:00写道：", "2026년 12월 6일 (일) 오전 10:00, Help
 * desk <support@…>님이 작성:". Only a whole last line with the date and an address (or 写道) is taken for one.
 */
const CJK_ATTRIBUTION =
  /^(\d{4}年\d{1,2}月\d{1,2}日.{0,200}<[^<>\s]+@[^<>\s]+>\s*[:：]|.{0,200}\d{4}年\d{1,2}月\d{1,2}日.{0,60}写道[:：]|\d{4}년 \d{1,2}월 \d{1,2}일.{0,200}<[^<>\s]+@[^<>\s]+>\s*님이 작성:)\s*$/;

export const withoutTrailingAttribution = (text: string) => {
  const lastBreak = text.trimEnd().lastIndexOf("\n");
  if (lastBreak > 0 && CJK_ATTRIBUTION.test(text.slice(lastBreak + 1).trim())) {
    const kept = text.slice(0, lastBreak).trimEnd();
    if (kept) return kept;
  }
  const tail = text.slice(-600);
  for (let at = 0; at < tail.length; at = tail.indexOf("\n", at) + 1) {
    ATTRIBUTION.lastIndex = at;
    const found = ATTRIBUTION.exec(tail);
    if (found) {
      const lines = found[0].trim().split("\n").length;
      if (/\d/.test(found[0]) && (lines === 1 || (lines <= 3 && WRAPPED_END.test(found[0])))) {
        const kept = text.slice(0, text.length - tail.length + at).trimEnd();
        return kept || text;
      }
    }
    if (tail.indexOf("\n", at) < 0) break;
  }
  return text;
};

/**
 * Separator lines (`-----`, `_____`, `=====`) and blank lines at the end of what is shown, line by line: a
 * regex over the whole text would backtrack on long runs of blanks.
 */
export function withoutTrailingSeparators(text: string): string {
  const lines = text.split("\n");
  const blankOrRule = (line: string) => line.length <= 300 && /^[ \t]*([-_=*~]{3,})?[ \t]*$/.test(line);
  while (lines.length > 1 && blankOrRule(lines.at(-1)!)) lines.pop();
  return lines.join("\n").trimEnd();
}
