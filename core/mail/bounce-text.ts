import type { ParsedMail } from "./parse.ts";

/**
 * Bounces that are not RFC 3464 delivery reports: qmail's "Hi. This is the qmail-send program", Exim's and
 * Exchange's plain-text notices, Gmail's "Delivery Status Notification". Told by the sender (mailer-daemon,
 * postmaster, "Mail Delivery Subsystem") or by the subject, together with the body's wording.
 */
const BOUNCE_SENDER = /^(mailer[-_.]?daemon|postmaster)\b/i;
const BOUNCE_NAME = /mail delivery (subsystem|system)|mail administrator|postmaster/i;
const BOUNCE_SUBJECT =
  /^(failure notice|delivery status notification|undeliver(ed|able)|returned mail|mail delivery failed|delivery failure|non[- ]?delivery|non remis|non distribuable|[ée]chec de (la )?(remise|distribution)|unzustellbar|nicht zustellbar)/i;
// English, French (Exchange, Orange/Free relays) and German (Exchange, Domino) notices, older ones in plain text.
const BOUNCE_BODY =
  /this is the qmail-send program|could not be delivered to one or more|wasn't able to deliver your message|delivery (to the following recipients? )?(has )?failed|delivery status notification|message (was )?not delivered|was not delivered to|permanent error|n'a pas pu être (remis|distribué)|ne peut pas être remis|konnte nicht zugestellt werden|nicht zugestellt werden/i;
/** Where a plain-text bounce starts quoting the message that bounced. */
const ORIGINAL_STARTS =
  /^(--- ?below this line is a copy of the message|-+ ?this is a copy of the message|-+ ?original message|-+ ?the original message|original message follows)/im;

/** Signs only a bounce carries: a copy or the id of the original message, an SMTP status or reply code. */
const BOUNCE_ONLY =
  /^(message-id|original-message-id|x-original-message-id)\s*:\s*<[^<>\s]+>|\b[45]\.\d{1,3}\.\d{1,3}\b|\b[45]\d\d[ -][45]\.\d|smtp;\s*[45]\d\d\b|smtp error|^remote-mta\s*:|^diagnostic-code\s*:|^(--- ?below this line is a copy of the message|-+ ?this is a copy of the message|original message headers:|original message follows)/im;
/** A mailer daemon or postmaster wrote it (the only senders whose bounce the desk may drop unread). */
export function fromDaemon(mail: ParsedMail): boolean {
  return [...mail.senders.from, ...mail.senders.sender].some(
    (a) => BOUNCE_SENDER.test(a.address.split("@")[0] ?? "") || BOUNCE_NAME.test(a.name),
  );
}

/**
 * A daemon's notice in the bounce's wording; from anyone else (a customer writing "Undelivered order 4411: my
 * order was not delivered"), only with a sign no customer's own words carry: a quoted Message-ID, an SMTP status,
 * a copy of the original message.
 */
export function isPlainTextBounce(mail: ParsedMail): boolean {
  if (mail.isReport) return false;
  const text = mail.fullText.slice(0, 20_000);
  if (!BOUNCE_BODY.test(text)) return false;
  if (fromDaemon(mail)) return true;
  return BOUNCE_SUBJECT.test(mail.subject) && BOUNCE_ONLY.test(text);
}

export interface PlainTextBounce {
  /** Addresses named in the notice itself (before the copy of the original). */
  recipients: string[];
  /** The notice says the failure is permanent (5xx, "permanent error"). */
  permanent: boolean;
  /** Message-IDs quoted from the original message. */
  messageIds: string[];
}

/** What a plain-text bounce says: who failed, whether for good, and which message bounced. */
export function readPlainTextBounce(mail: ParsedMail): PlainTextBounce {
  const text = mail.fullText.slice(0, 100_000);
  const cut = ORIGINAL_STARTS.exec(text)?.index ?? text.search(/^message-id:/im);
  const notice = cut > 0 ? text.slice(0, cut) : text;
  const original = cut > 0 ? text.slice(cut) : text;
  const recipients = [
    ...new Set(
      [...notice.matchAll(/<?([^\s<>()"',;:]+@[^\s<>()"',;:]+\.[a-z]{2,})>?/gi)].map((m) =>
        m[1]!.toLowerCase().replace(/\.$/, ""),
      ),
    ),
  ];
  return {
    recipients,
    // Domino and older Exchange name no code, only the reason: an unknown user is a permanent failure.
    permanent:
      /permanent|\b5\d\d\b|\b5\.\d{1,3}\.\d{1,3}\b|given up|user unknown|unknown (user|recipient)|no such (user|recipient|mailbox)|not listed in|does not exist|destinataire (est )?introuvable|utilisateur inconnu/i.test(
        notice,
      ),
    messageIds: [...original.matchAll(/^(?:message-id|in-reply-to|references):\s*(<[^<>\s]+>)/gim)]
      .map((m) => m[1]!)
      .slice(0, 10),
  };
}
