import { DeskError, someCause } from "../error.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { store } from "../store/index.ts";
import { changeTicket, loadTicketItem, staleVersion } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { type AgentActor, eventEntry } from "../ticket/write-parts.ts";
import { bumpRequesterTickets, suppression } from "./suppression.ts";

const noBlock = () =>
  new DeskError("not_found", "no_block", "The desk may already mail this address: there is no block to lift");

/**
 * Lifts the delivery block on a ticket's requester (a bounce by any agent; a complaint, a spam report, by admins
 * only) and says so on the ticket's timeline, so its version moves. The block's item is deleted on condition it
 * still is the one read (reason and date), not one that came since (a complaint an agent may not lift): of two
 * agents lifting at once, or a retry, only one writes the line; the other gets 404 `no_block`.
 * The block goes before the line is written: should that write fail, mail flows again and a retry says `no_block`
 * (the safer loss is the line, not a customer blocked for ever).
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
  const removed = await store()
    .entities.suppression.delete({ email: email.toLowerCase() })
    // On the block read, not any: should it have been lifted meanwhile and a new one come (a complaint, the admins'
    // call, or a later bounce), that one stays and this lift says `no_block`.
    .where(
      (attr, op) =>
        `${op.exists(attr.email)} AND ${op.eq(attr.reason, block.reason)} AND ${op.eq(attr.createdAt, block.since)}`,
    )
    .go()
    .then(
      () => true,
      (error: unknown) => {
        if (!someCause(error, (e) => e.name === "ConditionalCheckFailedException")) throw error;
        return false;
      },
    );
  if (!removed) throw noBlock();
  const at = now.toISOString();
  const lifted = await changeTicket(ticketId, undefined, (before) => ({
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
  }));
  // The requester's other tickets showed the warning too: their views move so they drop it.
  await bumpRequesterTickets(email, ticketId);
  return lifted;
}
