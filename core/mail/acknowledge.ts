import { sha256 } from "../auth/crypto.ts";
import { issuePortalToken } from "../auth/portal-token.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { sendOnce, takeoverNote } from "../claim.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { type DeskName, signature } from "../desk/signature.ts";
import { DeskError } from "../error.ts";
import { newId } from "../ids.ts";
import { searchArticles } from "../kb/search-index.ts";
import { log } from "../log.ts";
import type { TicketItem } from "../store/index.ts";
import { said, skipReason, withTakeover } from "../ticket/event-text.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { personName } from "./address.ts";
import { isNoReplyAddress } from "./automatic.ts";
import { deskAddresses, knownDeskAddresses } from "./desk-addresses.ts";
import { mayEcho } from "./echo.ts";
import { recordAutoMail, requesterOf, sendAutoMail } from "./outbound.ts";
import { DESK_SUBJECT_WORDS } from "./subject.ts";
import { isSuppressed } from "./suppression.ts";

/** The rule for what an unconfirmed address may receive lives with the other automatic mail (core/mail/echo.ts). */
export { mayEcho } from "./echo.ts";

/** At most this much automatic mail to one address, and to one address about one subject (loop guard). */
export const AUTO_MAIL_LIMIT = { max: 10, windowSeconds: 3 * 3600 };
export const AUTO_MAIL_SAME_SUBJECT_LIMIT = { max: 2, windowSeconds: 3 * 3600 };

/**
 * The acknowledgement, in the ticket's language. `echo` false gives the neutral text: only the number, the
 * desk's own words, the customer link and the desk's published articles — nothing the requester typed.
 */
export function acknowledgement(
  ticket: TicketItem,
  link: string,
  deskName: DeskName,
  articles: { title: string; url: string }[] = [],
  echo = true,
) {
  const list = articles.map((a) => `- ${a.title}: ${a.url}`).join("\n");
  if (ticket.locale === "fr") {
    const help = list
      ? `\n\nCes articles répondent peut-être déjà à votre question (si l'un d'eux la résout, vous pouvez y fermer votre demande) :\n${list}`
      : "";
    if (!echo)
      return {
        subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.acknowledgement.fr}`,
        text: `Bonjour,\n\nNous avons bien reçu une demande envoyée avec cette adresse e-mail et lui avons donné le numéro #${ticket.number}. Un membre de l'équipe vous répondra par e-mail ; vous pouvez répondre à ce message pour compléter votre demande.\n\nSuivre votre demande : ${link}${help}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message ou répondez-y pour nous le signaler.\n\n— ${signature(deskName, "fr")}`,
      };
    return {
      subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.acknowledgement.fr} : ${inLanguage(ticket.subject, "fr")}`,
      text: `Bonjour ${personName(ticket.requesterName, ticket.requesterEmail)},\n\nNous avons bien reçu votre demande et lui avons donné le numéro #${ticket.number}. Un membre de l'équipe vous répondra par e-mail ; vous pouvez répondre à ce message pour compléter votre demande.\n\nSuivre votre demande : ${link}${help}\n\n— ${signature(deskName, "fr")}`,
    };
  }
  const help = list
    ? `\n\nThese articles may already answer your question (if one solves it, you can close your request there):\n${list}`
    : "";
  if (!echo)
    return {
      subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.acknowledgement.en}`,
      text: `Hello,\n\nWe received a request sent with this email address and gave it the number #${ticket.number}. Someone from the team will answer you by email; reply to this message to add anything.\n\nFollow your request: ${link}${help}\n\nIf you did not send this request, ignore this message or reply to tell us.\n\n— ${signature(deskName, "en")}`,
    };
  return {
    subject: `[#${ticket.number}] ${DESK_SUBJECT_WORDS.acknowledgement.en}: ${ticket.subject}`,
    text: `Hello ${personName(ticket.requesterName, ticket.requesterEmail)},\n\nWe received your request and gave it the number #${ticket.number}. Someone from the team will answer you by email; reply to this message to add anything.\n\nFollow your request: ${link}${help}\n\n— ${signature(deskName, "en")}`,
  };
}

/**
 * Acknowledges a new ticket, whatever its channel, at most once, in the customer's language, unless a loop guard
 * says no: spam, automatic mail (auto-replies, bulk, bounces), no-reply or the desk's own address, an address
 * that bounced or complained, or too much automatic mail to that address lately. Whatever it decides lands on
 * the timeline.
 */
export async function acknowledgeTicket(
  ticketId: string,
  entryId: string,
  now = new Date(),
): Promise<"sent" | "skipped" | "already_acknowledged"> {
  const { ticket, entries } = await getTicketWithTimeline(ticketId);
  const first = entries.find((e) => e.entryId === entryId);
  const { publicUrl } = config();
  const to = ticket.requesterEmail;

  // Neutral acknowledgements carry no display name either: the name is as unconfirmed as the rest.
  const echo = mayEcho(ticket, first);
  const recipient = requesterOf(ticket, echo);

  let skip: string | null = null;
  if (ticket.tags.includes("spam")) skip = "spam";
  else if (!recipient) skip = "not a deliverable address";
  else if (first?.mail?.automatic?.length) skip = `automatic mail (${first.mail.automatic.join(", ")})`;
  else if (isNoReplyAddress(to, knownDeskAddresses())) skip = "no-reply address";
  // Read while the claim is written (one round trip, not three): the suppression list, and the published
  // articles that match the request (a redelivery or a skip wastes these reads; a search failure lists none).
  const suppressed = skip ? Promise.resolve(false) : isSuppressed(to);
  // Cached a minute per process (core/desk/name.ts); when it is not, read beside the others, not after them.
  // The desk's aliases are in the same item: one read for both, checked once the claim is taken.
  const names = deskNames();
  const desk = deskAddresses();
  names.catch(() => undefined); // awaited where the mail is written
  desk.catch(() => undefined);
  suppressed.catch(() => undefined); // awaited once the claim is taken
  const query = `${ticket.subject} ${(first?.body ?? "").slice(0, 300)}`;
  // Articles are a courtesy: the acknowledgement goes out without them, but a failure is logged, not hidden.
  const found = skip
    ? Promise.resolve([])
    : searchArticles(query, ticket.locale, 3).catch((error: unknown) => {
        log.warn("acknowledgement sent without article suggestions", { ticketId, error: String(error) });
        return [];
      });

  // Once per ticket: a redelivered event never sends a second acknowledgement (a failed attempt may retry).
  let outcome = "sent" as "sent" | "skipped";
  const once = await sendOnce(
    "ack",
    ticketId,
    ticket,
    async (attempt) => {
      if (!skip && isNoReplyAddress(to, await desk)) skip = "no-reply address";
      if (!skip && (await suppressed)) skip = "the address bounced or complained";
      if (!skip) skip = await loopGuard(to, ticket.subject, ticketId, now);
      const id = newId(now);
      if (skip) {
        outcome = "skipped";
        return recordAutoMail(ticketId, {
          id,
          body: `Acknowledgement not sent: ${skip}.`,
          what: said("ack_skipped", skipReason(skip)),
          mail: { to: [to] },
          delivery: { status: "skipped", error: skip, at: now.toISOString() },
        });
      }
      const token = issuePortalToken(ticketId, now);
      const link = `${publicUrl}/ticket.html?id=${ticketId}#token=${token}`;
      // Up to three published articles that match the request; each link lets the customer close it from there.
      const articles = (await found).map((a) => ({
        title: a.title,
        url: `${a.url}#ticket=${ticketId}&token=${token}`,
      }));
      const { subject, text } = acknowledgement(ticket, link, await names, articles, echo);
      return sendAutoMail(
        {
          ticket,
          kind: "ack",
          id,
          to: [recipient!],
          subject,
          text,
          inReplyTo: first?.mail?.messageId,
          references: first?.mail?.messageId ? [first.mail.messageId] : [],
          autoSubmitted: "auto-replied",
        },
        {
          body: echo
            ? `Acknowledgement sent to ${to}.${takeoverNote(attempt)}`
            : `Acknowledgement sent to ${to} (neutral text: the address is not confirmed, so nothing the requester typed is repeated).${takeoverNote(attempt)}`,
          what: withTakeover(said("ack_sent", { to, neutral: echo ? undefined : true }), attempt),
        },
      );
    },
    now,
  );
  return once === "already_sent" ? "already_acknowledged" : outcome;
}

/**
 * The loop guard: a reason not to answer automatically when this address got too much automatic mail lately.
 * Both windows are hit at once (one round trip). A ticket the per-address limit refuses is now also counted in
 * its subject's window; that window is the same as the address's (both 3 h, same start), in which every later
 * ticket to that address is refused by the address's limit anyway: no outcome changes.
 */
async function loopGuard(to: string, subject: string, ticketId: string, now: Date) {
  try {
    const hits = await Promise.allSettled([
      hitRateLimit(`automail:${to}`, AUTO_MAIL_LIMIT, now, ticketId),
      hitRateLimit(
        `automail:${to}:${sha256(subject.toLowerCase())}`,
        AUTO_MAIL_SAME_SUBJECT_LIMIT,
        now,
        ticketId,
      ),
    ]);
    for (const hit of hits) if (hit.status === "rejected") throw hit.reason;
    return null;
  } catch (error) {
    if (!(error instanceof DeskError && error.kind === "rate_limited")) throw error;
    return "too much automatic mail to this address lately (loop guard)";
  }
}
