import { log } from "../log.ts";
import { store } from "../store/index.ts";
import { markLoadCheck } from "./load-check.ts";

/**
 * Agents' open-work counters (`LOAD#<agentId>`: open tickets held, last assignment time), which triage ranks agents
 * by (core/triage/team-agents.ts `availableAgents`). They move beside the ticket's transaction, not inside it: inside,
 * each counter is 2 write units and one more item for concurrent changes to conflict on; beside it, one UpdateItem
 * ADD (1 unit) once the ticket is stored. ADDs commute, so concurrent changes never conflict on them.
 *
 * What stays exact: triage's choice is still checked — it reserves the agent with an ADD conditioned on the count it
 * chose on, before storing the ticket, and gives the reservation back if the ticket write fails, so two tickets
 * triaged at once never both take the last place of the least loaded agent. What can drift: a process that dies
 * between the ticket write and the counter's ADD (a Lambda timeout in that instant), or a transaction whose answer
 * is lost after it committed, leaves one agent's count off by one, which only weighs on who gets the next tickets (the ticket itself is assigned and in the right queues;
 * the queue counters the agent app shows come from the change's facts event, not from here).
 */

/** Thrown when an agent's load changed since triage chose them (another ticket got there first): choose again. */
export class AssignmentConflictError extends Error {
  override name = "AssignmentConflictError";
}

/** Triage's assignment: counted only if the agent's open count is still the one it chose them on. */
export interface Reservation {
  agentId: string;
  /** The count as stored (not clamped: a count drifted below 0 must still be reservable). */
  expectedOpen: number;
  at: string;
}

/** Takes one place in the agent's open work, if their count is still `expectedOpen` (one conditioned ADD). */
export async function reserveAgent({ agentId, expectedOpen, at }: Reservation): Promise<void> {
  try {
    await store()
      .entities.agentLoad.update({ agentId })
      .add({ open: 1 })
      .set({ lastAssignedAt: at })
      .where(({ open }, { notExists, eq }) =>
        expectedOpen === 0 ? `${notExists(open)} OR ${eq(open, 0)}` : eq(open, expectedOpen),
      )
      .go();
  } catch (error) {
    if (String(error).includes("conditional request failed")) throw new AssignmentConflictError();
    throw error;
  }
}

/**
 * Moves agents' open counts by the deltas a stored change made (one ADD each; nothing for none). Never throws:
 * the change is stored, so its caller must not see it as failed; a lost ADD is logged and the agent's count is
 * marked for the sweep's check (core/ticket/load-check.ts).
 */
export async function moveAgentLoads(moves: { agentId: string; delta: number }[]): Promise<void> {
  await Promise.all(
    moves
      .filter(({ delta }) => delta !== 0)
      .map(({ agentId, delta }) =>
        store()
          .entities.agentLoad.update({ agentId })
          .add({ open: delta })
          .go()
          .catch(async (error) => {
            log.error("agent load: count not moved", { agentId, delta, error: String(error) });
            await markLoadCheck(agentId);
          }),
      ),
  );
}

/** Gives back a reservation whose ticket write was refused (best effort: a lost ADD is marked for the check). */
export async function releaseAgent(agentId: string): Promise<void> {
  await moveAgentLoads([{ agentId, delta: -1 }]);
}
