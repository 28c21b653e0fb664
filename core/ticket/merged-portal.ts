import { checkPortalToken, issuePortalToken } from "../auth/portal-token.ts";
import { DeskError } from "../error.ts";
import type { EntryItem, TicketItem } from "../store/index.ts";
import { loadTicketItem } from "./commit.ts";
import { followMerges } from "./merge.ts";
import { viewTicketAsCustomer } from "./read.ts";

/**
 * Where a merged ticket continues, for its customer: only when the ticket it lives in now has the same
 * requester (someone else's ticket is not theirs to open). Null for a ticket not merged, or merged elsewhere.
 */
async function continuationOf(ticket: TicketItem): Promise<TicketItem | null> {
  if (!ticket.mergedInto) return null;
  const target = await followMerges(ticket);
  return target.ticketId !== ticket.ticketId && target.requesterEmail === ticket.requesterEmail
    ? target
    : null;
}

/**
 * Who is looking: `verified` when they proved they read the requester's mail (a mailed link, a magic-link
 * session), false for the web form's key, which anyone who typed the address holds. Anyone may file the form in
 * someone else's name, so that key shows only what was written on the web (the form, the ticket's page) and the
 * status: the desk's answers, and mail from the address, go to the address (the agent takes the requester for
 * the address's owner, and may answer what only they should read). Nor is it led on to the ticket a merged one
 * continues as: "the same requester" is only an address.
 */
export interface CustomerAccess {
  verified: boolean;
  /**
   * When the caller's link was issued (ms; none for a portal sign-in). The ticket a merged one continues as is
   * opened as of then: links to it revoked since (it leaked) are not handed out again through the old ticket.
   */
  issuedAt?: number;
}

/**
 * The ticket a merged one continues as, with a link to it, for this caller: a verified one, whose link to the
 * old ticket was issued before the new ticket's links were revoked, if they were. Null otherwise.
 */
async function openContinuation(ticket: TicketItem, access: CustomerAccess, now: Date) {
  const target = access.verified ? await continuationOf(ticket) : null;
  if (!target) return null;
  const token = issuePortalToken(
    target.ticketId,
    access.issuedAt === undefined ? now : new Date(access.issuedAt),
  );
  return (await checkPortalToken(token, now)).ok ? { target, token } : null;
}

/** What the web form's key shows of a ticket: the messages written on the web, by whoever holds that key. */
export const writtenOnTheWeb = (entry: Pick<EntryItem, "authorType" | "channel">) =>
  entry.authorType === "customer" && entry.channel === "web";

/**
 * The customer's view of a ticket, with where a merged one continues (`continuesAs`, with a link token for it:
 * the same requester may open it) and whether it was merged at all (`merged`: it then says so instead of
 * "closed", and how to reach us).
 */
export async function customerView(
  ticketId: string,
  access: CustomerAccess = { verified: true },
  now = new Date(),
) {
  const view = await viewTicketAsCustomer(ticketId, access.verified ? undefined : writtenOnTheWeb);
  const ticket = await loadTicketItem(ticketId);
  const next = await openContinuation(ticket, access, now);
  return {
    ...view,
    /** The desk's answers are not shown with this key: they are in the requester's mail (with a full link). */
    answersByMail: !access.verified,
    merged: Boolean(ticket.mergedInto),
    continuesAs: next ? { id: next.target.ticketId, number: next.target.number, token: next.token } : null,
  };
}

/**
 * The ticket a customer's portal reply goes to: the ticket itself, or, when it was merged into a ticket of the
 * same requester, that one. Merged into someone else's ticket, or asked with the web form's key: 409
 * `ticket_merged` (their mail still reaches the desk; the page cannot add to a ticket they may not see).
 */
export async function customerReplyTarget(
  ticketId: string,
  access: CustomerAccess = { verified: true },
  now = new Date(),
): Promise<string> {
  const ticket = await loadTicketItem(ticketId);
  if (!ticket.mergedInto) return ticketId;
  const next = await openContinuation(ticket, access, now);
  if (!next)
    throw new DeskError(
      "conflict",
      "ticket_merged",
      "This request was merged into another one we are handling: reply to our last email to reach us",
    );
  return next.target.ticketId;
}
