// The pieces every ticket write is built from: who wrote, a status change, the next version, a timeline event.
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import type { EventText } from "./event-text.ts";
import type { Status } from "./lifecycle.ts";
import { type Actor, queueOf } from "./model.ts";

export type AgentActor = Extract<Actor, { type: "agent" }>;
export type Change = NonNullable<EntryItem["changes"]>[number];

export const authorOf = (actor: Actor) =>
  actor.type === "agent"
    ? {
        authorType: "agent" as const,
        authorId: actor.agentId,
        authorName: actor.name,
        authorEmail: actor.email,
      }
    : actor.type === "customer"
      ? { authorType: "customer" as const, authorName: actor.name, authorEmail: actor.email }
      : { authorType: "system" as const, authorName: actor.name ?? "Desk" };

/** Applies a status change with its timestamps; returns the change for the timeline. */
export function withStatus(ticket: TicketItem, to: Status, at: string): Change | null {
  if (ticket.status === to) return null;
  const from = ticket.status;
  ticket.status = to;
  if (to === "solved") ticket.solvedAt = at;
  if (to === "closed") {
    ticket.closedAt = at;
    ticket.nextCheckAt = "";
  }
  if (from === "solved" && to !== "closed") ticket.reopenCount += 1;
  return { field: "status", from, to };
}

/** The next version of a ticket: bumped version and activity, recomputed queue partitions. */
export function touched(after: TicketItem, before: TicketItem, at: string): TicketItem {
  return { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at, lastActivityAt: at };
}

/**
 * What an agent's change teaches triage: a new category is a correction; solving a ticket confirms the
 * category it has. Either becomes a training example (worker `Triage`).
 */
export function categorized(
  before: TicketItem,
  after: TicketItem,
  actor: AgentActor,
  now: Date,
): DeskEvent[] {
  if (!after.category) return [];
  const corrected = after.category !== before.category;
  const confirmed = after.status === "solved" && before.status !== "solved";
  if (!corrected && !confirmed) return [];
  return [
    {
      type: "ticket.categorized",
      id: newId(now),
      occurredAt: now.toISOString(),
      ticketId: after.ticketId,
      category: after.category,
      agentId: actor.agentId,
      source: corrected ? "corrected" : "confirmed",
    },
  ];
}

/** A timeline entry saying who changed what (and why, in `body`, when the desk itself did it). */
export function eventEntry(
  ticketId: string,
  actor: Actor,
  changes: Change[],
  now: Date,
  body?: string,
  what?: EventText,
): EntryItem {
  return {
    ticketId,
    entryId: newId(now),
    kind: "event",
    createdAt: now.toISOString(),
    ...authorOf(actor),
    ...(body === undefined ? {} : { body }),
    ...(what === undefined ? {} : { what }),
    changes,
  };
}

/** A ticket copies at most this many addresses. */
export const MAX_TICKET_CC = 20;
