import { createHash } from "node:crypto";
import { sendOnce } from "../claim.ts";
import { config } from "../config.ts";
import { newId } from "../ids.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { changeTicket } from "../ticket/commit.ts";
import { composeRaw, type OutboundMail } from "./compose.ts";
import { deskMessageId, mailDomain, plusAddress, replyToken } from "./message-id.ts";
import { sendRawMail } from "./send.ts";

const MAX_KEY_CHARS = 500;

/** How a Message-ID is stored for lookups: SES rewrites ours to `<id@…amazonses.com>`, keyed by its id alone. */
export function messageKey(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, "");
  const at = bare.lastIndexOf("@");
  const key = /amazonses\.com$/i.test(bare.slice(at + 1)) ? `ses:${bare.slice(0, at)}` : bare.toLowerCase();
  // DynamoDB keys stop at 2 KB: a longer id (hostile or broken) is keyed by its hash, so it still files once.
  return key.length > MAX_KEY_CHARS ? `sha256:${createHash("sha256").update(key).digest("hex")}` : key;
}

export interface DeskMail {
  ticket: TicketItem;
  /** What it is: r (reply), ack, n (notification)… part of the signed Message-ID. */
  kind: string;
  id: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  autoSubmitted?: OutboundMail["autoSubmitted"];
  attachments?: OutboundMail["attachments"];
}

/**
 * Sends an automatic mail that is about no ticket (a sign-in link, the weekly summary) from the desk's address:
 * a plain Message-ID of its own (`<kind.ulid@domain>`), never threaded to a ticket, marked auto-generated.
 */
export async function sendPlainMail(mail: { kind: string; to: string; subject: string; text: string }) {
  const { mailFrom } = config();
  const raw = await composeRaw({
    from: mailFrom,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.kind}.${newId()}@${mailDomain(mailFrom)}>`,
    autoSubmitted: "auto-generated",
  });
  return sendRawMail(raw, mailFrom, [mail.to]);
}

/**
 * Sends a mail about a ticket from the desk's address: a signed Message-ID, Reply-To carrying the ticket's
 * plus-address token, threading headers. Records both our Message-ID and the one SES assigns, so that a reply
 * to either finds the ticket.
 */
export async function sendDeskMail(mail: DeskMail, now = new Date()) {
  const { secret, mailFrom, plusAddressing } = config();
  const domain = mailDomain(mailFrom);
  const messageId = deskMessageId(mail.kind, mail.ticket.ticketId, mail.id, secret, domain);
  const replyTo = plusAddressing ? plusAddress(mailFrom, replyToken(mail.ticket.ticketId, secret)) : mailFrom;
  const raw = await composeRaw({
    from: mailFrom,
    to: mail.to.join(", "),
    cc: mail.cc?.length ? mail.cc : undefined,
    replyTo,
    subject: mail.subject,
    text: mail.text,
    messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references?.length ? mail.references : undefined,
    autoSubmitted: mail.autoSubmitted,
    attachments: mail.attachments,
  });
  const providerMessageId = await sendRawMail(raw, mailFrom, [...mail.to, ...(mail.cc ?? [])].map(bare));
  const at = now.toISOString();
  const refs = [messageId, `<${providerMessageId}@email.amazonses.com>`].map((id) => ({
    messageId: messageKey(id),
    direction: "out" as const,
    outcome: "filed" as const,
    ticketId: mail.ticket.ticketId,
    entryId: mail.id,
    createdAt: at,
  }));
  await afterSending("message references", () => store().entities.messageRef.put(refs).go());
  return { messageId, providerMessageId, from: mailFrom, replyTo };
}

const bare = (mailbox: string) => (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim();

/**
 * Sends automatic mail about a ticket (acknowledgement, notice) and puts it on the ticket's timeline with
 * `note` as its text, so agents see what went to whom.
 */
export async function sendAutoMail(
  mail: DeskMail & { autoSubmitted: NonNullable<DeskMail["autoSubmitted"]> },
  note: string,
) {
  const sent = await sendDeskMail(mail);
  await afterSending("timeline entry", () =>
    recordAutoMail(mail.ticket.ticketId, {
      id: mail.id,
      body: note,
      mail: {
        messageId: sent.messageId,
        from: sent.from,
        to: mail.to.map(bare),
        subject: mail.subject,
        inReplyTo: mail.inReplyTo,
      },
      delivery: {
        status: "sent",
        messageId: sent.messageId,
        providerMessageId: sent.providerMessageId,
        at: new Date().toISOString(),
      },
    }),
  );
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
  mail: { to: string; subject: string; text: string; kind?: string },
  note: string,
  now = new Date(),
) {
  return sendOnce(
    scope,
    key,
    ticket,
    () =>
      sendAutoMail(
        {
          ticket,
          kind: mail.kind ?? "n",
          id: newId(now),
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          autoSubmitted: "auto-generated",
        },
        note,
      ),
    now,
  );
}

/**
 * Bookkeeping once a mail has left: tried a few times, then logged rather than thrown — an error here would
 * make the caller send the same mail again (a missing record costs less than a second mail to a customer).
 */
async function afterSending(what: string, write: () => Promise<unknown>) {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (attempt === 3) {
        console.error(JSON.stringify({ msg: `mail sent, ${what} not recorded`, error: String(error) }));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * Puts a mail the desk sent by itself (acknowledgement, notification) on the ticket's timeline, so agents see
 * what the customer was sent and why. Bumps the version (the timeline changed) but not the activity time.
 */
export async function recordAutoMail(
  ticketId: string,
  entry: {
    id: string;
    body: string;
    mail: NonNullable<EntryItem["mail"]>;
    delivery: NonNullable<EntryItem["delivery"]>;
  },
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await changeTicket(ticketId, undefined, (before) => ({
    after: { ...before, version: before.version + 1, updatedAt: at },
    entries: [
      {
        ticketId,
        entryId: entry.id,
        kind: "auto_mail",
        createdAt: at,
        authorType: "system",
        authorName: config().deskName,
        channel: "email",
        body: entry.body,
        mail: entry.mail,
        delivery: entry.delivery,
      },
    ],
    events: [],
  }));
}
