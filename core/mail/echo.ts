import type { EntryItem, TicketItem } from "../store/index.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";

/**
 * Whether automatic mail may repeat what the requester wrote (their name, their subject). Only when the
 * address is known to be theirs: an agent logged the ticket, or it came by mail that the receiving server did
 * not mark as possibly forged (DMARC pass, or no authentication results at all: local SMTP and the secret-guarded
 * HTTP intake). The web form takes any address, so echoing there would relay a stranger's words to whomever
 * they name. `first` is the message that opened the ticket.
 */
export function mayEcho(
  ticket: Pick<TicketItem, "channel" | "createdBy">,
  first?: Pick<EntryItem, "mail">,
): boolean {
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
 * rule on the message that opened the ticket. A web-form ticket no agent logged is decided without a read.
 */
export async function mayEchoLater(
  ticket: Pick<TicketItem, "ticketId" | "channel" | "createdBy">,
): Promise<boolean> {
  if (!ticket.createdBy && ticket.channel !== "email") return false;
  const { entries } = await getTicketWithTimeline(ticket.ticketId);
  return mayEcho(ticket, openingMessage(entries));
}
