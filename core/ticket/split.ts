import { DeskError, notFound } from "../error.ts";
import { newId } from "../ids.ts";
import { detectLocale } from "../mail/automatic.ts";
import { splitHeldEntry } from "../mail/held.ts";
import { CHANNELS } from "../store/entities/ticket.ts";
import { store } from "../store/index.ts";
import { loadTicketItem } from "./commit.ts";
import { changeTickets, refOf } from "./commit-many.ts";
import { createTicket } from "./create.ts";
import { said } from "./event-text.ts";
import { MAX_LINKS } from "./links.ts";
import type { Actor } from "./model.ts";
import { eventEntry } from "./write-parts.ts";

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
  if (entry.held && !entry.held.acceptedAt) return splitHeldAndLink(ticketId, entryId, actor, now);
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
  await linkSplit(ticketId, entryId, created, email, actor, now, false);
  return { ticketId: created.ticketId, number: created.number };
}

/**
 * The held-mail split (core/mail/held.ts), then the same links and timelines as any split. Safe to retry at any
 * step: the held split finds its ticket, and the link step is written once (conditioned on the message's mark).
 */
export async function splitHeldAndLink(
  ticketId: string,
  entryId: string,
  actor: AgentActor,
  now = new Date(),
): Promise<Split> {
  const split = await splitHeldEntry(ticketId, entryId, actor, now);
  const made = await loadTicketItem(split.ticketId);
  await linkSplit(ticketId, entryId, made, made.requesterEmail, actor, now, true);
  return { ticketId: made.ticketId, number: made.number };
}

/**
 * Links a split's two tickets both ways and writes both timelines ("Split … into #N", "Split from … #M"), in one
 * transaction with the message's mark (`splitInto`, once only): a retry or a second agent writes nothing more.
 * A ticket that already links MAX_LINKS others is not linked (as linkTickets refuses), and its timeline says so:
 * the split itself stands.
 */
async function linkSplit(
  ticketId: string,
  entryId: string,
  made: { ticketId: string; number: number },
  email: string,
  actor: AgentActor,
  now: Date,
  held: boolean,
) {
  const at = now.toISOString();
  try {
    await changeTickets([ticketId, made.ticketId], ([from, made]) => {
      if (!from || !made) return null;
      const has = (list: typeof from.related, id: string) => (list ?? []).some((x) => x.ticketId === id);
      const room = (list: typeof from.related) => (list ?? []).length < MAX_LINKS;
      const linkable =
        (has(from.related, made.ticketId) || room(from.related)) &&
        (has(made.related, from.ticketId) || room(made.related));
      const link = (list: typeof from.related, ref: ReturnType<typeof refOf>) =>
        !linkable || has(list, ref.ticketId) ? list : [...(list ?? []), ref];
      const notLinked = linkable ? "" : ` Not linked: a ticket links at most ${MAX_LINKS} others.`;
      const fromBody = held
        ? `Ticket #${made.number} was split from the message from ${email}.${notLinked}`
        : `Split a message from ${email} into ticket #${made.number}${notLinked ? `.${notLinked}` : ""}`;
      const linkLimit = notLinked ? MAX_LINKS : undefined;
      const fromSaid = said(held ? "split_held" : "split_into", {
        sender: email,
        number: made.number,
        linkLimit,
      });
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
              fromBody,
              fromSaid,
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
              `Split from a message on ticket #${from.number}${notLinked ? `.${notLinked}` : ""}`,
              said("split_from", { number: from.number, linkLimit: notLinked ? MAX_LINKS : undefined }),
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
}
