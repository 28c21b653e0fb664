import { DeskError } from "../error.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import type { TicketItem } from "../store/index.ts";
import { loadTicketItem } from "./commit.ts";
import { changeTickets, refOf } from "./commit-many.ts";
import { said } from "./event-text.ts";
import { mergePeople } from "./merge-people.ts";
import type { Actor } from "./model.ts";
import { findTicketByNumber } from "./read.ts";
import { eventEntry, MAX_TICKET_CC, touched, withStatus } from "./write-parts.ts";

type AgentActor = Extract<Actor, { type: "agent" }>;

/**
 * A ticket shows at most this many merged tickets: each costs one more Query when the ticket is read, so the
 * bound keeps a read bounded (and a merge of 21 duplicates is a job for closing, not merging).
 */
export const MAX_MERGED = 20;
/**
 * Merges followed when mail arrives for a merged ticket (A into B, B into C: A's mail lands on C). A chain holds
 * at most MAX_MERGED tickets (each target lists every ticket merged into it, flattened), so MAX_MERGED + 1 hops
 * always reach its end; the bound only guards against a damaged item.
 */
export const MAX_MERGE_HOPS = MAX_MERGED + 1;

/**
 * A ticket named by an agent: `#1042` or `1042` is a number (what agents read), anything else a ticket id.
 * Unknown: 404 `target_not_found` (the ticket acted on exists; the one it names does not).
 */
export async function resolveTicketRef(ref: string | number): Promise<TicketItem> {
  const text = String(ref).trim();
  const number = /^#?(\d{1,12})$/.exec(text)?.[1];
  try {
    return number ? await findTicketByNumber(Number(number)) : await loadTicketItem(text);
  } catch (error) {
    if (error instanceof DeskError && error.kind === "not_found")
      throw new DeskError("not_found", "target_not_found", `No ticket ${number ? `#${number}` : text}`);
    throw error;
  }
}

/** Where a merged ticket's mail goes: the ticket it was merged into (followed through later merges). */
export async function followMerges(ticket: TicketItem): Promise<TicketItem> {
  let current = ticket;
  for (let hop = 0; hop < MAX_MERGE_HOPS && current.mergedInto; hop++) {
    // Only a target that does not exist stops here: a failed read is thrown (mail filed on the closed source
    // would open a new ticket for good; the caller's retry follows the merge).
    const next = await loadTicketItem(current.mergedInto.ticketId).catch((error: unknown) => {
      if (error instanceof DeskError && error.kind === "not_found") return null;
      throw error;
    });
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * Merges a duplicate (`sourceId`) into another ticket, in one transaction: the source is closed and points to
 * the target (`mergedInto`); the target lists it (`mergedFrom`, with the tickets merged into the source, so
 * its timeline shows them all); the source's people may go on writing (same requester: its CC joins the target's;
 * another requester: they become merged senders, never copied and never shown the target, see merge-people.ts);
 * both timelines say so; a `ticket.merged` event tells the customer once.
 * A retry of a merge that happened changes nothing and answers the same. Refused: merging into itself, into a
 * merged or closed ticket, a closed source (409 `source_closed`: finished business, its requester is not told
 * again), an already merged source, and (though the rules above make one impossible) a cycle.
 */
export async function mergeTicket(
  sourceId: string,
  into: string | number,
  actor: AgentActor,
  now = new Date(),
): Promise<{ source: TicketItem; target: TicketItem }> {
  const named = await resolveTicketRef(into);
  if (named.ticketId === sourceId)
    throw new DeskError("validation", "merge_into_self", "A ticket cannot be merged into itself");
  const at = now.toISOString();
  const [source, target] = await changeTickets([sourceId, named.ticketId], ([source, target]) => {
    if (!source || !target) return null;
    // The same request again (a retry, a double click): it happened, nothing to do.
    if (source.mergedInto?.ticketId === target.ticketId) return null;
    if (source.mergedInto)
      throw new DeskError(
        "conflict",
        "already_merged",
        `Ticket #${source.number} was already merged into #${source.mergedInto.number}`,
      );
    if (target.mergedInto)
      throw new DeskError(
        "conflict",
        "target_merged",
        `Ticket #${target.number} was itself merged into #${target.mergedInto.number}: merge into that one`,
      );
    if (target.status === "closed")
      throw new DeskError("conflict", "target_closed", `Ticket #${target.number} is closed`);
    // A closed ticket is finished business: merging it would tell its requester about a request long done.
    if (source.status === "closed")
      throw new DeskError(
        "conflict",
        "source_closed",
        `Ticket #${source.number} is closed: only an open or solved ticket can be merged`,
      );
    const chain = new Set([source.ticketId, ...(source.mergedFrom ?? []).map((m) => m.ticketId)]);
    if (chain.has(target.ticketId))
      throw new DeskError("conflict", "merge_cycle", `Ticket #${target.number} was merged into this one`);
    const mergedFrom = [...(target.mergedFrom ?? []), refOf(source), ...(source.mergedFrom ?? [])];
    if (mergedFrom.length > MAX_MERGED)
      throw new DeskError(
        "conflict",
        "too_many_merged",
        `A ticket can hold at most ${MAX_MERGED} merged tickets`,
      );

    const closed = { ...source, mergedInto: { ticketId: target.ticketId, number: target.number } };
    const statusChange = withStatus(closed, "closed", at);
    const sourceEntry = eventEntry(
      source.ticketId,
      actor,
      [...(statusChange ? [statusChange] : []), { field: "mergedInto", to: `#${target.number}` }],
      now,
      `Merged into ticket #${target.number}`,
      said("merged_into", { number: target.number }),
    );

    // Who of the source may go on writing here, and who is copied (core/ticket/merge-people.ts).
    const people = mergePeople(source, target);
    const cc = people.cc;
    const ccBefore = target.cc ?? [];
    const targetEntries = [
      eventEntry(
        target.ticketId,
        actor,
        [
          { field: "mergedFrom", to: `#${source.number}` },
          ...(cc.length !== ccBefore.length
            ? [{ field: "cc", from: ccBefore.join(", "), to: cc.join(", ") }]
            : []),
          ...(people.added.length ? [{ field: "mergedSenders", to: people.added.join(", ") }] : []),
        ],
        now,
        `Merged from ticket #${source.number} (${source.subject})`,
        said("merged_from", { number: source.number, subject: source.subject }),
      ),
    ];
    if (!people.sameRequester)
      targetEntries.push(
        eventEntry(
          target.ticketId,
          actor,
          [],
          now,
          `Ticket #${source.number} is from ${source.requesterEmail}, not ${target.requesterEmail}: they are not copied on this ticket and do not see it; their mail lands here for agents only.`,
          said("merged_other_requester", {
            number: source.number,
            sender: source.requesterEmail,
            to: target.requesterEmail,
          }),
        ),
      );
    if (people.notCopied.length)
      targetEntries.push(
        eventEntry(
          target.ticketId,
          actor,
          [],
          now,
          `Not copied (a ticket copies at most ${MAX_TICKET_CC} addresses): ${people.notCopied.join(", ")}. Their mail still lands here.`,
          said("merged_not_copied", { limit: MAX_TICKET_CC, addresses: people.notCopied }),
        ),
      );
    const event: DeskEvent = {
      type: "ticket.merged",
      id: newId(now),
      occurredAt: at,
      ticketId: source.ticketId,
      intoTicketId: target.ticketId,
    };
    return [
      { after: touched(closed, source, at), entries: [sourceEntry], events: [event] },
      {
        after: touched(
          {
            ...target,
            mergedFrom,
            cc: cc.length ? cc : undefined,
            mergedSenders: people.senders.length ? people.senders : undefined,
          },
          target,
          at,
        ),
        entries: targetEntries,
        events: [],
      },
    ];
  });
  return { source: source!, target: target! };
}
