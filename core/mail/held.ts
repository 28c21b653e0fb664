import { DeskError, notFound } from "../error.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { type EntryItem, store } from "../store/index.ts";
import { changeTicket, loadTicketItem } from "../ticket/commit.ts";
import { createTicket } from "../ticket/create.ts";
import { said } from "../ticket/event-text.ts";
import { statusAfterCustomerMessage } from "../ticket/lifecycle.ts";
import type { Actor } from "../ticket/model.ts";
import { NO_SUBJECT } from "../ticket/placeholder-text.ts";
import { type Change, eventEntry, MAX_TICKET_CC, touched, withStatus } from "../ticket/write-parts.ts";
import { detectLocale } from "./automatic.ts";
import { deskAddresses } from "./desk-addresses.ts";
import { isCopyable } from "./sender.ts";

type AgentActor = Extract<Actor, { type: "agent" }>;

async function heldEntry(
  ticketId: string,
  entryId: string,
): Promise<EntryItem & { held: NonNullable<EntryItem["held"]> }> {
  const { data } = await store().entities.entry.get({ ticketId, entryId }).go({ consistent: true });
  if (!data) throw notFound("Entry");
  if (!data.held) throw new DeskError("conflict", "not_held", "This message is not waiting for a decision");
  return data as EntryItem & { held: NonNullable<EntryItem["held"]> };
}

/**
 * An agent accepts a message from someone not on the ticket: it becomes part of the conversation (the customer
 * sees it), its sender joins the CC, and it counts as a customer message (a solved ticket reopens). Idempotent.
 */
export async function acceptHeldEntry(
  ticketId: string,
  entryId: string,
  actor: AgentActor,
  now = new Date(),
) {
  const entry = await heldEntry(ticketId, entryId);
  if (entry.held.acceptedAt) return loadTicketItem(ticketId);
  if (entry.held.splitTicketId)
    throw new DeskError("conflict", "already_split", "This message was already split into its own ticket");
  const sender = entry.authorEmail ?? "";
  if (entry.mail?.automatic?.length || !isCopyable(sender, null, await deskAddresses()))
    throw new DeskError(
      "conflict",
      "sender_not_copyable",
      "This sender is automatic mail, a list or a no-reply address: it can be split, not added to the ticket",
    );
  const at = now.toISOString();
  return changeTicket(ticketId, undefined, (before) => {
    if (before.status === "closed")
      throw new DeskError("conflict", "ticket_closed", "This ticket is closed: split the message instead");
    const after = { ...before };
    const cc = before.cc ?? [];
    if (sender !== before.requesterEmail && !cc.includes(sender)) {
      if (cc.length >= MAX_TICKET_CC)
        throw new DeskError(
          "conflict",
          "cc_full",
          `This ticket already copies ${MAX_TICKET_CC} addresses: split the message instead`,
        );
      after.cc = [...cc, sender];
    }
    const changes: Change[] = [{ field: "cc", from: cc.join(", "), to: (after.cc ?? []).join(", ") }];
    const status = withStatus(after, statusAfterCustomerMessage(before.status), at);
    if (status) changes.push(status);
    const event: DeskEvent = {
      type: "ticket.customer_message",
      id: newId(now),
      occurredAt: at,
      ticketId,
      entryId,
      reopened: before.status === "solved",
    };
    return {
      after: touched(after, before, at),
      entries: [
        eventEntry(
          ticketId,
          actor,
          changes,
          now,
          `Accepted the message from ${sender}`,
          said("held_accepted", { sender }),
        ),
      ],
      entryUpdates: [{ entryId, held: { ...entry.held, acceptedAt: at, acceptedBy: actor.agentId } }],
      events: [event],
    };
  });
}

/**
 * An agent splits a message from someone not on the ticket into a new ticket of its own (requester: its sender,
 * with its text, envelope and attachments). The original ticket keeps the message, agents only, with a pointer.
 * Idempotent: a retry finds the ticket made the first time.
 */
export async function splitHeldEntry(ticketId: string, entryId: string, actor: AgentActor, now = new Date()) {
  const entry = await heldEntry(ticketId, entryId);
  if (entry.held.acceptedAt)
    throw new DeskError("conflict", "already_accepted", "This message was already accepted onto the ticket");
  if (entry.held.splitTicketId)
    return { ticketId: entry.held.splitTicketId, number: entry.held.splitTicketNumber };
  const email = entry.authorEmail ?? "";
  const name = entry.authorName ?? email;
  const { ticket: created } = await createTicket(
    {
      name,
      email,
      subject: (entry.mail?.subject || NO_SUBJECT).slice(0, 200),
      message: entry.body ?? "",
      locale: detectLocale(entry.body ?? ""),
      channel: "email",
      linkedTicketId: ticketId,
      firstEntry: {
        entryId: newId(now),
        html: entry.html,
        attachments: entry.attachments,
        mail: entry.mail && { ...entry.mail, threadedBy: "split" },
      },
    },
    actor,
    { now, idempotencyScope: "split", idempotencyKey: `${ticketId}:${entryId}` },
  );
  await changeTicket(ticketId, undefined, (before) => {
    return {
      after: { ...before, version: before.version + 1, updatedAt: now.toISOString() },
      entries: [
        eventEntry(
          ticketId,
          actor,
          [],
          now,
          `Split the message from ${email} into ticket #${created.number}`,
          said("held_split", { sender: email, number: created.number }),
        ),
      ],
      entryUpdates: [
        {
          entryId,
          held: { ...entry.held, splitTicketId: created.ticketId, splitTicketNumber: created.number },
        },
      ],
      events: [],
    };
  });
  return { ticketId: created.ticketId, number: created.number };
}
