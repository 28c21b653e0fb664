import { DeskError } from "../error.ts";
import { outboxRecord, publishStored } from "../events/publish.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { factsOf } from "../report/facts.ts";
import { withSla } from "../sla/clock.ts";
import { slaContext } from "../sla/policy.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { moveAgentLoads } from "./agent-load.ts";
import { markDeskChanged } from "./changes.ts";
import {
  backoffMs,
  loadChanges,
  loadTicketItem,
  MAX_CHANGE_ATTEMPTS,
  staleVersion,
  TransactionConflictError,
} from "./commit.ts";
import { countChanges } from "./counts.ts";

/** One ticket's part of a change that spans several tickets (merge, split, links). */
export interface PartChange {
  after: TicketItem;
  entries: EntryItem[];
  events: DeskEvent[];
  /** Customer messages marked as split into a ticket of their own: once only (conditioned on not being split). */
  splits?: { entryId: string; splitInto: NonNullable<EntryItem["splitInto"]> }[];
}

/** Sums deltas per key and drops the zeros: one ADD per counter item. */
function summed<K extends string>(moves: ({ delta: number } & Record<K, string>)[], key: K) {
  const totals = new Map<string, number>();
  for (const move of moves) totals.set(move[key], (totals.get(move[key]) ?? 0) + move.delta);
  return [...totals].filter(([, delta]) => delta !== 0);
}

/**
 * Stores changes of several tickets in one transaction, so nothing is ever half-written: each ticket conditioned
 * on the version read, its new entries, one outbox item per ticket for its events (the queue counters they move
 * ride on its facts event), with SLA fields and report facts as `commitTicketChange` keeps them for one ticket; the
 * agent counters (summed) move once it succeeded, beside it (core/ticket/agent-load.ts).
 */
export async function commitTicketChanges(
  parts: (PartChange & { before: TicketItem })[],
): Promise<TicketItem[]> {
  const ctx = await slaContext();
  const prepared = parts.map((part) => {
    const after = withSla(part.before, part.after, part.entries, ctx, new Date(part.after.updatedAt));
    const facts = factsOf(part.before, after, ctx, part.entries);
    // The queue counters a change moves ride on its facts event, as for one ticket (commitTicketChange).
    const counts = countChanges(part.before, after);
    const events: DeskEvent[] =
      facts.length || counts.length
        ? [
            ...part.events,
            {
              type: "ticket.facts",
              id: newId(new Date(after.updatedAt)),
              occurredAt: after.updatedAt,
              ticketId: after.ticketId,
              facts,
              ...(counts.length ? { counts } : {}),
            },
          ]
        : part.events;
    // A ticket stored before number items gets its own with this write (core/ticket/number.ts).
    const numbering = !part.before.numbered;
    return { ...part, after: numbering ? { ...after, numbered: true } : after, events, numbering };
  });
  const loads = summed(
    prepared.flatMap((p) => loadChanges(p.before, p.after)),
    "agentId",
  );
  const result = await store()
    .transaction.write(({ ticket, entry, outbox, ticketNumber }) => [
      ...prepared.map(({ before, after }) =>
        ticket
          .put(after)
          .where(({ version }, { eq }) => eq(version, before.version))
          .commit(),
      ),
      ...prepared.flatMap(({ after, splits }) =>
        (splits ?? []).map(({ entryId, splitInto }) =>
          entry
            .patch({ ticketId: after.ticketId, entryId })
            .set({ splitInto })
            .where(({ splitInto: was }, { notExists }) => notExists(was))
            .commit(),
        ),
      ),
      ...prepared.flatMap((p) => p.entries.map((item) => entry.create(item).commit())),
      // One outbox item per ticket for all its events (published together, deleted at once).
      ...prepared.flatMap((p) => (p.events.length ? [outbox.create(outboxRecord(p.events)).commit()] : [])),
      ...prepared.flatMap(({ after, numbering }) =>
        numbering ? [ticketNumber.put({ number: after.number, ticketId: after.ticketId }).commit()] : [],
      ),
    ])
    .go();
  if (result.canceled) {
    // Results come in the order the items were listed: tickets first, then the split marks.
    const codes = (result.data as { code?: string }[]).map((r) => r.code);
    const splitCount = prepared.reduce((n, p) => n + (p.splits?.length ?? 0), 0);
    const failed = (from: number, to: number) => codes.slice(from, to).includes("ConditionalCheckFailed");
    if (failed(prepared.length, prepared.length + splitCount))
      throw new DeskError("conflict", "already_split", "This message was already split into a ticket");
    if (failed(0, prepared.length)) throw staleVersion();
    if (codes.includes("TransactionConflict")) throw new TransactionConflictError();
    throw new Error(`Tickets transaction canceled: ${JSON.stringify(codes)}`);
  }
  await Promise.all([
    ...prepared.map((p) => publishStored(p.events)),
    markDeskChanged(),
    moveAgentLoads(loads.map(([agentId, delta]) => ({ agentId, delta }))),
  ]);
  return prepared.map((p) => p.after);
}

/**
 * Reads the tickets (strongly), lets `decide` change them, and commits all in one transaction; a concurrent
 * change of any of them is retried on fresh data (bounded, jittered), as `changeTicket` does for one ticket.
 * `decide` returns null when there is nothing to do (a retried request): the tickets are returned as read.
 */
export async function changeTickets(
  ticketIds: string[],
  decide: (before: TicketItem[]) => PartChange[] | null,
): Promise<TicketItem[]> {
  for (let attempt = 1; ; attempt++) {
    const before = await Promise.all(ticketIds.map(loadTicketItem));
    const parts = decide(before);
    if (!parts) return before;
    try {
      return await commitTicketChanges(parts.map((part, i) => ({ ...part, before: before[i]! })));
    } catch (error) {
      const stale = error instanceof DeskError && error.code === "stale_version";
      if (!stale && !(error instanceof TransactionConflictError)) throw error;
      if (attempt >= MAX_CHANGE_ATTEMPTS)
        throw new DeskError("conflict", "ticket_busy", "The tickets are being changed by others; try again");
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}

/** Another ticket as a ticket keeps it (merge, links, split). */
export const refOf = (ticket: TicketItem) => ({
  ticketId: ticket.ticketId,
  number: ticket.number,
  subject: ticket.subject,
});
