import { DeskError, notFound, someCause } from "../error.ts";
import { outboxRecord, publishStored } from "../events/publish.ts";
import type { DeskEvent } from "../events/schema.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { newId } from "../ids.ts";
import { factsOf } from "../report/facts.ts";
import { withSla } from "../sla/clock.ts";
import { slaContext } from "../sla/policy.ts";
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { moveAgentLoads, type Reservation, releaseAgent, reserveAgent } from "./agent-load.ts";
import { markDeskChanged } from "./changes.ts";
import { countChanges } from "./counts.ts";
import { markLoadCheck } from "./load-check.ts";

export type IdempotencyRecord = {
  scope: string;
  idemKey: string;
  fingerprint: string;
  ticketId: string;
  number: number;
  createdAt: string;
  expiresAt?: number;
};

export type MessageRefRecord = {
  messageId: string;
  direction: "in" | "out";
  outcome: "filed" | "quarantined" | "ignored" | "unfiled";
  ticketId?: string;
  entryId?: string;
  rawKey?: string;
  reason?: string;
  fingerprint?: string;
  incomplete?: boolean;
  completedBy?: string;
  createdAt: string;
};

/** Thrown when the message this change files was already filed (a redelivery or a second copy). */
export class DuplicateMessageError extends Error {
  override name = "DuplicateMessageError";
}

export interface TicketChange {
  /** The ticket as read, or null when creating it. */
  before: TicketItem | null;
  after: TicketItem;
  entries: EntryItem[];
  events: DeskEvent[];
  idempotency?: IdempotencyRecord;
  /** The inbound message this change files: created only if no change filed it before. */
  messageRef?: MessageRefRecord;
  /** Fields recorded on existing entries of the ticket in the same transaction (a held mail accepted or split). */
  entryUpdates?: { entryId: string; held: NonNullable<EntryItem["held"]> }[];
  /** Triage's assignment: counted only if the agent's open count is still the one it chose them on. */
  assignment?: Reservation;
  /** A delivery block the change lifts: deleted only if it still is the one read (`gone` is thrown otherwise). */
  liftedBlock?: { email: string; reason: "bounce" | "complaint"; since: string; gone: () => Error };
}

export { AssignmentConflictError } from "./agent-load.ts";

const OPEN = new Set(["new", "open", "pending", "on_hold"]);
const holder = (ticket: TicketItem | null) =>
  ticket?.assigneeId && OPEN.has(ticket.status) ? ticket.assigneeId : null;

/** How a change moves agents' open-ticket counts: -1 for the one who stops holding it, +1 for the new holder. */
export function loadChanges(
  before: TicketItem | null,
  after: TicketItem,
): { agentId: string; delta: number }[] {
  const [from, to] = [holder(before), holder(after)];
  if (from === to) return [];
  return [...(from ? [{ agentId: from, delta: -1 }] : []), ...(to ? [{ agentId: to, delta: 1 }] : [])];
}

export const staleVersion = () =>
  new DeskError(
    "precondition_failed",
    "stale_version",
    "The ticket changed since you loaded it; reload it and apply your change again",
  );

/** Thrown when DynamoDB cancelled the transaction because another one held the same items: safe to run again. */
export class TransactionConflictError extends Error {
  override name = "TransactionConflictError";
}

/** Thrown when a concurrent submission with the same idempotency key won the race. */
export class IdempotencyRaceError extends Error {
  override name = "IdempotencyRaceError";
}

/**
 * Stores a ticket change atomically, with its SLA fields brought up to date: the ticket (conditioned on the version read, or on not existing), its new
 * timeline entries, the outbox items of its events (the queue counts it moves ride on them), an idempotency record, the inbound
 * message it files. The open-work counters of the agents who stop or start holding it move beside the transaction
 * (core/ticket/agent-load.ts): triage's reservation before it, the others once it succeeded. Events are published
 * only after the write succeeded; if publishing fails, the outbox keeps them for the sweep.
 */
export async function commitTicketChange(change: TicketChange): Promise<TicketItem> {
  const { before, entries, idempotency, messageRef, assignment } = change;
  // Deadlines, pauses and the next check follow every change (core/sla/clock.ts).
  const ctx = await slaContext();
  // A held message an agent accepts counts as the customer's from then on (the customer is now waiting).
  const accepted = (change.entryUpdates ?? [])
    .filter((update) => update.held.acceptedAt)
    .map(({ entryId }) => ({ entryId, kind: "customer_message" }) as EntryItem);
  const after = withSla(
    before,
    change.after,
    [...entries, ...accepted],
    ctx,
    new Date(change.after.updatedAt),
  );
  // What the change means for the reports travels in one event of the same transaction.
  const facts = factsOf(before, after, ctx, entries);
  // The queue counters it moves travel in the same event, counted by the Reports worker (core/report/stats.ts):
  // a change writes 0–8 fewer items (2 units each in a transaction); the counts follow within a delivery.
  const counts = countChanges(before, after);
  const events: DeskEvent[] =
    facts.length || counts.length
      ? [
          ...change.events,
          {
            type: "ticket.facts",
            id: newId(new Date(after.updatedAt)),
            occurredAt: after.updatedAt,
            ticketId: after.ticketId,
            facts,
            ...(counts.length ? { counts } : {}),
          },
        ]
      : change.events;
  const loads = loadChanges(before, after);
  // Triage's choice of agent is checked (and their place taken) before the ticket is stored.
  const reserved =
    assignment && loads.some((l) => l.agentId === assignment.agentId && l.delta > 0) ? assignment : undefined;
  if (reserved) await reserveAgent(reserved);
  // A new ticket gets its number item; one stored before those items, with this write (core/ticket/number.ts).
  const numbering = !before?.numbered;
  if (numbering) after.numbered = true;
  let result: Awaited<ReturnType<typeof writeTransaction>>;
  try {
    result = await writeTransaction(before, after, change, events, numbering);
  } catch (error) {
    // Given back only when DynamoDB surely refused the write; an error without an answer (a timeout, a lost
    // connection) may hide a committed ticket, whose holder keeps the place: the sweep checks the count instead.
    if (reserved) {
      if (surelyRefused(error)) await releaseAgent(reserved.agentId);
      else await markLoadCheck(reserved.agentId);
    }
    throw error;
  }
  if (result.canceled) {
    if (reserved) await releaseAgent(reserved.agentId);
    const [ticketResult] = result.data;
    // The number item, when written, comes last (a put: it never fails a condition).
    const tail = result.data.length - (numbering ? 1 : 0);
    const last = result.data.at(tail - 1);
    if (messageRef && last?.code === "ConditionalCheckFailed") throw new DuplicateMessageError();
    const idempotencyResult = idempotency ? result.data.at(tail - (messageRef ? 2 : 1)) : undefined;
    if (idempotencyResult?.code === "ConditionalCheckFailed") throw new IdempotencyRaceError();
    const updateResults = result.data.slice(
      1 + entries.length,
      1 + entries.length + (change.entryUpdates?.length ?? 0),
    );
    if (updateResults.some((r) => r.code === "ConditionalCheckFailed"))
      throw new DeskError(
        "conflict",
        "already_decided",
        "This message was already accepted or split by someone else",
      );
    // The lifted block, listed right after the entry updates: one that changed since it was read stays.
    const blockResult = change.liftedBlock
      ? result.data[1 + entries.length + updateResults.length]
      : undefined;
    if (blockResult?.code === "ConditionalCheckFailed") throw change.liftedBlock!.gone();
    if (ticketResult?.code === "ConditionalCheckFailed") throw staleVersion();
    if (result.data.some((r) => r.code === "TransactionConflict")) throw new TransactionConflictError();
    throw new Error(`Ticket transaction canceled: ${JSON.stringify(result.data.map((r) => r.code))}`);
  }
  // Open queues poll the desk's change marker and reload their list when it moved (core/ticket/changes.ts):
  // moved alongside publishing, so the write waits for neither one after the other.
  await Promise.all([
    publishStored(events),
    markDeskChanged(),
    moveAgentLoads(loads.filter((l) => !(reserved && l.agentId === reserved.agentId && l.delta > 0))),
  ]);
  return after;
}

/** Errors by which DynamoDB refused a transaction outright: nothing of it was written. */
const REFUSED = /TransactionCanceled|ConditionalCheckFailed|ValidationException/;

/** Whether an error (or one it wraps: ElectroDB keeps the SDK's as `cause`) says the transaction was refused. */
export const surelyRefused = (error: unknown): boolean =>
  someCause(error, ({ name, code }) => REFUSED.test(String(name)) || REFUSED.test(String(code)));

/** The ticket's transaction: the ticket, its entries and entry updates, a lifted block, outbox item, idempotency record, message reference, number item. */
function writeTransaction(
  before: TicketItem | null,
  after: TicketItem,
  change: TicketChange,
  events: DeskEvent[],
  numbering: boolean,
) {
  const { entries, idempotency, messageRef, liftedBlock: block } = change;
  return store()
    .transaction.write(
      ({ ticket, entry, outbox, idempotency: idem, messageRef: ref, ticketNumber, suppression }) => [
        before
          ? ticket
              .put(after)
              .where(({ version }, { eq }) => eq(version, before.version))
              .commit()
          : ticket.create(after).commit(),
        ...entries.map((item) => entry.create(item).commit()),
        ...(change.entryUpdates ?? []).map(({ entryId, held }) =>
          entry
            .patch({ ticketId: after.ticketId, entryId })
            .set({ held })
            // Held mail is accepted or split once: two agents deciding at the same moment cannot both win.
            .where(
              ({ held: was }, { notExists }) =>
                `${notExists(was.acceptedAt)} AND ${notExists(was.splitTicketId)}`,
            )
            .commit(),
        ),
        ...(block
          ? [
              suppression
                .delete({ email: block.email.toLowerCase() })
                .where(
                  ({ email, reason, createdAt }, { exists, eq }) =>
                    `${exists(email)} AND ${eq(reason, block.reason)} AND ${eq(createdAt, block.since)}`,
                )
                .commit(),
            ]
          : []),
        // One outbox item for all the change's events (published together, deleted at once).
        ...(events.length ? [outbox.create(outboxRecord(events)).commit()] : []),
        ...(idempotency ? [idem.create(idempotency).commit()] : []),
        ...(messageRef ? [ref.create(messageRef).commit()] : []),
        ...(numbering ? [ticketNumber.put({ number: after.number, ticketId: after.ticketId }).commit()] : []),
      ],
    )
    .go();
}

/** The ticket item alone, read strongly consistent (one GetItem). */
export async function loadTicketItem(ticketId: string): Promise<TicketItem> {
  const { data } = await store().entities.ticket.get({ ticketId }).go({ consistent: true });
  if (!data) throw notFound("Ticket");
  return data;
}

/** How many times a change is tried against a ticket others are changing at the same moment. */
export const MAX_CHANGE_ATTEMPTS = 15;
const BACKOFF_BASE_MS = 20;
const BACKOFF_CAP_MS = 1000;

/**
 * The wait before attempt `attempt + 1`: exponential with full jitter, so writers that lost the same race spread
 * out instead of colliding again in lockstep. Bounded: all waits together stay under ~10 s.
 */
export const backoffMs = (attempt: number, random = Math.random) =>
  Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));

/**
 * Reads the ticket, applies `decide`, and commits. With an expected version (If-Match), a mismatch is refused
 * (412); without one, a concurrent change is retried on fresh data (bounded, with jittered backoff), so appends
 * (replies, notes, customer messages) are not lost to a race — 20 agents replying at once all land.
 */
export async function changeTicket(
  ticketId: string,
  expectedVersion: ExpectedVersion,
  decide: (before: TicketItem) => Omit<TicketChange, "before"> | null,
  /**
   * The ticket as the caller just read it (mail threading does): the first attempt starts from it instead of a
   * second GetItem. Safe however old it is: the write is conditioned on its version, and a stale one is retried
   * from a fresh read like any race.
   */
  readAs?: TicketItem,
): Promise<TicketItem> {
  // (a DuplicateMessageError is final: the message is already on the ticket)
  for (let attempt = 1; ; attempt++) {
    const before = attempt === 1 && readAs?.ticketId === ticketId ? readAs : await loadTicketItem(ticketId);
    if (!versionMatches(expectedVersion, before.version)) throw staleVersion();
    const change = decide(before);
    if (!change) return before;
    try {
      return await commitTicketChange({ before, ...change });
    } catch (error) {
      const stale = error instanceof DeskError && error.code === "stale_version";
      // A transaction conflict says nothing about the version: reread (If-Match is checked again above).
      const retry = (stale && expectedVersion === undefined) || error instanceof TransactionConflictError;
      if (!retry) throw error;
      if (attempt >= MAX_CHANGE_ATTEMPTS) {
        throw stale
          ? error
          : new DeskError("conflict", "ticket_busy", "The ticket is being changed by others; try again");
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}
