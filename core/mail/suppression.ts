import { store } from "../store/index.ts";
import { bumpViewStampOrLog } from "../ticket/view-stamp.ts";

/** Addresses that hard-bounced or complained get no automatic mail: one GetItem. */
export async function isSuppressed(email: string): Promise<boolean> {
  const { data } = await store().entities.suppression.get({ email: email.toLowerCase() }).go();
  return data !== null;
}

export async function suppression(email: string) {
  const { data } = await store().entities.suppression.get({ email: email.toLowerCase() }).go();
  return data
    ? { reason: data.reason, kind: data.kind ?? null, detail: data.detail ?? null, since: data.createdAt }
    : null;
}

/**
 * The requester's tickets an agent may have open or cached: their newest, as many as any agent goes back through.
 * Past these, an older ticket shows the mark on its next change.
 */
const TICKETS_TOLD = 100;

/**
 * Marks an address undeliverable (idempotent: the first reason is kept). The mark moves no ticket's version (an SES
 * notification names only the address), so the view stamp of each of its tickets as requester is moved: the agent's
 * poll and the browser's cached copy (ETag) then show the requester card's warning (`requesterUndeliverable`).
 */
export async function suppress(
  email: string,
  reason: "bounce" | "complaint",
  detail: string,
  now = new Date(),
  /** SES's word for it (core/mail/feedback.ts): a bounce's subtype, a complaint's feedback type. */
  kind?: string,
) {
  const requesterEmail = email.toLowerCase();
  const marked = await store()
    .entities.suppression.create({
      email: requesterEmail,
      reason,
      detail: detail.slice(0, 500),
      ...(kind ? { kind: kind.slice(0, 100) } : {}),
      createdAt: now.toISOString(),
    })
    .go()
    .then(
      () => true,
      (error: unknown) => {
        if (!String(error).includes("conditional request failed")) throw error;
        return false;
      },
    );
  if (marked) await bumpRequesterTickets(requesterEmail);
}

/** Moves the view stamp of the requester's newest tickets (but `except`, whose version moved already). */
export async function bumpRequesterTickets(email: string, except?: string) {
  const { data } = await store()
    .entities.ticket.query.byRequester({ requesterEmail: email.toLowerCase() })
    .go({ order: "desc", limit: TICKETS_TOLD });
  const told = data.filter((ticket) => ticket.ticketId !== except);
  await Promise.all(told.map((ticket) => bumpViewStampOrLog(ticket.ticketId)));
}
