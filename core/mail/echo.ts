import type { EntryItem, TicketItem } from "../store/index.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";

/**
 * Whether automatic mail may repeat what the requester wrote (their name, their subject). Only when the
 * address is known to be theirs: an agent logged the ticket, or it came by mail that the receiving server did
 * not mark as possibly forged (DMARC pass, or no authentication results at all: local SMTP and the secret-guarded
 * HTTP intake). The web form takes any address, so echoing there would relay a stranger's words to whomever
 * they name. `first` is the message that opened the ticket. A requester who proved the address later (a vouched
 * reply, a portal message through a mailed link: ticket `requesterProven`) is as good as one who opened it so.
 */
export function mayEcho(
  ticket: Pick<TicketItem, "channel" | "createdBy" | "requesterProven">,
  first?: Pick<EntryItem, "mail">,
): boolean {
  if (ticket.requesterProven) return true;
  const mail = first?.mail;
  // A ticket split from held mail has an agent as its creator but a stranger's words: the mail rule decides.
  if (ticket.createdBy && !mail) return true;
  if (ticket.channel !== "email" || !mail) return false;
  // A requester named by Reply-To (or Sender) is not what DMARC vouches for: only the From address is.
  if (mail.requesterFrom && mail.requesterFrom !== "from") return false;
  const checked = mail?.spf !== undefined || mail?.dkim !== undefined || mail?.dmarc !== undefined;
  return !checked || mail?.dmarc === "pass";
}

/** The message that opened the ticket: its requester's first (not one merged in from another requester). */
export const openingMessage = (entries: EntryItem[]) =>
  entries.find((e) => e.kind === "customer_message" && !e.mergedSender);

/**
 * `mayEcho` for automatic mail sent later than the acknowledgement (survey, reminder, merge notice): the same
 * rule on the message that opened the ticket, or the requester's later proof on the ticket (`requesterProven`:
 * their DMARC-vouched reply, or a portal message through a mailed link or a sign-in). A ticket proven needs no
 * read; a web-form ticket no agent logged needs no timeline read. `entries`: the timeline, when the caller has
 * read it already.
 */
export async function mayEchoLater(
  ticket: Pick<TicketItem, "ticketId" | "channel" | "createdBy" | "requesterProven">,
  entries?: EntryItem[],
): Promise<boolean> {
  if (ticket.requesterProven) return true;
  if (ticket.createdBy || ticket.channel === "email") {
    const timeline = entries ?? (await getTicketWithTimeline(ticket.ticketId)).entries;
    return mayEcho(ticket, openingMessage(timeline));
  }
  return false;
}
