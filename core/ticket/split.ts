import { DeskError, notFound } from "../error.ts";
import { newId } from "../ids.ts";
import { detectLocale } from "../mail/automatic.ts";
import { splitHeldEntry } from "../mail/held.ts";
import { CHANNELS } from "../store/entities/ticket.ts";
import { store } from "../store/index.ts";
import { eventEntry } from "./change.ts";
import { loadTicketItem } from "./commit.ts";
import { changeTickets, refOf } from "./commit-many.ts";
import { createTicket } from "./create.ts";
import { said } from "./event-text.ts";
import { linkTickets } from "./links.ts";
import type { Actor } from "./model.ts";

type AgentActor = Extract<Actor, { type: "agent" }>;
type Split = { ticketId: string; number: number };

/**
 * Splits a customer message into a new ticket: its author is the requester, its text, envelope and attachments
 * (the same stored files) the first message. The tickets are linked both ways and both timelines say so; the
 * message stays where it was (the audit trail), marked with the ticket it became. Held mail (from someone not
 * on the ticket) goes through the held-mail split (core/mail/held.ts), then is linked the same way.
 * Idempotent: the new ticket is created under the key (ticket, entry) shared with the held-mail split, so a
 * retry (or a second agent) finds the same ticket, and the mark is written once.
 */
export async function splitEntry(
  ticketId: string,
  entryId: string,
  actor: AgentActor,
  now = new Date(),
): Promise<Split> {
  const { data: entry } = await store().entities.entry.get({ ticketId, entryId }).go({ consistent: true });
  if (!entry) throw notFound("Entry");
  if (entry.kind !== "customer_message")
    throw new DeskError(
      "validation",
      "not_customer_message",
      "Only a customer's message can be split into a ticket",
    );
  if (entry.splitInto) return { ticketId: entry.splitInto.ticketId, number: entry.splitInto.number };
  if (entry.held && !entry.held.acceptedAt) {
    const split = await splitHeldEntry(ticketId, entryId, actor, now);
    await linkTickets(ticketId, split.ticketId, actor, now);
    const made = await loadTicketItem(split.ticketId);
    return { ticketId: made.ticketId, number: made.number };
  }
  const source = await loadTicketItem(ticketId);
  const email = entry.authorEmail ?? source.requesterEmail;
  const body = entry.body ?? "";
  const channel = (CHANNELS as readonly string[]).includes(entry.channel ?? "")
    ? (entry.channel as (typeof CHANNELS)[number])
    : source.channel;
  const { ticket: created } = await createTicket(
    {
      name: entry.authorName || email,
      email,
      subject: (entry.mail?.subject || source.subject).slice(0, 200),
      message: body || "(no text)",
      locale: body ? detectLocale(body) : source.locale,
      channel,
      linkedTicketId: ticketId,
      firstEntry: {
        entryId: newId(now),
        html: entry.html,
        attachments: entry.attachments,
        mail: entry.mail && { ...entry.mail, threadedBy: "split" },
      },
    },
    actor,
    // The held-mail split's key: one message becomes one ticket, whichever way it was split.
    { now, idempotencyScope: "split", idempotencyKey: `${ticketId}:${entryId}` },
  );
  const at = now.toISOString();
  try {
    await changeTickets([ticketId, created.ticketId], ([from, made]) => {
      if (!from || !made) return null;
      const link = (list: typeof from.related, ref: ReturnType<typeof refOf>) =>
        (list ?? []).some((x) => x.ticketId === ref.ticketId) ? (list ?? []) : [...(list ?? []), ref];
      return [
        {
          after: {
            ...from,
            related: link(from.related, refOf(made)),
            version: from.version + 1,
            updatedAt: at,
          },
          entries: [
            eventEntry(
              ticketId,
              actor,
              [{ field: "splitInto", to: `#${made.number}` }],
              now,
              `Split a message from ${email} into ticket #${made.number}`,
              said("split_into", { sender: email, number: made.number }),
            ),
          ],
          events: [],
          splits: [{ entryId, splitInto: refOf(made) }],
        },
        {
          after: {
            ...made,
            related: link(made.related, refOf(from)),
            version: made.version + 1,
            updatedAt: at,
          },
          entries: [
            eventEntry(
              made.ticketId,
              actor,
              [{ field: "splitFrom", to: `#${from.number}` }],
              now,
              `Split from a message on ticket #${from.number}`,
              said("split_from", { number: from.number }),
            ),
          ],
          events: [],
        },
      ];
    });
  } catch (error) {
    // Another request marked it first: the same ticket (same idempotency key), nothing more to write.
    if (!(error instanceof DeskError && error.code === "already_split")) throw error;
  }
  return { ticketId: created.ticketId, number: created.number };
}
