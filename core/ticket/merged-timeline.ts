import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { refOut } from "./model.ts";

type Tagged = EntryItem & { fromTicket: { ticketId: string; number: number; subject?: string } };

/**
 * The entries of the tickets merged into this one, each marked with the ticket it came from. Entries stay in
 * their own partition (a merge copies nothing, so it is one small transaction whatever the timelines hold):
 * reading a ticket with merged tickets costs one Query more per merged ticket (at most MAX_MERGED), in parallel.
 */
export async function mergedEntries(ticket: Pick<TicketItem, "mergedFrom">): Promise<Tagged[]> {
  const lists = await Promise.all(
    (ticket.mergedFrom ?? []).map(async (from) => {
      const { data } = await store()
        .entities.entry.query.byTicket({ ticketId: from.ticketId })
        .go({ pages: "all" });
      return data.map((entry) => ({ ...entry, fromTicket: from }) as Tagged);
    }),
  );
  return lists.flat();
}

/** One timeline, oldest first: the ticket's own entries and the merged ones (ULIDs sort by time). */
export function interleave<T extends { createdAt: string; id: string }>(own: T[], merged: T[]): T[] {
  if (merged.length === 0) return own;
  return [...own, ...merged].sort((a, b) =>
    a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
  );
}

/** How a merged entry is shown: as any entry, plus the ticket it came from. */
export const withOrigin = <E extends object>(entry: E, from: Tagged["fromTicket"]) => ({
  ...entry,
  fromTicket: refOut(from),
});
