import { DeskError } from "../error.ts";
import { changeTickets, refOf } from "./commit-many.ts";
import { said } from "./event-text.ts";
import { resolveTicketRef } from "./merge.ts";
import type { Actor } from "./model.ts";
import { eventEntry } from "./write-parts.ts";

type AgentActor = Extract<Actor, { type: "agent" }>;

/** A ticket links at most this many others (the list travels with every read of the ticket). */
export const MAX_LINKS = 50;

/**
 * Links two related tickets both ways, in one transaction: each lists the other (`related`) and each timeline
 * says so. Linking tickets already linked changes nothing. `other` is a ticket id or a number (`#1042`).
 */
export async function linkTickets(
  ticketId: string,
  other: string | number,
  actor: AgentActor,
  now = new Date(),
) {
  const named = await resolveTicketRef(other);
  if (named.ticketId === ticketId)
    throw new DeskError("validation", "link_to_self", "A ticket cannot be linked to itself");
  const at = now.toISOString();
  const [ticket] = await changeTickets([ticketId, named.ticketId], ([a, b]) => {
    if (!a || !b) return null;
    const aLinks = a.related ?? [];
    const bLinks = b.related ?? [];
    const linked =
      aLinks.some((x) => x.ticketId === b.ticketId) && bLinks.some((x) => x.ticketId === a.ticketId);
    if (linked) return null;
    if (aLinks.length >= MAX_LINKS || bLinks.length >= MAX_LINKS)
      throw new DeskError(
        "conflict",
        "too_many_links",
        `A ticket can be linked to at most ${MAX_LINKS} others`,
      );
    const add = (list: typeof aLinks, ref: (typeof aLinks)[number]) =>
      list.some((x) => x.ticketId === ref.ticketId) ? list : [...list, ref];
    return [
      {
        after: { ...a, related: add(aLinks, refOf(b)), version: a.version + 1, updatedAt: at },
        entries: [
          eventEntry(
            a.ticketId,
            actor,
            [{ field: "links", to: `#${b.number}` }],
            now,
            `Linked to ticket #${b.number}`,
            said("linked", { number: b.number }),
          ),
        ],
        events: [],
      },
      {
        after: { ...b, related: add(bLinks, refOf(a)), version: b.version + 1, updatedAt: at },
        entries: [
          eventEntry(
            b.ticketId,
            actor,
            [{ field: "links", to: `#${a.number}` }],
            now,
            `Linked to ticket #${a.number}`,
            said("linked", { number: a.number }),
          ),
        ],
        events: [],
      },
    ];
  });
  return ticket!;
}

/** Removes a link both ways (one transaction); removing a link that is not there changes nothing. */
export async function unlinkTickets(ticketId: string, otherId: string, actor: AgentActor, now = new Date()) {
  const named = await resolveTicketRef(otherId);
  const at = now.toISOString();
  const [ticket] = await changeTickets([ticketId, named.ticketId], ([a, b]) => {
    if (!a || !b || a.ticketId === b.ticketId) return null;
    const has = (list: typeof a.related, id: string) => (list ?? []).some((x) => x.ticketId === id);
    if (!has(a.related, b.ticketId) && !has(b.related, a.ticketId)) return null;
    const without = (list: typeof a.related, id: string) => (list ?? []).filter((x) => x.ticketId !== id);
    return [
      {
        after: { ...a, related: without(a.related, b.ticketId), version: a.version + 1, updatedAt: at },
        entries: [
          eventEntry(
            a.ticketId,
            actor,
            [{ field: "links", from: `#${b.number}` }],
            now,
            `Unlinked ticket #${b.number}`,
            said("unlinked", { number: b.number }),
          ),
        ],
        events: [],
      },
      {
        after: { ...b, related: without(b.related, a.ticketId), version: b.version + 1, updatedAt: at },
        entries: [
          eventEntry(
            b.ticketId,
            actor,
            [{ field: "links", from: `#${a.number}` }],
            now,
            `Unlinked ticket #${a.number}`,
            said("unlinked", { number: a.number }),
          ),
        ],
        events: [],
      },
    ];
  });
  return ticket!;
}
