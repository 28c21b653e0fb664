import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { store, type TicketItem } from "../store/index.ts";
import { type Described, said } from "./event-text.ts";
import type { Actor } from "./model.ts";

/** Agent names by id, from the directory (one Query on its small partition). */
export async function namesOfAgents(): Promise<Map<string, string>> {
  const { data } = await store().entities.agent.query.directory({}).go({ pages: "all" });
  return new Map(data.map((a) => [a.agentId, a.name]));
}

/** What the timeline says when an agent gives, moves or takes back a ticket: "Reassigned from Ann to Bob". */
export function assignmentNote(
  from: string | undefined,
  to: string | undefined,
  names: Map<string, string>,
): Described | undefined {
  if (from === to) return undefined;
  const name = (id: string) => names.get(id) ?? id;
  if (from && to)
    return {
      body: `Reassigned from ${name(from)} to ${name(to)}.`,
      what: said("reassigned", { previous: from, agent: to }),
    };
  if (from)
    return {
      body: `Unassigned: ${name(from)} no longer holds the ticket.`,
      what: said("unassigned", { previous: from }),
    };
  return { body: `Assigned to ${name(to!)}.`, what: said("assigned", { agent: to }) };
}

/**
 * The event that tells an assignee a ticket is theirs (the mail worker mails them, once per event): given by an
 * agent (`byName`), or by the desk (triage, the SLA sweep) without a name.
 */
export function assignedEvent(ticketId: string, agentId: string, now: Date, byName?: string): DeskEvent {
  return {
    type: "ticket.assigned",
    id: newId(now),
    occurredAt: now.toISOString(),
    ticketId,
    agentId,
    ...(byName !== undefined ? { byName } : {}),
  };
}

/**
 * The assignment notice a change calls for: the new assignee hears of it (mail worker, once per event), unless
 * they gave it to themselves.
 */
export function assignmentEvents(
  before: TicketItem,
  after: TicketItem,
  actor: Actor,
  now: Date,
): DeskEvent[] {
  const to = after.assigneeId;
  if (!to || to === before.assigneeId) return [];
  if (actor.type === "agent" && actor.agentId === to) return [];
  return [assignedEvent(after.ticketId, to, now, actor.type === "agent" ? actor.name : undefined)];
}
