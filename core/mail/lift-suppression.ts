import { DeskError } from "../error.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { changeTicket, loadTicketItem, staleVersion } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { type AgentActor, eventEntry } from "../ticket/write-parts.ts";
import { bumpRequesterTickets, suppression } from "./suppression.ts";

const noBlock = () =>
  new DeskError("not_found", "no_block", "The desk may already mail this address: there is no block to lift");

/**
 * Lifts the delivery block on a ticket's requester (a bounce by any agent; a complaint, a spam report, by admins
 * only) and says so on the ticket's timeline, so its version moves. One transaction (core/ticket/commit.ts): the
 * ticket conditioned on the version read (with If-Match, the one the agent saw: 412 `stale_version`), the timeline
 * line, and the block's deletion conditioned on it still being the one read (reason and date), not one that came
 * since (a complaint an agent may not lift). Of two agents lifting at once, or a retry, only one writes; the other
 * gets 404 `no_block`. Nothing is ever half-written: no block gone without the line saying who lifted it.
 */
export async function liftSuppression(
  ticketId: string,
  actor: AgentActor,
  expectedVersion?: ExpectedVersion,
  now = new Date(),
) {
  const ticket = await loadTicketItem(ticketId);
  if (!versionMatches(expectedVersion, ticket.version)) throw staleVersion();
  const email = ticket.requesterEmail;
  const block = await suppression(email);
  if (!block) throw noBlock();
  if (block.reason === "complaint" && actor.role !== "admin")
    throw new DeskError(
      "forbidden",
      "complaint_admin_only",
      "This customer reported the desk's mail as spam: only an admin may mail them again",
    );
  const at = now.toISOString();
  const lifted = await changeTicket(
    ticketId,
    expectedVersion,
    (before) => ({
      after: { ...before, version: before.version + 1, updatedAt: at },
      entries: [
        eventEntry(
          ticketId,
          actor,
          [],
          now,
          `${actor.name} lifted the delivery block on ${email} (${block.reason} since ${block.since}${block.detail ? `: ${block.detail}` : ""})`,
          said("delivery_block_lifted", {
            agent: actor.agentId,
            to: email,
            block: block.reason,
            since: block.since,
            detail: block.detail ?? undefined,
          }),
        ),
      ],
      events: [],
      liftedBlock: { email, reason: block.reason, since: block.since, gone: noBlock },
    }),
    ticket,
  );
  // The requester's other tickets showed the warning too: their views move so they drop it.
  await bumpRequesterTickets(email, ticketId);
  return lifted;
}
