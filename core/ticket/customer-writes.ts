// The customer writes on their ticket (by mail or the portal), or closes it on their own word.
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { cleanLine } from "../text.ts";
import { changeTicket, type MessageRefRecord } from "./commit.ts";
import type { Described } from "./event-text.ts";
import { assertTransition, statusAfterCustomerMessage } from "./lifecycle.ts";
import type { Actor } from "./model.ts";
import { authorOf, eventEntry, MAX_TICKET_CC, touched, withStatus } from "./write-parts.ts";
import { wroteOnTicketNotice } from "./wrote-notice.ts";

export interface CustomerMessage {
  body: string;
  channel: string;
  /** Who wrote, when not the requester (someone on CC). */
  from?: { name: string; email: string };
  /** Addresses to add to the ticket's CC (vetted by the caller: the requester put them on To/Cc). */
  addCc?: string[];
  /** Why this message is held for agents (a sender not on the ticket): visible to agents only, changes nothing. */
  held?: string;
  /** Mail fields (envelope, sanitized HTML, attachments) and a pre-chosen entry id. */
  extras?: Pick<EntryItem, "entryId" | "mail" | "html" | "attachments" | "mergedSender" | "via">;
  /** Automatic mail (an out-of-office, a bounce): kept on the timeline, changes nothing, triggers nothing. */
  automatic?: boolean;
  messageRef?: MessageRefRecord;
  /**
   * The message proves the requester reads the ticket's address (mail from it that its domain vouched for, a
   * portal message through a mailed link or a sign-in): the ticket keeps `requesterProven`, set once on this
   * write, so automatic mail may repeat its words (core/mail/echo.ts).
   */
  provesAddress?: boolean;
  /** The ticket as the caller just read it (mail threading): the write starts from it (changeTicket `readAs`). */
  readAs?: TicketItem;
}

/** The customer writes on their ticket: waiting on them ends, a solved ticket reopens. Closed refuses (409). */
export async function addCustomerMessage(
  ticketId: string,
  input: CustomerMessage,
  now = new Date(),
): Promise<{ ticket: TicketItem; entry: EntryItem }> {
  const at = now.toISOString();
  let entry: EntryItem | undefined;
  const decide = (before: TicketItem) => {
    const after = { ...before };
    const author = input.from
      ? { name: cleanLine(input.from.name).trim(), email: input.from.email }
      : { name: before.requesterName, email: before.requesterEmail };
    const customer: Actor = { type: "customer", ...author };
    entry = {
      ticketId,
      entryId: newId(now),
      kind: "customer_message",
      createdAt: at,
      ...authorOf(customer),
      channel: input.channel,
      body: input.body,
      ...input.extras,
    };
    const entries = [entry];
    const messageRef = input.messageRef && { ...input.messageRef, ticketId, entryId: entry.entryId };
    if (input.held) {
      // From someone not on the ticket: agents see it; CC, status and events wait for an agent's decision.
      // Only the assignee hears of it (a person's mail, not a daemon's), so it does not sit unseen.
      entry.held = { reason: input.held };
      const quoted = input.body.slice(0, 2000);
      const notice = input.automatic
        ? []
        : wroteOnTicketNotice(
            before,
            author,
            {
              en: {
                headline: "Mail from someone not on this ticket",
                after: ". Only agents see it; accept it onto the ticket or split it into a new one.",
              },
              fr: {
                headline: "Message d'une personne extérieure au ticket",
                after:
                  ". Seuls les agents le voient ; acceptez-le dans le ticket ou scindez-le en un nouveau ticket.",
              },
            },
            quoted,
            now,
          );
      return {
        after: { ...after, version: before.version + 1, updatedAt: at },
        entries,
        events: notice,
        messageRef,
      };
    }
    // Rides on this write (a boolean on the ticket put anyway): no request and no unit of its own.
    if (input.provesAddress && !before.requesterProven) after.requesterProven = true;
    // Only addresses the caller vetted join the CC (the requester's own To/Cc), never the author by writing.
    const joining = (input.addCc ?? []).filter((a) => a !== before.requesterEmail && !before.cc?.includes(a));
    if (joining.length) after.cc = [...(before.cc ?? []), ...joining].slice(0, MAX_TICKET_CC);
    if (input.automatic) {
      if (before.status === "closed") assertTransition("closed", "open");
      return {
        after: { ...after, version: before.version + 1, updatedAt: at },
        entries,
        events: [],
        messageRef,
      };
    }
    const reopened = before.status === "solved";
    const change = withStatus(after, statusAfterCustomerMessage(before.status), at);
    if (change) entries.push(eventEntry(ticketId, { type: "system" }, [change], now));
    const event: DeskEvent = {
      type: "ticket.customer_message",
      id: newId(now),
      occurredAt: at,
      ticketId,
      entryId: entry.entryId,
      reopened,
    };
    return { after: touched(after, before, at), entries, events: [event], messageRef };
  };
  const ticket = await changeTicket(ticketId, undefined, decide, input.readAs);
  return { ticket, entry: entry! };
}

/**
 * The customer says they no longer need help (or an article solved it): the ticket is solved on their word,
 * and the timeline says so. Writing again reopens it, as for any solved ticket. Idempotent on a solved ticket.
 */
export async function solveByCustomer(ticketId: string, because: Described | undefined, now = new Date()) {
  const at = now.toISOString();
  return changeTicket(ticketId, undefined, (before) => {
    if (before.status === "solved") return null;
    // The customer's own close sent again once the ticket was closed since (a retry after a lost answer): done.
    if (before.status === "closed" && before.solvedBy === "customer" && !before.mergedInto) return null;
    if (before.status === "closed") assertTransition("closed", "solved");
    const after = { ...before };
    const change = withStatus(after, "solved", at);
    const customer: Actor = { type: "customer", name: before.requesterName, email: before.requesterEmail };
    const entry = eventEntry(ticketId, customer, change ? [change] : [], now, because?.body, because?.what);
    return {
      after: { ...touched(after, before, at), solvedBy: "customer" as const },
      entries: [entry],
      events: [],
    };
  });
}
