import { withSignature } from "../agent/signature.ts";
import { notFound } from "../error.ts";
import { suppression } from "../mail/suppression.ts";
import { openPage, sealPage } from "../store/cursor.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { interleave, mergedEntries, withOrigin } from "./merged-timeline.ts";
import { isPublic, toEntry, toTicket } from "./model.ts";
import { ticketIdOfNumber } from "./number.ts";

/** A ticket with its whole timeline (messages, notes, events), oldest first: one Query on the ticket's partition. */
export async function getTicketWithTimeline(ticketId: string) {
  const { data } = await store().collections.timeline({ ticketId }).go({ pages: "all" });
  const [ticket] = data.ticket;
  if (!ticket) throw notFound("Ticket");
  return { ticket: ticket as TicketItem, entries: data.entry };
}

/** The agent's view: every entry, and whether the desk may still mail the requester (and why not). */
export async function viewTicket(ticketId: string) {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  const [undeliverable, merged] = await Promise.all([
    suppression(ticket.requesterEmail),
    mergedEntries(ticket),
  ]);
  // Tickets merged into this one show in its timeline, each entry marked with where it came from.
  const timeline = interleave(
    entries.map(toEntry),
    merged.map((entry) => withOrigin(toEntry(entry), entry.fromTicket)),
  );
  return { ...toTicket(ticket), requesterUndeliverable: undeliverable, timeline };
}

/**
 * The customer's view: status and public messages only, never internal notes or agent ids; `shown` narrows the
 * messages further (the web form's key: core/ticket/merged-portal.ts).
 */
export async function viewTicketAsCustomer(
  ticketId: string,
  shown: (entry: EntryItem, ticket: TicketItem) => boolean = () => true,
) {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  return {
    id: ticket.ticketId,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    timeline: entries
      // A mail cut short in transit is shown by its complete copy alone, once that came.
      .filter((entry) => isPublic(entry) && !entry.supersededBy && shown(entry, ticket))
      .map((entry) => ({
        id: entry.entryId,
        kind: entry.kind,
        createdAt: entry.createdAt,
        author:
          entry.authorType === "customer" ? (entry.authorName ?? "You") : (entry.authorName ?? "Support"),
        fromCustomer: entry.authorType === "customer",
        // A reply reads as the customer received it: with the signature it was mailed with.
        body: withSignature(entry.body ?? "", entry.signature),
        attachments: (entry.attachments ?? [])
          .filter((a) => a.key && !a.inline)
          .map((a) => ({ name: a.name, size: a.size })),
      })),
  };
}

/** A ticket by its human number (#1042): its number item, then the ticket (two GetItems). */
export async function findTicketByNumber(number: number): Promise<TicketItem> {
  const ticketId = await ticketIdOfNumber(number);
  const { data } = ticketId ? await store().entities.ticket.get({ ticketId }).go() : { data: null };
  if (!data) throw notFound("Ticket");
  return data as TicketItem;
}

/** A customer's tickets by email, newest first, paginated. */
export async function listRequesterTickets(email: string, cursor?: string, limit = 25) {
  const requesterEmail = email.toLowerCase();
  // Sealed to this requester: another customer's cursor cannot position this list.
  const scope = `requester:${requesterEmail}`;
  const result = await store()
    .entities.ticket.query.byRequester({ requesterEmail })
    .go({ order: "desc", cursor: openPage(scope, cursor), limit });
  return {
    items: result.data.map((item) => toTicket(item as TicketItem)),
    cursor: sealPage(scope, result.cursor),
  };
}
