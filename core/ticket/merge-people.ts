import type { TicketItem } from "../store/index.ts";
import { MAX_TICKET_CC } from "./write-parts.ts";

export type MergedSender = NonNullable<TicketItem["mergedSenders"]>[number];

/** True when `address` wrote on a ticket merged into this one with another requester (see `mergedSenders`). */
export const isMergedSender = (ticket: TicketItem, address: string) =>
  Boolean(ticket.mergedSenders?.some((s) => s.email === address));

/** The merged ticket `address` came from, for the mark on their message. */
export const mergedSenderRef = (ticket: TicketItem, address: string) => {
  const sender = ticket.mergedSenders?.find((s) => s.email === address);
  return sender && { ticketId: sender.ticketId, number: sender.number };
};

/**
 * Who of a merged ticket may go on writing, on the ticket it is merged into, and how:
 * - same requester: the source's CC joins the target's CC (deduplicated, up to MAX_TICKET_CC); whoever does not
 *   fit is kept as a merged sender (their mail still lands, not held) and named in `notCopied`;
 * - another requester: nobody is copied (the target's requester's conversation is not theirs to read); the
 *   source's requester and CC become merged senders: their mail lands as a customer message agents see.
 * Merged senders of the source carry over (a chain of merges keeps everyone's mail landing).
 */
export function mergePeople(source: TicketItem, target: TicketItem) {
  const cc = [...(target.cc ?? [])];
  const senders: MergedSender[] = [...(target.mergedSenders ?? [])];
  const known = (address: string) =>
    address === target.requesterEmail || cc.includes(address) || senders.some((s) => s.email === address);
  const notCopied: string[] = [];
  const addSender = (sender: MergedSender) => {
    if (!known(sender.email)) senders.push(sender);
  };
  const fromSource = (email: string) => ({ email, ticketId: source.ticketId, number: source.number });
  const sameRequester = source.requesterEmail === target.requesterEmail;
  if (sameRequester) {
    for (const address of source.cc ?? []) {
      if (known(address)) continue;
      if (cc.length < MAX_TICKET_CC) cc.push(address);
      else {
        notCopied.push(address);
        addSender(fromSource(address));
      }
    }
  } else {
    for (const address of [source.requesterEmail, ...(source.cc ?? [])]) addSender(fromSource(address));
  }
  for (const sender of source.mergedSenders ?? []) addSender(sender);
  const added = senders.slice((target.mergedSenders ?? []).length).map((s) => s.email);
  return { sameRequester, cc, senders, notCopied, added };
}
