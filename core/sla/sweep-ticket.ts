// The SLA sweep for one ticket: its decision written on the ticket, conditioned on its version.
import { type EntryItem, store, type TicketItem } from "../store/index.ts";
import { assignedEvent } from "../ticket/assignment.ts";
import { AssignmentConflictError, changeTicket } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { queueOf } from "../ticket/model.ts";
import { eventEntry } from "../ticket/write-parts.ts";
import { slaContext } from "./policy.ts";
import { peopleFor, safetyEntry } from "./safety-net.ts";
import { type Decision, decide } from "./sweep-decision.ts";
import type { Directory } from "./sweep-directory.ts";

/** Applies the sweep's decision for one ticket: conditioned on its version, retried on fresh data if it moved. */
export async function sweepTicket(ticketId: string, now: Date, dir: Directory): Promise<string> {
  const ctx = await slaContext(now.getTime());
  const at = now.toISOString();
  let decision: Decision | undefined;
  for (let round = 0; round < 3; round++) {
    // Who to tell and where it would go: read before the decision (it reads the fresh ticket again).
    const current = (await store().entities.ticket.get({ ticketId }).go({ consistent: true }))
      .data as TicketItem | null;
    if (!current) return "gone";
    const people = await peopleFor(current, dir);
    const preview = decide(current, ctx, now, people);
    const candidate = preview.offerTo ? await dir.offer(preview.offerTo) : undefined;
    try {
      await changeTicket(ticketId, undefined, (before) => {
        if (before.version !== current.version) throw new AssignmentConflictError(); // moved: decide again
        decision = decide(before, ctx, now, people);
        const { after, lines, parts, changes, events } = decision;
        let assignment: { agentId: string; expectedOpen: number; at: string } | undefined;
        if (decision.offerTo && candidate && !after.assigneeId) {
          after.assigneeId = candidate.agent.agentId;
          changes.push({ field: "assigneeId", to: candidate.agent.agentId });
          lines.push(`offered to ${candidate.agent.name}: least open work in ${decision.offerTo}`);
          parts.push(said("sla_offered", { agent: candidate.agent.agentId, team: decision.offerTo }));
          assignment = { agentId: candidate.agent.agentId, expectedOpen: candidate.storedOpen, at };
          events.push(assignedEvent(ticketId, candidate.agent.agentId, now));
        } else if (decision.offerTo) {
          lines.push(`nobody available in ${decision.offerTo}; waits in the team queue`);
          parts.push(said("sla_nobody_available", { team: decision.offerTo }));
        }
        const entries: EntryItem[] = lines.length
          ? [
              eventEntry(
                ticketId,
                { type: "system", name: "SLA" },
                changes,
                now,
                `SLA — ${lines.join("; ")}.`,
                { code: "sla", parts },
              ),
            ]
          : [];
        if (decision.safety.length)
          entries.push(
            safetyEntry(ticketId, now, decision.safety, lines.length ? [] : changes, decision.safetyParts),
          );
        // Nothing to do (another sweep did it, or the settings moved the deadlines): the write still moves
        // nextCheckAt on, so the ticket leaves the due index until its next check.
        return {
          after: { ...after, ...queueOf(after), version: before.version + 1, updatedAt: at },
          entries,
          events,
          assignment,
        };
      });
      return decision?.lines.length || decision?.safety.length ? "acted" : "rescheduled";
    } catch (error) {
      if (!(error instanceof AssignmentConflictError)) throw error;
    }
  }
  return "busy";
}
