import { fromDaemon, isPlainTextBounce } from "./bounce-text.ts";
import { isCalendarReply } from "./calendar-event.ts";
import { isFeedbackReport } from "./feedback-report.ts";
import { viaMailingList } from "./mailing-list.ts";
import type { ParsedMail } from "./parse.ts";

/** System mailboxes, by their whole name (with an optional `-tag`/`+tag`). */
const SYSTEM_BOX = /^(mailer[-_.]?daemon|postmaster|bounces?)([-+._].*)?$/i;
/**
 * No-reply anywhere in the local part: `noreply@`, `gmail-noreply@`, `billing.no_reply@`, `donotreply@`, and the
 * French, German and Spanish forms French desks receive most (`ne-pas-repondre@`, `nepasrepondre@`,
 * `ne_repondez_pas@`, `keine-antwort@`, `no-responder@`). The separated forms need a boundary before them, so
 * `juno.reply@` stays a person.
 */
const NO_REPLY_WORDS =
  /noreply|donotreply|nepasrepondre|nerepondezpas|keineantwort|(^|[-_.+])(no[-_.]reply|do[-_.]?not[-_.]?reply|ne[-_.]pas[-_.]r[eé]pondre|ne[-_.]r[eé]pondez[-_.]pas|keine[-_.]antwort|no[-_.]?responder)/i;
const isNoReplyLocal = (local: string) => SYSTEM_BOX.test(local) || NO_REPLY_WORDS.test(local);
/**
 * The prefix clients and servers write ("Automatic reply: …", "Réponse automatique : …", "Absence du bureau : …"):
 * the keyword then a colon (French typography puts a space, often a no-break one, before it; or nothing else:
 * "Out of Office"), so "Automatic reply not working in Outlook" and "Absence de connexion VPN" are customers'.
 */
const AUTO_WORDS =
  "auto(matic)?[ _-]?(reply|response)|autoreply|out of (the )?office( autoreply| reply)?|r[ée]ponse automatique|absen(t|te|ce) du bureau|abwesenheit(snotiz)?|automatische antwort|risposta automatica|respuesta autom[aá]tica|resposta autom[aá]tica|automatisch antwoord|afwezigheids(bericht|melding)|autosvar|automatyczna odpowied[zź]|自動応答|自動返信|自动回复|自動回覆";
/**
 * Words customers put first in a subject of their own too ("Afwezigheid: hoe registreer ik ziekte?", "Fuori
 * sede: non riesco a collegarmi alla VPN", "【不在通知】再配達の依頼" — a missed-delivery notice, "Absence : arrêt
 * maladie", "Auto: Reifenwechsel", "Répondeur : plus de messages", "Fuera de la oficina: no tengo VPN"): they mark
 * an auto-reply only in a mail answering another (In-Reply-To or References), as an out-of-office answer does.
 */
const WEAK_AUTO_WORDS =
  "afwezig(heid)?|fuori (sede|ufficio)|不在通知|absence|auto|r[ée]pondeur|fuera de (la )?oficina";
/**
 * Reply prefixes an auto-reply may stand after ("RE: Automatic reply: …"); never a forward's ("Fwd: Out of
 * office: …" is a person passing one on), so not subject.ts's `withoutReplyPrefixes`, which drops both.
 */
const REPLY_PREFIXES =
  "((re|res|aw|sv|vs|antw|odp|ynt|r|réf|ref|回复|答复|回覆)\\s*(\\[\\d+\\])?\\s*[:：]\\s*)*";
/**
 * Japanese and Chinese clients write a full-width colon, or the keyword in brackets: "【自動返信】Re: …". Weak
 * words only first: after a reply prefix they are a ticket's own subject coming back ("RE: Re: Absence : arrêt
 * maladie [#12]", the customer answering the agent's "Re: <subject> [#12]"), and an out-of-office puts its word first.
 */
const autoSubject = (words: string, afterReplyPrefixes: boolean) =>
  new RegExp(
    `^\\s*${afterReplyPrefixes ? REPLY_PREFIXES : ""}((${words})\\s*([:：]|$)|[【[]\\s*(${words})\\s*[】\\]])`,
    "i",
  );
const AUTO_SUBJECT = autoSubject(AUTO_WORDS, true);
const WEAK_AUTO_SUBJECT = autoSubject(WEAK_AUTO_WORDS, false);
/** What an auto-reply puts after its word: the subject it answers ("Re: …", a ticket's "[#12]" anywhere), or nothing. */
const ANSWERED_SUBJECT = new RegExp(`^\\s*($|${REPLY_PREFIXES.slice(0, -1)}+)|\\[#\\d+\\]`, "i");
/**
 * A customer asking about the feature ("Out of office: how do I set it?", "Réponse automatique : comment
 * l'activer dans Outlook ?"): a question mark at its end, or a question or how-to word first. An out-of-office's own words
 * ("retour le 7 décembre", "back on Monday") are none of these.
 */
const QUESTION =
  /[?？]\s*$|^\s*(how|what|why|where|when|which|can|could|does|do|is|are|set(ting)?( it)? up|setup|configur\p{L}*|enabl\p{L}*|disabl\p{L}*|turn(ing)? (it )?(on|off)|not working|comment|pourquoi|quand|où|quel(le)?s?|est-ce|peut-on|puis-je|aide|activ\p{L}*|d[ée]sactiv\p{L}*|param[ée]tr\p{L}*|r[ée]gl\p{L}*|mettre en place|impossible|ne (fonctionne|marche)|wie|warum|einrichten|come|perch[eé]|c[oó]mo|por qu[eé])(?![\p{L}\p{N}])/iu;
/**
 * A strong word counts in a mail answering another (In-Reply-To or References: an out-of-office answers the
 * mail it got), or in a new mail unless what follows it reads as a customer's question about the feature
 * ("Out of office: how do I set it?"). Followed by the subject it answers, it counts whatever comes after.
 */
function isAutoSubject(mail: ParsedMail): boolean {
  const answering = Boolean(mail.inReplyTo || mail.references.length);
  const strong = AUTO_SUBJECT.exec(mail.subject);
  if (strong) {
    const rest = mail.subject.slice(strong[0].length);
    if (answering || ANSWERED_SUBJECT.test(rest) || !QUESTION.test(rest)) return true;
  }
  return answering && WEAK_AUTO_SUBJECT.test(mail.subject);
}

/**
 * Why a message is automatic mail the desk must never answer, by the usual signs (RFC 3834 Auto-Submitted,
 * Precedence, the X-Auto* family, list headers, delivery reports, no-reply senders, the desk's own address,
 * out-of-office subjects). Empty when a person wrote it.
 */
export function automaticReasons(mail: ParsedMail, desk: DeskAddresses): string[] {
  const reasons: string[] = [];
  const autoSubmitted = mail.header("auto-submitted")?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith("no")) reasons.push(`auto-submitted: ${autoSubmitted}`);
  const precedence = mail.header("precedence")?.toLowerCase();
  if (precedence && /bulk|list|junk|auto_reply/.test(precedence)) reasons.push(`precedence: ${precedence}`);
  for (const name of ["x-autoreply", "x-autorespond", "x-auto-response-suppress", "x-autogenerated"]) {
    if (mail.header(name) !== null) reasons.push(name);
  }
  if (viaMailingList((name) => mail.header(name))) reasons.push("mailing list");
  const senders = [...mail.senders.from, ...mail.senders.replyTo, ...mail.senders.sender].map(
    (a) => a.address,
  );
  const sender = mail.from?.address ?? "";
  // A read receipt (RFC 8098) is a report too, but no failed delivery: it must not read as a bounce.
  if (isReadReceipt(mail)) reasons.push("read receipt");
  // An abuse report (ARF) is a report too, but a complaint, not a failed delivery (inbound-thread.ts).
  else if (isFeedbackReport(mail)) reasons.push("feedback report");
  // A delivery report is known by its content (multipart/report, a daemon's notice) or by a daemon writing from the
  // null sender (sendmail's "permanent fatal errors"), never by the null sender alone: a person's mail relayed
  // with `Return-Path: <>` is no report.
  else if (mail.isReport || isPlainTextBounce(mail) || (nullSender(mail) && fromDaemon(mail)))
    reasons.push("bounce");
  // The null sender is what automatic answers use (RFC 3834 §3.3): never answered, but filed as any mail.
  else if (nullSender(mail)) reasons.push("null sender");
  // A no-reply address among those the desk would answer: the Reply-To when it names someone else (a site's
  // contact form relays "From: noreply@site, Reply-To: customer", and the customer is acknowledged), else
  // From and Sender. A no-reply Reply-To keeps the mail automatic, whoever it came from.
  const replyTo = mail.senders.replyTo.map((a) => a.address).filter((a) => !isDeskAddress(a, desk));
  const answered = replyTo.length ? replyTo : senders;
  if (answered.some((a) => isNoReplyLocal(a.split("@")[0] ?? ""))) reasons.push("no-reply sender");
  if (isDeskAddress(sender, desk)) reasons.push("the desk's own address");
  if (upstreamSpam(mail)) reasons.push("upstream spam verdict");
  if (isAutoSubject(mail)) reasons.push("auto-reply subject");
  // An attendee's accept or decline (iTIP METHOD:REPLY, "Accepted: …", "Accepté : …"): a client's automatic answer.
  if (isCalendarReply(mail)) reasons.push("calendar reply");
  return reasons;
}

/** Sent from the null sender: `Return-Path: <>`, as SES (and the local SMTP listener) write an empty MAIL FROM. */
export const nullSender = (mail: ParsedMail) => mail.header("return-path")?.replace(/\s/g, "") === "<>";

/** A message disposition notification ("Read: …", "Return Receipt (displayed)"): multipart/report of that type. */
export const isReadReceipt = (mail: ParsedMail) =>
  mail.isReport && /report-type\s*=\s*"?disposition-notification/i.test(mail.header("content-type") ?? "");

/**
 * The desk's own addresses: its sending address (`DESK_MAIL_FROM`'s) and the other addresses an admin listed
 * (billing@, sales@, an old support address forwarding to it: core/desk/aliases.ts). Built by
 * core/mail/desk-addresses.ts; every "is this us?" takes this one value.
 */
export interface DeskAddresses {
  readonly from: string;
  readonly aliases: readonly string[];
}

/** The desk's addresses with no aliases: its sending address alone. */
export const sendingAddressOnly = (from: string): DeskAddresses => ({ from, aliases: [] });

/**
 * Whether an address is one of the desk's own: its sending address or an alias, with or without a +token
 * (`support+t1-…@`, replies' Reply-To), in any case, a trailing dot on the domain or not. The one answer to "is
 * this us?": never copied, never acknowledged, never a requester, and mail from it is a loop. Never the rest of
 * its domain: `DESK_MAIL_DOMAIN` is often the company's own (README "Deploying": `example.com`), and its
 * employees (`jane@example.com`) are who an IT desk is for — requesters, colleagues in CC, agents forwarding.
 */
export function isDeskAddress(address: string, desk: DeskAddresses): boolean {
  return [desk.from, ...desk.aliases].some((own) => sameMailbox(address, own));
}

/** The same mailbox, whatever the +token, case or trailing dot of the domain. */
function sameMailbox(address: string, deskAddress: string): boolean {
  const at = address.lastIndexOf("@");
  const deskAt = deskAddress.lastIndexOf("@");
  if (at <= 0 || deskAt <= 0) return false;
  // A trailing dot names the same domain (`support@desk.example.`).
  const domain = (value: string) => value.trim().toLowerCase().replace(/\.$/, "");
  const local = address.slice(0, at).trim().toLowerCase();
  const deskLocal = deskAddress.slice(0, deskAt).trim().toLowerCase();
  // The address itself (an alias may carry a tag of its own: `support+old@`), or it with a +token added.
  return (
    domain(address.slice(at + 1)) === domain(deskAddress.slice(deskAt + 1)) &&
    (local === deskLocal || local.split("+")[0] === deskLocal)
  );
}

/** An address that must never get automatic mail, whatever the message looked like. */
export function isNoReplyAddress(address: string, desk: DeskAddresses): boolean {
  return isNoReplyLocal(address.split("@")[0] ?? "") || isDeskAddress(address, desk);
}

/** A spam verdict of a filter upstream of SES (SpamAssassin's `X-Spam-Flag: YES`, `X-Spam-Status: Yes, …`). */
export function upstreamSpam(mail: ParsedMail): boolean {
  return (
    /^\s*yes\b/i.test(mail.header("x-spam-flag") ?? "") ||
    /^\s*yes\b/i.test(mail.header("x-spam-status") ?? "")
  );
}

/** SES verdicts and authentication results, from the headers SES adds on receipt. */
export function receiptVerdicts(mail: ParsedMail) {
  const auth = mail.header("authentication-results") ?? "";
  const pick = (name: string) => new RegExp(`\\b${name}=(\\w+)`, "i").exec(auth)?.[1]?.toLowerCase();
  return {
    // An upstream filter's verdict counts as SES's own: filed as spam, never acknowledged.
    spamVerdict:
      mail.header("x-ses-spam-verdict")?.toUpperCase() ?? (upstreamSpam(mail) ? "FAIL" : undefined),
    virusVerdict: mail.header("x-ses-virus-verdict")?.toUpperCase(),
    spf: pick("spf") ?? mail.header("received-spf")?.split(/\s/)[0]?.toLowerCase(),
    dkim: pick("dkim"),
    dmarc: pick("dmarc"),
  };
}

const FRENCH =
  /\b(le|la|les|des|une|est|pas|pour|avec|vous|nous|je|merci|bonjour|ne|sur|dans|mon|mot|passe)\b/gi;
const ENGLISH = /\b(the|is|are|not|for|with|you|we|i|thanks|hello|hi|my|on|in|it|can|please)\b/gi;

/** English or French, from the words of the message (the desk answers in one of the two). */
export function detectLocale(text: string): "en" | "fr" {
  const sample = text.slice(0, 2000);
  const french = sample.match(FRENCH)?.length ?? 0;
  const english = sample.match(ENGLISH)?.length ?? 0;
  return french > english || (/[àâçéèêëîïôûùœ]/i.test(sample) && french >= english) ? "fr" : "en";
}
