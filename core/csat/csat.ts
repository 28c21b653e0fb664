import type { Secrets } from "../auth/crypto.ts";
import { issueTicketToken, portalLinksValidFrom, verifyTicketToken } from "../auth/portal-token.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { DeskError } from "../error.ts";
import type { DeskEvent } from "../events/schema.ts";
import { newId } from "../ids.ts";
import { mayEchoLater } from "../mail/echo.ts";
import { requesterOf, sendAutoMailOnce } from "../mail/outbound.ts";
import { isSuppressed } from "../mail/suppression.ts";
import { changeTicket, loadTicketItem } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { surveyMail } from "./survey-mail.ts";

/** Survey links keep working this long. */
const CSAT_DAYS = 30;

/** A one-click survey link's key to one ticket (scope `cs1`), nothing stored. */
export const issueCsatToken = (ticketId: string, now = new Date(), secret = config().secret) =>
  issueTicketToken("cs1", ticketId, CSAT_DAYS, now, secret);

export function verifyCsatToken(token: string, now = new Date(), secrets: Secrets = config().secrets) {
  const check = verifyTicketToken("cs1", token, now, secrets);
  return check.ok ? check.ticketId : null;
}

export type CsatTokenCheck = { ok: true; ticketId: string } | { ok: false; reason: "invalid" | "revoked" };

/**
 * A survey link's ticket, or why it is refused: invalid (forged, expired), or issued before the ticket's links
 * were revoked (`revokePortalLinks`: "every earlier link", the survey's too; one GetItem). The link carries its
 * expiry in seconds, so it counts as issued at the end of that second: one issued in the same second as the
 * revocation, before it, still works.
 */
export async function checkCsatToken(token: string, now = new Date()): Promise<CsatTokenCheck> {
  const ticketId = verifyCsatToken(token, now);
  if (!ticketId) return { ok: false, reason: "invalid" };
  const issuedBy = Number(token.split(".")[2]) * 1000 - CSAT_DAYS * 86_400_000 + 999;
  const validFrom = await portalLinksValidFrom(ticketId);
  if (validFrom !== undefined && issuedBy < validFrom) return { ok: false, reason: "revoked" };
  return { ok: true, ticketId };
}

export const csatLinks = (ticketId: string, now = new Date()) => {
  const base = `${config().publicUrl}/csat/${issueCsatToken(ticketId, now)}`;
  return { good: `${base}?rating=good`, bad: `${base}?rating=bad` };
};

/** Mails "How did we do?" with one-click links, once per ticket, in the customer's language. */
export async function sendSurvey(ticketId: string, now = new Date()) {
  const ticket = await loadTicketItem(ticketId);
  if (ticket.status !== "solved" || ticket.tags.includes("spam")) return "skipped";
  // An unconfirmed address (a web-form ticket) gets neither the name, not even in To, nor the subject.
  const echo = await mayEchoLater(ticket);
  const to = requesterOf(ticket, echo);
  if (!to || (await isSuppressed(ticket.requesterEmail))) return "skipped";
  const { subject, text } = surveyMail(ticket, csatLinks(ticketId, now), await deskNames(), echo);
  return sendAutoMailOnce(
    "csat",
    ticketId,
    ticket,
    { to, subject, text },
    { body: "Asked the customer how it went.", what: said("csat_asked") },
    now,
  );
}

/**
 * Records the customer's rating (and optional comment) on the ticket and its timeline. A second click changes
 * the rating, never adds one: the ticket holds one rating, and the event says what it replaced (and carries the
 * comment, for the reports' list of comments).
 */
export async function rate(
  ticketId: string,
  input: { rating?: "good" | "bad"; comment?: string },
  now = new Date(),
) {
  const at = now.toISOString();
  return changeTicket(ticketId, undefined, (before) => {
    const rating = input.rating ?? before.csatRating;
    const comment = input.comment?.trim() || undefined;
    // A comment belongs to a rating: refused clearly rather than dropped when there is none yet.
    if (!rating && comment)
      throw new DeskError("validation", "rating_required", "Choose a rating (good or bad) with the comment");
    if (!rating) return null;
    if (rating === before.csatRating && (!comment || comment === before.csatComment)) return null;
    const firstRatedAt = before.csatFirstRatedAt ?? before.csatRatedAt ?? at;
    const events: DeskEvent[] = [
      {
        type: "ticket.rated",
        id: newId(now),
        occurredAt: at,
        ticketId,
        rating,
        // The same rating again (a comment added or changed) moves no counter.
        previous: before.csatRating ?? null,
        comment: comment ?? before.csatComment,
        firstRatedAt,
      },
    ];
    const words = rating === "good" ? "good" : "not good";
    return {
      after: {
        ...before,
        csatRating: rating,
        csatComment: comment ?? before.csatComment,
        csatRatedAt: at,
        csatFirstRatedAt: firstRatedAt,
        version: before.version + 1,
        updatedAt: at,
      },
      entries: [
        {
          ticketId,
          entryId: newId(now),
          kind: "event",
          createdAt: at,
          authorType: "customer",
          authorName: before.requesterName,
          authorEmail: before.requesterEmail,
          body: comment ? `Satisfaction: ${words} — “${comment}”` : `Satisfaction: ${words}`,
          what: said("satisfaction", { rating, comment }),
          // A comment on the same rating changes no field: "bad → bad" would only confuse the agent.
          changes:
            rating === before.csatRating
              ? undefined
              : [{ field: "csatRating", from: before.csatRating, to: rating }],
        },
      ],
      events,
    };
  });
}
