import { issuePortalToken, portalLinksValidFrom } from "../auth/portal-token.ts";
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
 * Who is looking, by how they opened the ticket: a link mailed to the requester (`link`) or a portal sign-in by
 * magic link (`sign-in`) proves they read the requester's mail; the web form's key (`form-key`) does not: anyone
 * who typed the address holds it. Anyone may file the form in someone else's name, so that key shows only the
 * form's own message, what was written with a form key, and the status: the desk's answers, mail from the
 * address and what the address's owner writes on the page go to, or come from, the owner (the agent takes the
 * requester for them, and may answer what only they should read). Nor is it led on to the ticket a merged one
 * continues as: "the same requester" is only an address.
 */
export interface CustomerAccess {
  via: NonNullable<EntryItem["via"]>;
  /**
   * When the caller's link was issued (ms; none for a portal sign-in). The ticket a merged one continues as is
   * opened as of then: links to it revoked since (it leaked) are not handed out again through the old ticket.
   */
  issuedAt?: number;
}

/** Whether the caller proved they read the requester's mail (see `CustomerAccess`). */
export const readsRequestersMail = (access: CustomerAccess) => access.via !== "form-key";

/**
 * The ticket a merged one continues as, with a link to it, for this caller: a verified one, whose link to the
 * old ticket was issued before the new ticket's links were revoked, if they were. Null otherwise. The new link is
 * issued now, for a whole lifetime (not when the caller's link was: it would expire with it).
 */
async function openContinuation(ticket: TicketItem, access: CustomerAccess, now: Date) {
  const target = readsRequestersMail(access) ? await continuationOf(ticket) : null;
  if (!target) return null;
  const validFrom = await portalLinksValidFrom(target.ticketId);
  if (validFrom !== undefined && access.issuedAt !== undefined && access.issuedAt < validFrom) return null;
  // Never before the cut-off (a revocation sets it a millisecond ahead): the new link must survive it.
  const token = issuePortalToken(target.ticketId, new Date(Math.max(now.getTime(), validFrom ?? 0)));
  return { target, token };
}

/**
 * What the web form's key shows of a ticket: the ticket's first message (the form it filed, written with the
 * ticket, at the same instant) and what was written on the page with a form key; nothing the address's owner
 * wrote there by a mailed link or signed in, nor anything by mail.
 */
export const shownToFormKey = (
  entry: Pick<EntryItem, "authorType" | "kind" | "channel" | "via" | "createdAt">,
  ticket: Pick<TicketItem, "createdAt">,
) =>
  entry.authorType === "customer" &&
  entry.kind === "customer_message" &&
  (entry.via === "form-key" || (entry.channel === "web" && entry.createdAt === ticket.createdAt));

/**
 * The customer's view of a ticket, with where a merged one continues (`continuesAs`, with a link token for it:
 * the same requester may open it) and whether it was merged at all (`merged`: it then says so instead of
 * "closed", and how to reach us).
 */
export async function customerView(ticketId: string, access: CustomerAccess, now = new Date()) {
  const verified = readsRequestersMail(access);
  const view = await viewTicketAsCustomer(ticketId, verified ? undefined : shownToFormKey);
  const ticket = await loadTicketItem(ticketId);
  const next = await openContinuation(ticket, access, now);
  return {
    ...view,
    /** The desk's answers are not shown with this key: they are in the requester's mail (with a full link). */
    answersByMail: !verified,
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
  access: CustomerAccess,
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
