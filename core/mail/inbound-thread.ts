import type { Secrets } from "../auth/crypto.ts";
import { addVendorMessage, isFromVendor } from "../sla/vendor.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import type { MessageRefRecord } from "../ticket/commit.ts";
import { addCustomerMessage } from "../ticket/customer-writes.ts";
import { isMergedSender, mergedSenderRef } from "../ticket/merge-people.ts";
import { MAX_TICKET_CC } from "../ticket/write-parts.ts";
import type { receiptVerdicts } from "./automatic.ts";
import type { readPlainTextBounce } from "./bounce-text.ts";
import type { InboundOutcome } from "./inbound.ts";
import { ticketOfDeskMessageId } from "./message-id.ts";
import type { ParsedMail } from "./parse.ts";
import { mayCopyOthers, type Requester } from "./sender.ts";
import { suppress } from "./suppression.ts";
import type { findThread } from "./threading.ts";
import type { SetAsideReason } from "./unfiled.ts";

/** A message threaded into a ticket, as core/mail/inbound.ts read it, and what it will write. */
export interface ThreadedMail {
  mail: ParsedMail;
  thread: NonNullable<Awaited<ReturnType<typeof findThread>>>;
  requester: Requester;
  /** Who wrote it: From and Sender (anyone can set a Reply-To). */
  identities: string[];
  automatic: string[];
  verdicts: ReturnType<typeof receiptVerdicts>;
  plainBounce: ReturnType<typeof readPlainTextBounce> | null;
  secrets: Secrets;
  body: string;
  from: { name: string; email: string };
  extras: Pick<EntryItem, "entryId" | "html" | "attachments"> & { mail: NonNullable<EntryItem["mail"]> };
  /** The addresses the message copied that the desk may copy. */
  copied: string[];
  /** No desk address in the mail's To or Cc: the desk was blind-copied, and the mail copies nobody. */
  blindCopied: boolean;
  ref: MessageRefRecord;
  now: Date;
  setAside: (
    outcome: "quarantined" | "ignored",
    reason: SetAsideReason,
    detail: string,
  ) => Promise<InboundOutcome>;
}

/**
 * Files a message into the ticket it threads into: a vendor's answer, a stranger's mail (held for agents), mail
 * of a merged ticket's people, or a participant's reply (only the requester copies others). A bounce of the
 * desk's mail suppresses the failed address first. Automatic mail to a closed ticket is set aside; undefined
 * when the message opens a new ticket instead (a person writing to a closed ticket).
 */
export async function fileIntoThread(threaded: ThreadedMail): Promise<InboundOutcome | undefined> {
  const { mail, thread, requester, identities, automatic, verdicts, plainBounce, secrets } = threaded;
  const { body, from, extras, copied, blindCopied, ref, now, setAside } = threaded;
  const ticket = thread.ticket;
  if (automatic.includes("bounce")) await suppressBounced(mail, thread, plainBounce, secrets, identities);
  if (ticket.status !== "closed" && !automatic.length && (await isFromVendor(ticket, requester.address))) {
    await addVendorMessage(ticket.ticketId, { body, from, extras, messageRef: ref }, now);
    return { outcome: "threaded", ticketId: ticket.ticketId, by: thread.by };
  }
  const member = identities.find((a) => onTicket(ticket, a));
  const fromMerged = !member && identities.some((a) => isMergedSender(ticket, a));
  if (!member && !fromMerged && ticket.status !== "closed") {
    // Someone not on the ticket (a stranger using our Reply-To or quoting our Message-ID, a daemon):
    // agents see it and decide; nobody is copied and nothing reopens until they do.
    await addCustomerMessage(
      ticket.ticketId,
      {
        body,
        channel: "email",
        from,
        extras,
        automatic: automatic.length > 0,
        held: "from someone not on this ticket",
        messageRef: ref,
        readAs: ticket,
      },
      now,
    );
    return { outcome: "threaded", ticketId: ticket.ticketId, by: thread.by, held: true };
  }
  // Someone of a ticket merged into this one with another requester: their mail lands as theirs (not
  // held), agents see it, the requester does not, and nobody is copied on their word.
  const mergedSender = fromMerged ? identities.find((a) => isMergedSender(ticket, a)) : undefined;
  if (mergedSender && ticket.status !== "closed") {
    await addCustomerMessage(
      ticket.ticketId,
      {
        body,
        channel: "email",
        from: mergedSender === requester.address ? from : { name: from.name, email: mergedSender },
        extras: {
          ...extras,
          mail: { ...extras.mail, from: mergedSender },
          mergedSender: mergedSenderRef(ticket, mergedSender),
        },
        automatic: automatic.length > 0,
        addCc: [],
        messageRef: ref,
        readAs: ticket,
      },
      now,
    );
    return { outcome: "threaded", ticketId: ticket.ticketId, by: thread.by };
  }
  if (member && ticket.status !== "closed") {
    const author = member === requester.address ? from : { name: from.name, email: member };
    // Only the requester decides who else is copied, in a mail whose From is theirs and vouched for; anyone
    // else they named is shown to agents as not copied (an agent adds them in one click if they should be).
    const named = copied.filter((a) => !onTicket(ticket, a));
    const room = Math.max(0, MAX_TICKET_CC - (ticket.cc?.length ?? 0));
    const vouched = member === ticket.requesterEmail && mayCopyOthers(mail, member, verdicts);
    const addCc = vouched && !blindCopied ? named.slice(0, room) : [];
    const notCopied = named.filter((a) => !addCc.includes(a));
    await addCustomerMessage(
      ticket.ticketId,
      {
        body,
        channel: "email",
        from: author,
        extras: { ...extras, mail: { ...extras.mail, from: member, notCopied: bounded(notCopied) } },
        automatic: automatic.length > 0,
        addCc,
        messageRef: ref,
        // The requester's own reply, From vouched for by their domain: the address is theirs. An automatic
        // answer (an out-of-office) proves only that the mailbox exists, not that they read the ticket.
        provesAddress: vouched && automatic.length === 0,
        readAs: ticket,
      },
      now,
    );
    return { outcome: "threaded", ticketId: ticket.ticketId, by: thread.by };
  }
  if (automatic.length > 0) return setAside("ignored", "automatic", "automatic mail to a closed ticket");
  return undefined;
}

/** Addresses kept on an entry for agents to read: at most a ticket's worth. */
export const bounded = (addresses: string[]) =>
  addresses.length ? addresses.slice(0, MAX_TICKET_CC) : undefined;

const onTicket = (ticket: TicketItem, address: string) =>
  address === ticket.requesterEmail || Boolean(ticket.cc?.includes(address));

/**
 * A bounce of the desk's own mail stops mail to the failed address: a delivery report whose In-Reply-To,
 * References or original Message-ID is a Message-ID the desk signed or the id SES gave a mail the desk sent (SES
 * replaces the Message-ID; outbound.ts keeps SES's as an outbound reference), or a plain-text bounce quoting one. A
 * bounce naming no signed id of ours suppresses nothing, and neither does one sent by a participant of the
 * ticket (a From anyone can forge): nobody can silence an address with a forged notice.
 */
async function suppressBounced(
  mail: ParsedMail,
  thread: { ticket: TicketItem; by: string; named: TicketItem; ourMessage?: boolean },
  plain: ReturnType<typeof readPlainTextBounce> | null,
  secrets: Secrets,
  senders: string[],
) {
  if (thread.by !== "references") return;
  // The tickets the mail named (mail sent before a merge names the merged ticket) and the one it lives in now:
  // only their people are suppressed, so a forged report naming our id cannot silence any other address.
  const tickets = [thread.named, thread.ticket];
  const ours = (address: string) => tickets.some((t) => onTicket(t, address));
  if (senders.some(ours)) return;
  // The thread was found through an id of mail the desk sent (signed, or SES's id of it), or the notice names one.
  const signedBy = (ids: (string | null | undefined)[]) =>
    thread.ourMessage === true ||
    ids.some((id) => id && tickets.some((t) => ticketOfDeskMessageId(id, secrets) === t.ticketId));
  if (mail.report) {
    if (!signedBy([mail.inReplyTo, ...mail.references, mail.report.originalMessageId])) return;
    for (const recipient of mail.report.failed.filter(ours))
      await suppress(recipient, "bounce", `${mail.report.status} (${mail.subject.slice(0, 200)})`);
    return;
  }
  if (!plain?.permanent) return;
  if (!signedBy(plain.messageIds)) return;
  // Only addresses the desk mails on those tickets: the notice's other addresses (the daemon, relays) are not ours.
  for (const recipient of plain.recipients.filter(ours))
    await suppress(recipient, "bounce", `plain-text bounce (${mail.subject.slice(0, 200)})`);
}
