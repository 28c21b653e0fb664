import type { Secrets } from "../auth/crypto.ts";
import { DeskError } from "../error.ts";
import { store, type TicketItem } from "../store/index.ts";
import { loadTicketItem } from "../ticket/commit.ts";
import { followMerges } from "../ticket/merge.ts";
import { isMergedSender } from "../ticket/merge-people.ts";
import { ticketIdOfNumber } from "../ticket/number.ts";
import { calendarEvent, calendarKey } from "./calendar-event.ts";
import { ticketOfDeskMessageId, ticketOfReplyToken } from "./message-id.ts";
import { messageKey } from "./outbound.ts";
import type { ParsedMail } from "./parse.ts";

export type ThreadedBy = "references" | "plus-address" | "subject-number" | "calendar";

/** May write on the ticket: its requester, its CC, or someone of a ticket merged into it (merge-people.ts). */
const onTicket = (ticket: TicketItem, address: string) =>
  address === ticket.requesterEmail ||
  Boolean(ticket.cc?.includes(address)) ||
  isMergedSender(ticket, address);

/**
 * The ticket, or null when there is none. Any other failure (throttled, unreachable) is thrown, so the message is
 * filed again later: read as "no ticket", a customer's answer would open a second ticket for good.
 */
async function ticketOrNull(ticketId: string): Promise<TicketItem | null> {
  return loadTicketItem(ticketId).catch((error: unknown) => {
    if (error instanceof DeskError && error.kind === "not_found") return null;
    throw error;
  });
}

/**
 * Finds the ticket an inbound message belongs to, in this order and only when it is safe:
 * 1. In-Reply-To / References naming a Message-ID the desk issued (signed, so unforgeable), or one it
 *    received on a ticket when the sender is on that ticket;
 * 2. a plus-address token in a recipient (`support+t…@`), signed likewise;
 * 3. `[#1042]` in the subject, only from the ticket's requester or an address on its CC.
 * Otherwise null: a new ticket. Whether the sender may join the conversation is the filer's decision.
 */
export async function findThread(
  mail: ParsedMail,
  secrets: Secrets,
  /** Every address the message is from (From, Reply-To, Sender): any of them may be on the ticket. */
  senders: string[],
  /** Message-IDs quoted by a plain-text bounce. */
  quotedIds: string[] = [],
): Promise<{ ticket: TicketItem; by: ThreadedBy; named: TicketItem; ourMessage?: boolean } | null> {
  // A thread of a merged ticket continues on the ticket it was merged into (who may write is checked on that
  // ticket: the merge made the source's people its CC or merged senders). `named` is the ticket the mail named:
  // a bounce of mail sent before the merge is judged against it (the desk mailed its people, with its ids).
  const found = await findNamedThread(mail, secrets, senders, quotedIds);
  return found && { ...found, named: found.ticket, ticket: await followMerges(found.ticket) };
}

async function findNamedThread(
  mail: ParsedMail,
  secrets: Secrets,
  senders: string[],
  quotedIds: string[],
): Promise<{ ticket: TicketItem; by: ThreadedBy; ourMessage?: boolean } | null> {
  const known = (ticket: TicketItem) => senders.some((address) => onTicket(ticket, address));
  // At most 20 ids, each a read at worst: In-Reply-To, the newest References, and the first References id, the
  // thread's root (clients that trim a long References keep it, RFC 5322 §3.6.4: often the desk's first mail).
  const [root, ...rest] = mail.references;
  const ids = [
    ...new Set([
      mail.inReplyTo,
      ...[...rest].reverse().slice(0, 16),
      root,
      mail.report?.originalMessageId,
      ...quotedIds,
    ]),
  ]
    // Hostile ids are bounded: a longer one is no id of ours, and its key would be a hash anyway.
    .filter((id): id is string => Boolean(id) && id!.length <= 998)
    .slice(0, 20);

  for (const id of ids) {
    const ticketId = ticketOfDeskMessageId(id, secrets);
    const ticket = ticketId ? await ticketOrNull(ticketId) : null;
    if (ticket) return { ticket, by: "references", ourMessage: true };
  }
  // An update or cancellation of a calendar event whose invitation opened a ticket (the same UID, remembered
  // beside that mail's Message-ID, core/mail/inbound.ts): read in the same batch, tried after the ids.
  const event = calendarEvent(mail);
  const eventKey = event ? calendarKey(event.uid) : null;
  // Distinct keys: ids that differ only in case share one (a BatchGetItem refuses a key named twice).
  const keys = [...new Set([...ids.map(messageKey), ...(eventKey ? [eventKey] : [])])];
  if (keys.length > 0) {
    const { data: found } = await store()
      .entities.messageRef.get(keys.map((messageId) => ({ messageId })))
      .go();
    // The event's reference last: an id the mail names comes first.
    const refs = [
      ...found.filter((ref) => ref.messageId !== eventKey),
      ...found.filter((ref) => ref.messageId === eventKey),
    ];
    for (const ref of refs) {
      if (!ref.ticketId) continue;
      const ticket = await ticketOrNull(ref.ticketId);
      if (ref.messageId === eventKey) {
        // Only from someone on that ticket (the organizer who sent the invitation): a UID is no secret.
        if (ticket && ref.direction === "in" && known(ticket)) return { ticket, by: "calendar" };
        continue;
      }
      // `ourMessage`: the id of mail the desk sent (SES replaces the desk's signed Message-ID with its own, kept
      // as an outbound reference): a bounce naming it is a bounce of the desk's mail.
      if (ticket && (ref.direction === "out" || known(ticket)))
        return { ticket, by: "references", ourMessage: ref.direction === "out" };
    }
  }

  for (const recipient of [...mail.to, ...mail.cc]) {
    const token = /^[^+@]+\+([^@]+)@/.exec(recipient)?.[1];
    const ticketId = token ? ticketOfReplyToken(token, secrets) : null;
    const ticket = ticketId ? await ticketOrNull(ticketId) : null;
    if (ticket) return { ticket, by: "plus-address" };
  }

  // The desk appends its tag, so the last one is tried first: a subject that already carried another `[#n]` (a
  // customer's words, another system's tag) still finds its ticket. At most three, each two reads.
  const numbers = [...new Set([...mail.subject.matchAll(/\[#(\d{1,12})\]/g)].map((m) => Number(m[1])))];
  for (const number of numbers.reverse().slice(0, 3)) {
    const ticketId = await ticketIdOfNumber(number);
    const ticket = ticketId ? await ticketOrNull(ticketId) : null;
    if (ticket && known(ticket)) return { ticket, by: "subject-number" };
  }
  return null;
}
