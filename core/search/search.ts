import type { DeskEvent } from "../events/schema.ts";
import { store, type TicketItem } from "../store/index.ts";
import { toTicket } from "../ticket/model.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { searchTerms } from "./terms.ts";

/** Per term, a query looks at this many of the newest matching tickets (so a query's cost is bounded). */
const PER_TERM = 2000;
const MAX_QUERY_TERMS = 6;

/** Indexes the text an event brings (a new ticket's subject and message, or a reply): idempotent puts. */
export async function indexEvent(event: DeskEvent) {
  if (
    event.type !== "ticket.created" &&
    event.type !== "ticket.customer_message" &&
    event.type !== "ticket.agent_replied"
  )
    return "ignored";
  const { ticket, entries } = await getTicketWithTimeline(event.ticketId);
  const entry = entries.find((e) => e.entryId === event.entryId);
  // A new ticket is found by its requester's name too: agents look a caller up by who they are.
  const text =
    event.type === "ticket.created"
      ? `${ticket.subject}\n${searchableName(ticket.requesterName, ticket.requesterEmail)}\n${entry?.body ?? ""}`
      : (entry?.body ?? "");
  const terms = searchTerms(text);
  if (terms.length === 0) return "nothing_to_index";
  const { unprocessed } = await store()
    .entities.searchTerm.put(terms.map((term) => ({ term, ticketId: ticket.ticketId })))
    .go({ concurrency: 2 });
  if (unprocessed.length) throw new Error(`${unprocessed.length} search terms not written; retry`);
  return "indexed";
}

/**
 * The requester's name as search words, or nothing when it is an address: mail without a display name is filed
 * under its address, whose words ("outlook", "com") would make every sender of that domain match.
 */
function searchableName(name: string, email: string) {
  return name.trim().toLowerCase() === email.trim().toLowerCase() || name.includes("@") ? "" : name;
}

/**
 * Tickets whose subject, requester's name or messages contain every word of the query (accents, case and plurals folded), newest
 * first. Reads one term partition per word (bounded to the newest PER_TERM tickets each) and the matching
 * tickets by key.
 */
export async function searchTickets(query: string, limit = 25) {
  const terms = searchTerms(query, MAX_QUERY_TERMS);
  if (terms.length === 0) return { items: [], terms, truncated: false };
  let truncated = false;
  const lists = await Promise.all(
    terms.map(async (term) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: { ticketId: string }[]; cursor: string | null } = await store()
          .entities.searchTerm.query.byTerm({ term })
          .go({ order: "desc", cursor, limit: 1000, attributes: ["ticketId"] });
        ids.push(...page.data.map((d) => d.ticketId));
        cursor = page.cursor;
      } while (cursor && ids.length < PER_TERM);
      if (cursor) truncated = true;
      return ids;
    }),
  );
  // Intersect, smallest list first; ULIDs sort by creation, so the result stays newest first.
  lists.sort((a, b) => a.length - b.length);
  const rest = lists.slice(1).map((list) => new Set(list));
  const matching = lists[0]!.filter((id) => rest.every((set) => set.has(id)));
  // More matches than are shown: say so (the agent adds a word), never drop the rest silently.
  if (matching.length > limit) truncated = true;
  const ids = matching.slice(0, limit);
  if (ids.length === 0) return { items: [], terms, truncated };
  const { data } = await store()
    .entities.ticket.get(ids.map((ticketId) => ({ ticketId })))
    .go();
  const byId = new Map((data as TicketItem[]).map((t) => [t.ticketId, t]));
  const found = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const shown = await withMergeTargets(found);
  // A merge target takes a place in the list: the matches it pushes past the limit are cut, and that is said.
  if (shown.length > limit) truncated = true;
  return { items: shown.slice(0, limit).map(toTicket), terms, truncated };
}

/**
 * A merged ticket found by its words brings the ticket it was merged into (where its story goes on), right
 * after it, once: the words of a merged ticket are the target's too (its timeline shows them).
 */
async function withMergeTargets(found: TicketItem[]): Promise<TicketItem[]> {
  const have = new Set(found.map((t) => t.ticketId));
  const wanted = [
    ...new Set(
      found.flatMap((t) => (t.mergedInto && !have.has(t.mergedInto.ticketId) ? [t.mergedInto.ticketId] : [])),
    ),
  ];
  if (wanted.length === 0) return found;
  const { data } = await store()
    .entities.ticket.get(wanted.map((ticketId) => ({ ticketId })))
    .go();
  const targets = new Map((data as TicketItem[]).map((t) => [t.ticketId, t]));
  const items: TicketItem[] = [];
  for (const ticket of found) {
    items.push(ticket);
    const target = ticket.mergedInto && targets.get(ticket.mergedInto.ticketId);
    if (target && !have.has(target.ticketId)) {
      have.add(target.ticketId);
      items.push(target);
    }
  }
  return items;
}
