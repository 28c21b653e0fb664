import { recordAfterSend } from "../after-send.ts";
import { sendOnce, takeoverNote } from "../claim.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { type Described, type EventText, withTakeover } from "../ticket/event-text.ts";
import { bumpViewStamp } from "../ticket/view-stamp.ts";
import { deskMailbox, isDeliverable, type Mailbox, mailboxOrNull } from "./address.ts";
import { type DeskAddresses, isDeskAddress } from "./automatic.ts";
import { composeRaw, type OutboundMail } from "./compose.ts";
import { deskMessageId, messageKey, plusAddress, replyToken } from "./message-id.ts";
import { sendRawMail } from "./send.ts";
import { autoMailLine, recordSent, type SentRecord } from "./sent-record.ts";

export { messageKey } from "./message-id.ts";

export interface DeskMail {
  ticket: TicketItem;
  /** What it is: r (reply), ack, n (notification)… part of the signed Message-ID. */
  kind: string;
  id: string;
  to: Mailbox[];
  cc?: Mailbox[];
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  autoSubmitted?: OutboundMail["autoSubmitted"];
  attachments?: OutboundMail["attachments"];
  /** The recipient's language when it is not the ticket's (an agent's notice, a vendor): the From name's. */
  locale?: string;
}

/** The ticket's requester as a mailbox, or null when the address is not one the desk mails. */
export const requesterOf = (ticket: Pick<TicketItem, "requesterEmail" | "requesterName">, withName = true) =>
  mailboxOrNull(ticket.requesterEmail, withName ? ticket.requesterName : undefined);

/**
 * The ticket's CC as mailboxes (addresses only: CC names are not kept); undeliverable ones are logged, left out,
 * and so are the desk's own addresses (an older ticket may hold one, or an alias listed since): mail to itself.
 */
export function ccOf(ticket: Pick<TicketItem, "ticketId" | "cc">, desk: DeskAddresses): Mailbox[] {
  const ours = (ticket.cc ?? []).filter((address) => isDeskAddress(address, desk));
  if (ours.length) log.warn("CC not mailed: the desk's own", { ticketId: ticket.ticketId, ours });
  const cc = (ticket.cc ?? []).filter((address) => !ours.includes(address));
  const refused = cc.filter((address) => !isDeliverable(address));
  if (refused.length) log.warn("CC not mailed: undeliverable", { ticketId: ticket.ticketId, refused });
  return cc.filter(isDeliverable).map((address) => ({ name: "", address }));
}

/**
 * Sends an automatic mail that is about no ticket (a sign-in link, the weekly summary) from the desk's address:
 * a plain Message-ID of its own (`<kind.ulid@domain>`), never threaded to a ticket, marked auto-generated.
 */
export async function sendPlainMail(mail: {
  kind: string;
  to: Mailbox;
  subject: string;
  text: string;
  /** The recipient's language: the From name the admin gave the desk in it. */
  locale?: string;
}) {
  const from = await deskSender(mail.locale);
  const raw = await composeRaw({
    from,
    to: [mail.to],
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.kind}.${newId()}@${domainOf(from)}>`,
    autoSubmitted: "auto-generated",
  });
  return sendRawMail(raw, from, [mail.to]);
}

/**
 * The desk's sender: DESK_MAIL_FROM's address, and as display name the desk's name in the mail's language once
 * an admin named the desk (else DESK_MAIL_FROM's own name). Always a structured mailbox: the composer encodes
 * the name, so no name can change the address or add a header.
 */
export async function deskSender(locale: string | undefined): Promise<Mailbox> {
  const desk = deskMailbox();
  const { from } = await deskNames();
  if (!from) return desk;
  return { name: locale === "fr" ? from.fr : from.en, address: desk.address };
}

const domainOf = (m: Mailbox) => m.address.slice(m.address.lastIndexOf("@") + 1);

/**
 * Sends a mail about a ticket from the desk's address: a signed Message-ID, Reply-To carrying the ticket's
 * plus-address token, threading headers. Records both our Message-ID and the one SES assigns, so that a reply
 * to either finds the ticket.
 */
export async function sendDeskMail(mail: DeskMail, now = new Date()) {
  const { recorded, ...sent } = await sendDeskMailRecording(mail, now);
  await recorded;
  return sent;
}

/** `sendDeskMail`, answering once the mail has left: `recorded` settles when its message references are written. */
async function sendDeskMailRecording(mail: DeskMail, now = new Date()) {
  const { secret, plusAddressing } = config();
  const from = await deskSender(mail.locale ?? mail.ticket.locale);
  const messageId = deskMessageId(mail.kind, mail.ticket.ticketId, mail.id, secret, domainOf(from));
  const replyTo = plusAddressing
    ? { name: from.name, address: plusAddress(from.address, replyToken(mail.ticket.ticketId, secret)) }
    : from;
  const raw = await composeRaw({
    from,
    to: mail.to,
    cc: mail.cc,
    replyTo,
    subject: mail.subject,
    text: mail.text,
    messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references?.length ? mail.references : undefined,
    autoSubmitted: mail.autoSubmitted,
    attachments: mail.attachments,
  });
  const providerMessageId = await sendRawMail(raw, from, [...mail.to, ...(mail.cc ?? [])]);
  const at = now.toISOString();
  const refs = [messageId, `<${providerMessageId}@email.amazonses.com>`].map((id) => ({
    messageId: messageKey(id),
    direction: "out" as const,
    outcome: "filed" as const,
    ticketId: mail.ticket.ticketId,
    entryId: mail.id,
    createdAt: at,
  }));
  const recorded = afterSending("message references", () => store().entities.messageRef.put(refs).go());
  return { messageId, providerMessageId, from, replyTo, recorded };
}

export { sentEnvelope } from "./sent-record.ts";

/**
 * Sends automatic mail about a ticket (acknowledgement, notice) and puts it on the ticket's timeline with
 * `note` as its text, so agents see what went to whom.
 */
export async function sendAutoMail(
  mail: DeskMail & { autoSubmitted: NonNullable<DeskMail["autoSubmitted"]> },
  note: Described,
) {
  const { recorded, ...sent } = await sendDeskMailRecording(mail);
  // The references and the timeline line are independent records: written side by side (one round trip less).
  await Promise.all([recorded, recordAutoMailSent(mail, note, sent)]);
  return sent;
}

/**
 * An automatic mail about a ticket (a notice, a reminder, a survey, a hand-off), sent at most once per
 * (scope, key) however often the event that asks for it is delivered, and put on the timeline with `note`.
 */
export function sendAutoMailOnce(
  scope: string,
  key: string,
  ticket: TicketItem,
  mail: {
    to: Mailbox;
    subject: string;
    text: string;
    kind?: string;
    /** Threading headers, when the mail continues a conversation (the merge notice: the merged ticket's). */
    inReplyTo?: string;
    references?: string[];
    /** The recipient's language, when not the ticket's: the From name's (DeskMail.locale). */
    locale?: string;
  },
  note: Described,
  now = new Date(),
) {
  return sendOnce(
    scope,
    key,
    ticket,
    (attempt) =>
      sendAutoMail(
        {
          ticket,
          kind: mail.kind ?? "n",
          id: newId(now),
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          inReplyTo: mail.inReplyTo,
          references: mail.references,
          autoSubmitted: "auto-generated",
          locale: mail.locale,
        },
        { body: note.body + takeoverNote(attempt), what: withTakeover(note.what, attempt) },
      ),
    now,
  );
}

/**
 * An automatic mail's timeline line, once it has left: retried through a short outage, then handed to the Mail
 * worker by event (core/mail/sent-record.ts), so that agents see it even after a longer outage.
 */
function recordAutoMailSent(
  mail: DeskMail,
  note: Described,
  sent: { messageId: string; providerMessageId: string; from: Mailbox },
) {
  const record: SentRecord = {
    kind: "auto_mail",
    entryId: mail.id,
    messageId: sent.messageId,
    providerMessageId: sent.providerMessageId,
    from: sent.from,
    to: mail.to,
    cc: mail.cc ?? [],
    subject: mail.subject,
    at: new Date().toISOString(),
    body: note.body,
    what: note.what,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
  };
  return recordSent("timeline entry", mail.ticket.ticketId, record, () =>
    recordAutoMail(mail.ticket.ticketId, autoMailLine(record)),
  );
}

/** Bookkeeping once a mail has left: retried through a short outage, then logged (core/after-send.ts). */
async function afterSending(what: string, write: () => Promise<unknown>) {
  await recordAfterSend(what, write);
}

/**
 * Puts a mail the desk sent by itself (acknowledgement, notification) on the ticket's timeline, so agents see
 * what the customer was sent and why. The entry alone is written (one PutItem, conditioned on its key being new):
 * the ticket item is left as it is, like a reply's delivery status. A version bump would rewrite the ticket on
 * the table and on each of its indexes (about 10 write units for one line of record), and would make an agent's
 * If-Match fail for a change nobody made. The ticket's ETag names its newest entry too, so an open ticket page
 * shows the line at its next poll (functions/api/routes/tickets.ts). Not conditioned on the ticket existing
 * (that would be a transaction with a condition check, several times the unit this line costs): its callers
 * pass the id of the ticket whose mail they just sent.
 * Safe to repeat: the entry id is fixed before sending, so a retried write finds it there and stops.
 */
export async function recordAutoMail(
  ticketId: string,
  entry: {
    id: string;
    body: string;
    what?: EventText;
    mail: NonNullable<EntryItem["mail"]>;
    delivery: NonNullable<EntryItem["delivery"]>;
  },
  now = new Date(),
): Promise<void> {
  const item: EntryItem = {
    ticketId,
    entryId: entry.id,
    kind: "auto_mail",
    createdAt: now.toISOString(),
    authorType: "system",
    authorName: (await deskNames()).en,
    channel: "email",
    body: entry.body,
    ...(entry.what ? { what: entry.what } : {}),
    mail: entry.mail,
    delivery: entry.delivery,
  };
  try {
    await store().entities.entry.create(item).go();
  } catch (error) {
    // Written by an earlier attempt whose answer was lost: the record is there (its stamp may not be: moved below).
    if (!String(error).includes("conditional request failed")) throw error;
  }
  // The line leaves the ticket's version as it is: its view stamp tells agents' cached copies (their ETag).
  await bumpViewStamp(ticketId);
}
